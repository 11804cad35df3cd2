"""Hand-made units with sheets at chosen stages, for the Tình hình đánh giá tests."""
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from webapp.evaluations.rulesets import default_ruleset_row
from webapp.models import EvaluationSheet, Person, Unit, UserAccount
from webapp.periods.service import month_periods

MONTH = date(2026, 10, 1)  # due in November 2026 (no holidays): 3rd working day 04/11, 5th 06/11, 7th 10/11


@dataclass
class Staffed:
    """A unit with a head, a division manager and staff (people and accounts by name)."""

    unit: Unit
    people: dict[str, Person] = field(default_factory=dict)
    accounts: dict[str, UserAccount] = field(default_factory=dict)


def staffed(make, bloc: str = "chinhquyen", staff: int = 3, name: str | None = None) -> Staffed:
    """head, manager, staff1…staffN in the unit's one division (staff report to the manager, who reports to the
    head: the default lines)."""
    unit = make.unit(bloc, name=name)
    s = Staffed(unit)
    for key, role in [("head", "head"), ("manager", "manager")] + [(f"staff{n}", "staff") for n in range(1, staff + 1)]:
        s.people[key], s.accounts[key] = make.person(unit, role)
    return s


def sheets(session: Session, s: Staffed, states: dict[str, str], month: date = MONTH) -> dict[str, EvaluationSheet]:
    """The month's sheets of the named people at the given states (the others get none)."""
    (period,) = month_periods(session, month, [s.unit.id])
    rule_set = default_ruleset_row(session, month)
    made = {}
    for key, state in states.items():
        person = s.people[key]
        made[key] = EvaluationSheet(period_id=period.id, person_id=person.id, unit_id=s.unit.id,
                                    rule_set_id=rule_set.id, state=state, is_leader=person.is_leader)
        session.add(made[key])
    session.flush()
    return made
