"""The raw counts of the index: one GROUP BY query per figure over a month, keyed by (unit, division).

Every query groups by the unit and the person's division (None for people in no division), so a unit's counts
are the sum of its buckets. Nothing here loops over people: the working days are a small literal table joined
to the people in SQL, the diary is read as DISTINCT (person, day) pairs. Quantities are summed per K and
multiplied in Decimal (SQLite would multiply NUMERIC as floats).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, and_, case, func, literal, or_, select, union_all
from sqlmodel import Session

from ..models import Assignment, CatalogueItem, DiaryEntry, EvaluationSheet, Period, Person, WorkSummary
from ..months import month_key
from .indicators import EVALUATED

Key = tuple[int, int | None]  # (unit id, division id)
ASSIGNED_K = func.coalesce(Assignment.coefficient, CatalogueItem.coefficient, type_=CatalogueItem.coefficient.type)


@dataclass
class Bucket:
    """The raw counts of one (unit, division), filled query by query."""

    headcount: int = 0
    stages: dict = field(default_factory=dict)
    points_sum: Decimal = Decimal(0)
    bands: dict = field(default_factory=dict)
    assigned: Decimal = Decimal(0)
    completed: Decimal = Decimal(0)
    entries: int = 0
    on_time: int = 0
    overdue: int = 0
    working_days: int = 0
    diary_days: int = 0


def in_service(first: date, last: date):
    """SQL condition on Person: in service at some day of [first, last] (a person who left keeps left_on)."""
    return and_(or_(Person.active, Person.left_on.is_not(None)),
                or_(Person.started_on.is_(None), Person.started_on <= last),
                or_(Person.left_on.is_(None), Person.left_on >= first))


def _units(column, unit_ids: list[int] | None):
    """A unit filter, or none for every unit."""
    return literal(True) if unit_ids is None else column.in_(unit_ids)


def _days_table(days: list[date]):
    """The working days as a one-column table (a UNION ALL of literals: portable across databases)."""
    return union_all(*(select(literal(day, Date).label("day")) for day in days)).subquery("workday")


def bucket_counts(session: Session, first: date, last: date, days: list[date], today: date,
                  unit_ids: list[int] | None) -> dict[Key, Bucket]:
    """Every raw count of the month per (unit, division)."""
    buckets: dict[Key, Bucket] = defaultdict(Bucket)
    run = session.connection().execute
    for unit_id, division_id, n in run(_headcount(first, last, unit_ids)).all():
        buckets[unit_id, division_id].headcount = n
    for unit_id, division_id, state, n, points in run(_sheets(first, unit_ids)).all():
        bucket = buckets[unit_id, division_id]
        bucket.stages[state] = n
        if state in EVALUATED and points is not None:
            bucket.points_sum += Decimal(points)
    for unit_id, division_id, band, n in run(_bands(first, unit_ids)).all():
        buckets[unit_id, division_id].bands[band] = n
    for unit_id, division_id, k, quantity in run(_assigned(first, last, unit_ids)).all():
        buckets[unit_id, division_id].assigned += Decimal(quantity) * Decimal(k)
    for unit_id, division_id, converted, declared, entries, on_time in run(_completed(first, unit_ids)).all():
        bucket = buckets[unit_id, division_id]
        bucket.completed += Decimal(converted or 0)
        bucket.assigned += Decimal(declared or 0)  # declared work counts on both sides (evaluations.inputs)
        bucket.entries += int(entries or 0)
        bucket.on_time += int(on_time or 0)
    for unit_id, division_id, n in run(_overdue(first, last, today, unit_ids)).all():
        buckets[unit_id, division_id].overdue = n
    if days:
        for unit_id, division_id, n in run(_working_days(first, last, days, unit_ids)).all():
            buckets[unit_id, division_id].working_days = n
        for unit_id, division_id, n in run(_diary_days(first, last, days, unit_ids)).all():
            buckets[unit_id, division_id].diary_days = n
    return buckets


def _headcount(first: date, last: date, unit_ids):
    """People in service during the month per unit and division."""
    return (select(Person.unit_id, Person.division_id, func.count())
            .where(in_service(first, last), _units(Person.unit_id, unit_ids))
            .group_by(Person.unit_id, Person.division_id))


def _month_sheets(first: date, unit_ids):
    """The month's sheets joined to their person (for the division) through the month's periods."""
    return (select(EvaluationSheet.unit_id, Person.division_id).select_from(EvaluationSheet)
            .join(Period, Period.id == EvaluationSheet.period_id).join(Person, Person.id == EvaluationSheet.person_id)
            .where(Period.kind == "month", Period.key == month_key(first), _units(EvaluationSheet.unit_id, unit_ids)))


def _sheets(first: date, unit_ids):
    """Sheets per stage, with Σ total points, per unit and division."""
    query = _month_sheets(first, unit_ids)
    return (query.add_columns(EvaluationSheet.state, func.count(), func.sum(EvaluationSheet.total_points))
            .group_by(EvaluationSheet.unit_id, Person.division_id, EvaluationSheet.state))


def _bands(first: date, unit_ids):
    """Evaluated sheets per band, per unit and division."""
    query = _month_sheets(first, unit_ids).where(EvaluationSheet.state.in_(EVALUATED), EvaluationSheet.band != "")
    return (query.add_columns(EvaluationSheet.band, func.count())
            .group_by(EvaluationSheet.unit_id, Person.division_id, EvaluationSheet.band))


def _assigned(first: date, last: date, unit_ids):
    """Σ quantity assigned per unit, division and K (deadline in the month, not cancelled)."""
    return (select(Assignment.unit_id, Person.division_id, ASSIGNED_K, func.sum(Assignment.quantity))
            .join(CatalogueItem, CatalogueItem.id == Assignment.item_id).join(Person, Person.id == Assignment.person_id)
            .where(Assignment.deadline.between(first, last), Assignment.cancelled_at.is_(None),
                   _units(Assignment.unit_id, unit_ids))
            .group_by(Assignment.unit_id, Person.division_id, ASSIGNED_K))


def _completed(first: date, unit_ids):
    """From WorkSummary (kept at approval): Σ converted, Σ declared, entries and entries on time."""
    row = WorkSummary
    on_time = case((or_(row.is_late.is_(False), row.delay_exempt.is_(True)), row.entries), else_=0)
    declared = case((row.declared.is_(True), row.converted), else_=0)
    return (select(row.unit_id, Person.division_id, func.sum(row.converted), func.sum(declared),
                   func.sum(row.entries), func.sum(on_time))
            .join(Person, Person.id == row.person_id)
            .where(row.month == month_key(first), _units(row.unit_id, unit_ids))
            .group_by(row.unit_id, Person.division_id))


def _overdue(first: date, last: date, today: date, unit_ids):
    """Assignments due in the month, their deadline passed, with less approved quantity than assigned."""
    done = (select(func.coalesce(func.sum(DiaryEntry.quantity), 0))
            .where(DiaryEntry.assignment_id == Assignment.id, DiaryEntry.status == "approved")
            .correlate(Assignment).scalar_subquery())
    return (select(Assignment.unit_id, Person.division_id, func.count())
            .join(Person, Person.id == Assignment.person_id)
            .where(Assignment.deadline.between(first, min(last, today)), Assignment.deadline < today,
                   Assignment.cancelled_at.is_(None), _units(Assignment.unit_id, unit_ids), done < Assignment.quantity)
            .group_by(Assignment.unit_id, Person.division_id))


def _on_duty(day_column):
    """SQL condition: the person is in service on the day."""
    return and_(or_(Person.started_on.is_(None), Person.started_on <= day_column),
                or_(Person.left_on.is_(None), Person.left_on >= day_column))


def _working_days(first: date, last: date, days: list[date], unit_ids):
    """Σ working days in service per unit and division: the people joined to the month's working days."""
    workday = _days_table(days)
    return (select(Person.unit_id, Person.division_id, func.count())
            .select_from(Person).join(workday, _on_duty(workday.c.day))
            .where(in_service(first, last), _units(Person.unit_id, unit_ids))
            .group_by(Person.unit_id, Person.division_id))


def _diary_days(first: date, last: date, days: list[date], unit_ids):
    """Σ working days with at least one diary entry (any status) per unit and division."""
    pairs = (select(DiaryEntry.person_id, DiaryEntry.work_date).distinct()
             .join(Person, Person.id == DiaryEntry.person_id)
             .where(DiaryEntry.work_date.between(first, last), DiaryEntry.work_date.in_(days),
                    in_service(first, last), _units(Person.unit_id, unit_ids))
             .subquery("diaryday"))
    return (select(Person.unit_id, Person.division_id, func.count())
            .select_from(pairs).join(Person, Person.id == pairs.c.person_id)
            .where(_on_duty(pairs.c.work_date))
            .group_by(Person.unit_id, Person.division_id))
