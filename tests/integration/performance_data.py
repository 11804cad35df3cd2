"""A hand-made unit-month for the performance index tests: October 2026 of one test unit.

Two divisions (pt, kt); A and B in pt for the whole month, E in pt from 16/10; C in kt; D in kt left on 30/09
(not counted). October 2026 has 22 working days (16/10 onwards: 11). The expected figures are in EXPECTED.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from webapp.evaluations.rulesets import default_ruleset_row
from webapp.models import DiaryEntry, Division, EvaluationSheet, Period, Person, Unit

from .evaluation_data import approved, assign

OCTOBER = date(2026, 10, 1)
TODAY = date(2026, 11, 16)


@dataclass
class Month:
    """The unit, its two divisions and its people by letter."""

    unit: Unit
    pt: Division
    kt: Division
    people: dict


def _sheet(session, period, ruleset_id, person, state, points=None, band=""):
    """A sheet at a stage, with its total and band."""
    session.add(EvaluationSheet(period_id=period.id, person_id=person.id, unit_id=person.unit_id,
                                rule_set_id=ruleset_id, state=state, frozen_result={},
                                total_points=Decimal(points) if points else None, band=band))


def _entry(session, person, item, day, status):
    """A diary entry not approved (so not in the work summaries)."""
    session.add(DiaryEntry(person_id=person.id, unit_id=person.unit_id, work_date=day, item_id=item.id,
                           quantity=Decimal("1"), coefficient=item.coefficient, hours=Decimal("2"), status=status))


def october(session: Session, make, bloc: str = "chinhquyen") -> Month:
    """Build the month (flushed, not committed)."""
    unit = make.unit(bloc)
    pt = make.division(unit)
    kt = Division(unit_id=unit.id, code="kt", name="Phòng Kế toán")
    session.add(kt)
    session.flush()
    people = {letter: make.person(unit, division=kt if letter in "CD" else pt)[0] for letter in "ABCDE"}
    people["D"].left_on, people["D"].active = date(2026, 9, 30), False
    people["E"].started_on = date(2026, 10, 16)
    item = make.item(unit, k="1.50")
    plain = make.item(unit, k="1.00")
    a, c = people["A"], people["C"]
    for_a = assign(session, a, item, "4", date(2026, 10, 20))  # 6 converted, 2 of 4 done: overdue
    for_c = assign(session, c, plain, "2", date(2026, 10, 10))  # 2 converted, done
    assign(session, c, plain, "5", date(2026, 10, 12)).cancelled_at = TODAY  # cancelled: not counted
    assign(session, a, plain, "9", date(2026, 11, 3))  # next month's
    approved(session, a, item, "1", date(2026, 10, 1), for_a)
    approved(session, a, item, "1", date(2026, 10, 2), for_a, late=True)
    approved(session, a, plain, "1.5", date(2026, 10, 2))  # declared work, same day
    approved(session, a, plain, "1", date(2026, 10, 3))  # a Saturday: work, but no working day
    approved(session, c, plain, "2", date(2026, 10, 2), for_c, late=True, delay_exempt=True)
    _entry(session, c, plain, date(2026, 10, 1), "returned")  # still shows the diary was kept that day
    _entry(session, people["E"], plain, date(2026, 10, 15), "draft")  # before E started
    _entry(session, people["E"], plain, date(2026, 10, 16), "submitted")
    period = Period(unit_id=unit.id, key="2026-10", starts_on=OCTOBER, ends_on=date(2026, 10, 31), state="closing")
    session.add(period)
    session.flush()
    ruleset = default_ruleset_row(session, OCTOBER).id
    _sheet(session, period, ruleset, a, "approved", "92", "xuat_sac")
    _sheet(session, period, ruleset, people["B"], "published", "80", "tot")
    _sheet(session, period, ruleset, c, "reviewed", "75", "tot")
    session.flush()
    return Month(unit, pt, kt, people)


def unit_of(session: Session, code: str) -> Unit:
    """A unit by code."""
    return session.exec(select(Unit).where(Unit.code == code)).one()


def person_count(session: Session, unit: Unit) -> int:
    """How many people the unit has rows for."""
    return len(session.exec(select(Person).where(Person.unit_id == unit.id)).all())
