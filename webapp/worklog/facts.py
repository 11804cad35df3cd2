"""Everything the diary rules need to judge one entry, read in one round trip.

Adding an entry is what thousands of people do every day: the author, the item (and whether it
applies to their position), the assignment, the month's period, the holidays of the date window and
the day's other entries come back in one row of one statement, then rules.py judges them in pure
Python. (Ten separate ORM lookups made the POST five times slower; measured in bench/diary_post.py.)
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import String, and_, bindparam, case, cast, exists, func, select, true
from sqlmodel import Session

from ..models import Assignment, CatalogueItem, CatalogueItemPosition, DiaryEntry, Holiday, Period, Person
from ..periods.service import month_key
from ..workdays import holiday_lookback

EDITABLE = ("draft", "returned")
NO_ENTRY = 0  # ids start at 1: "the day's other entries" of a new entry are all of them


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """A catalogue item as the rules and the entry's row need it."""

    id: int
    unit_id: int
    code: str
    name: str
    unit_of_measure: str
    coefficient: Decimal
    active: bool
    effective_from: date
    effective_to: date | None
    applies: bool  # to every position, or linked to the author's


@dataclass(frozen=True, slots=True)
class AssignmentFacts:
    """An assignment the entry may be linked to."""

    id: int
    person_id: int
    item_id: int
    cancelled: bool
    deadline: date
    source: str


@dataclass(frozen=True, slots=True)
class Totals:
    """Hours and converted quantity of some entries, and how many wait to be submitted."""

    hours: Decimal
    converted: Decimal
    count: int
    unsent: int

    def plus(self, hours: Decimal, converted: Decimal, unsent: bool) -> "Totals":
        """These totals with one more entry."""
        return Totals(self.hours + hours, self.converted + converted, self.count + 1, self.unsent + unsent)


@dataclass(frozen=True, slots=True)
class DayTotals:
    """One day's totals without its rows (what the totals fragment shows after a change)."""

    day: date
    totals: Totals


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """The author, the item, the assignment, the period and the day around one entry."""

    person_id: int
    person_active: bool
    unit_id: int
    item: ItemFacts | None
    assignment: AssignmentFacts | None
    period_state: str | None  # None: the month's period is not opened yet
    holidays: frozenset[date]
    others: Totals  # the author's other entries of the day


def _statement():
    """The one SELECT behind EntryFacts (built once; SQLAlchemy caches its compiled form)."""
    item, assignment, period, entry = CatalogueItem, Assignment, Period, DiaryEntry
    linked = exists().where(CatalogueItemPosition.item_id == item.id,
                            CatalogueItemPosition.position_id == Person.position_id)
    day = (select(func.coalesce(func.sum(entry.hours), 0).label("hours"),
                  func.coalesce(func.sum(entry.quantity * entry.coefficient), 0).label("converted"),
                  func.count(entry.id).label("count"),
                  func.coalesce(func.sum(case((entry.status.in_(EDITABLE), 1), else_=0)), 0).label("unsent"))
           .where(entry.person_id == bindparam("person_id"), entry.work_date == bindparam("day"),
                  entry.id != bindparam("entry_id"))
           .subquery("day_entries"))
    holidays = (select(func.aggregate_strings(cast(Holiday.day, String), ","))
                .where(Holiday.day >= bindparam("holidays_from"), Holiday.day <= bindparam("holidays_to"))
                .scalar_subquery())
    return (
        select(Person.id, Person.active, Person.unit_id,
               item.id, item.unit_id, item.code, item.name, item.unit_of_measure, item.coefficient, item.active,
               item.effective_from, item.effective_to, item.applies_to_all | linked,
               assignment.id, assignment.person_id, assignment.item_id, assignment.cancelled_at.is_not(None),
               assignment.deadline, assignment.source,
               period.state, holidays, day.c.hours, day.c.converted, day.c.count, day.c.unsent)
        .select_from(Person)
        .outerjoin(item, item.id == bindparam("item_id"))
        .outerjoin(assignment, assignment.id == bindparam("assignment_id"))
        .outerjoin(period, and_(period.unit_id == Person.unit_id, period.key == bindparam("period_key")))
        .join(day, true())
        .where(Person.id == bindparam("person_id"))
    )


_STATEMENT = _statement()


def load(session: Session, person_id: int, day: date, item_id: int | None, assignment_id: int | None,
         today: date, window: int, entry_id: int | None = None) -> EntryFacts | None:
    """The facts around an entry of the person's diary dated `day`; None when the person is unknown."""
    row = session.connection().execute(_STATEMENT, {
        "person_id": person_id, "day": day, "entry_id": entry_id or NO_ENTRY, "item_id": item_id or 0,
        "assignment_id": assignment_id or 0, "period_key": month_key(day),
        "holidays_from": today - timedelta(days=holiday_lookback(window)), "holidays_to": today,
    }).first()
    if row is None:
        return None
    return EntryFacts(
        person_id=row[0], person_active=row[1], unit_id=row[2],
        item=ItemFacts(*row[3:12], applies=bool(row[12])) if row[3] is not None else None,
        assignment=AssignmentFacts(*row[13:16], bool(row[16]), *row[17:19]) if row[13] is not None else None,
        period_state=row[19], holidays=_dates(row[20]),
        others=Totals(Decimal(row[21]), Decimal(row[22]), row[23], int(row[24])),
    )


def _dates(joined: str | None) -> frozenset[date]:
    """"2026-01-01,2026-02-16" → the dates."""
    return frozenset(date.fromisoformat(text[:10]) for text in joined.split(",")) if joined else frozenset()
