"""Everything the diary rules need to judge one entry, read in one round trip.

Adding an entry is what thousands of people do every day: the author, the item (and whether it
applies to their position), the assignment, the month's period, the holidays of the date window and
the day's other entries come back in one row of one statement, then rules.py judges them in pure
Python. (Before, ten statements through the ORM took most of the POST's time; bench/diary_post.py.)
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import String, and_, bindparam, case, cast, exists, func, or_, select, true
from sqlmodel import Session

from ..models import (
    Assignment,
    CatalogueItem,
    CatalogueItemPosition,
    CatalogueItemVersion,
    DiaryEntry,
    Holiday,
    Period,
    Person,
)
from ..months import month_key
from ..workdays import holiday_lookback

EDITABLE = ("draft", "returned")
NO_ENTRY = 0  # ids start at 1: "the day's other entries" of a new entry are all of them


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """A catalogue item as the rules and the entry's row need it; K is the version's in force on the entry's date.

    The entry copies that K when written and keeps it: a later approved change (even one effective from a date
    before the entry's) never rewrites it, and an entry written after a change for a day before it takes the
    K that was in force on its day, so the same day's work is converted the same way.
    """

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


def _column_groups() -> tuple[tuple, ...]:
    """The SELECT's columns in groups: the author, the item, the assignment, the month and the day."""
    item, assignment, entry = CatalogueItem, Assignment, DiaryEntry
    linked = exists().where(CatalogueItemPosition.item_id == item.id,
                            CatalogueItemPosition.position_id == Person.position_id)
    holidays = (select(func.aggregate_strings(cast(Holiday.day, String), ","))
                .where(Holiday.day >= bindparam("holidays_from"), Holiday.day <= bindparam("holidays_to"))
                .scalar_subquery())
    return (
        (Person.id, Person.active, Person.unit_id),
        (item.id, item.unit_id, item.code, item.name, item.unit_of_measure,
         func.coalesce(CatalogueItemVersion.coefficient, item.coefficient, type_=item.coefficient.type), item.active,
         item.effective_from, item.effective_to, item.applies_to_all | linked),
        (assignment.id, assignment.person_id, assignment.item_id, assignment.cancelled_at.is_not(None),
         assignment.deadline, assignment.source),
        (Period.state, holidays),
        (func.coalesce(func.sum(entry.hours), 0), func.coalesce(func.sum(entry.quantity * entry.coefficient), 0),
         func.count(entry.id), func.coalesce(func.sum(case((entry.status.in_(EDITABLE), 1), else_=0)), 0)),
    )


def _statement(groups: tuple[tuple, ...]):
    """The one SELECT behind EntryFacts (built once; SQLAlchemy caches its compiled form)."""
    *joined, day_columns = groups
    entry = DiaryEntry
    day = (select(*(column.label(f"day_{n}") for n, column in enumerate(day_columns)))
           .where(entry.person_id == bindparam("person_id"), entry.work_date == bindparam("day"),
                  entry.id != bindparam("entry_id"))
           .subquery("day_entries"))
    return (
        select(*(column for group in joined for column in group), *day.c)
        .select_from(Person)
        .outerjoin(CatalogueItem, CatalogueItem.id == bindparam("item_id"))
        # Versions never overlap: at most one is in force on the day (none for items older than the history).
        # An open-ended version older than the item's row is a change written outside the drafts (the Excel
        # import applies directly for now): the row's K is then the one in force.
        .outerjoin(CatalogueItemVersion, and_(
            CatalogueItemVersion.item_id == CatalogueItem.id, CatalogueItemVersion.effective_from <= bindparam("day"),
            or_(CatalogueItemVersion.version == CatalogueItem.version, CatalogueItemVersion.effective_to.is_not(None)),
            or_(CatalogueItemVersion.effective_to.is_(None), CatalogueItemVersion.effective_to >= bindparam("day"))))
        .outerjoin(Assignment, Assignment.id == bindparam("assignment_id"))
        .outerjoin(Period, and_(Period.unit_id == Person.unit_id, Period.key == bindparam("period_key")))
        .join(day, true())  # an aggregate without GROUP BY: always one row
        .where(Person.id == bindparam("person_id"))
    )


_GROUPS = _column_groups()
_SIZES = tuple(len(group) for group in _GROUPS)
_STATEMENT = _statement(_GROUPS)


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
    person, item, assignment, (state, holidays), (hours, converted, count, unsent) = _split(tuple(row))
    return EntryFacts(
        person_id=person[0], person_active=person[1], unit_id=person[2],
        item=ItemFacts(*item[:-1], applies=bool(item[-1])) if item[0] is not None else None,
        assignment=AssignmentFacts(*assignment[:3], bool(assignment[3]), *assignment[4:])
        if assignment[0] is not None else None,
        period_state=state, holidays=_dates(holidays),
        others=Totals(Decimal(hours), Decimal(converted), count, int(unsent)),
    )


def _split(row: tuple) -> list[tuple]:
    """One result row cut back into its column groups."""
    groups, start = [], 0
    for size in _SIZES:
        groups.append(row[start:start + size])
        start += size
    return groups


def _dates(joined: str | None) -> frozenset[date]:
    """"2026-01-01,2026-02-16" → the dates."""
    return frozenset(date.fromisoformat(text[:10]) for text in joined.split(",")) if joined else frozenset()
