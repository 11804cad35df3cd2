"""The pilot review's figures in a few set-based queries, each grouped by unit and bounded by the units (indexed
foreign keys) and the span's dates; none runs per person or per sheet."""
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import DateTime, and_, case, distinct, exists, func, literal, literal_column, or_, select
from sqlmodel import Session

from ..clock import LOCAL_TZ, as_utc
from ..models import (
    Appeal,
    AuditLog,
    CatalogueItem,
    DiaryEntry,
    EvaluationSheet,
    ItemWorkSummary,
    Period,
    Person,
    UserAccount,
)
from .figures import PERCENTILES, days_in_post, percentile_of_ranks
from .span import MonthSpan

APPROVED_SHEETS = ("approved", "published", "locked")  # the head approved: "evaluated"
# Literal, not bound: the partial index ix_audit_log_unit_action_time covers only these actions, and a
# prepared statement's generic plan could not prove a bound parameter is one of them.
LOGIN = literal_column("'login'")
RETURNED = literal_column("'diary_entry_returned'")


def local_bounds(span: MonthSpan) -> tuple[datetime, datetime]:
    """The span as UTC instants [start, end): local midnight of its first day to local midnight after its end."""
    start = datetime.combine(span.first, time(), LOCAL_TZ)
    end = datetime.combine(span.end + timedelta(days=1), time(), LOCAL_TZ)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def _keepers(unit_ids: list[int]):
    """SQL condition on Person: who keeps a diary in the units today (active, with an active account), as the
    reminder job counts them."""
    account = exists().where(UserAccount.person_id == Person.id, UserAccount.active)
    return and_(Person.unit_id.in_(unit_ids), Person.active, account)


def _in_post(day):
    """SQL condition: the day lies between the person's start and leaving dates."""
    return and_(or_(Person.started_on.is_(None), Person.started_on <= day),
                or_(Person.left_on.is_(None), Person.left_on >= day))


def person_days(session: Session, unit_ids: list[int], days: list) -> tuple[dict[int, int], dict[int, int]]:
    """Per unit: the people keeping a diary, and their working days in post within the span from the day their
    account was made (nobody keeps a diary without one)."""
    rows = session.execute(select(Person.unit_id, Person.started_on, Person.left_on, UserAccount.created_at)
                           .join(UserAccount, UserAccount.person_id == Person.id)
                           .where(Person.unit_id.in_(unit_ids), Person.active, UserAccount.active)).all()
    people, total = defaultdict(int), defaultdict(int)
    for unit_id, started_on, left_on, created_at in rows:
        opened = as_utc(created_at).astimezone(LOCAL_TZ).date()
        people[unit_id] += 1
        total[unit_id] += days_in_post(days, max(started_on, opened) if started_on else opened, left_on)
    return dict(people), dict(total)


def diary_days(session: Session, unit_ids: list[int], days: list) -> dict[int, int]:
    """Per unit: (person, working day) pairs with at least one entry, whatever its status (as reminders judge)."""
    pairs = (select(DiaryEntry.unit_id, DiaryEntry.person_id, DiaryEntry.work_date).distinct()
             .join(Person, Person.id == DiaryEntry.person_id)
             .where(_keepers(unit_ids), DiaryEntry.unit_id == Person.unit_id, DiaryEntry.work_date.in_(days),
                    _in_post(DiaryEntry.work_date)).subquery())
    return dict(session.execute(select(pairs.c.unit_id, func.count()).group_by(pairs.c.unit_id)).all())


def kept_entries(session: Session, unit_ids: list[int], span: MonthSpan) -> dict[int, int]:
    """Per unit: the entries of the people keeping a diary, dated within the span and their time in post."""
    query = (select(DiaryEntry.unit_id, func.count()).join(Person, Person.id == DiaryEntry.person_id)
             .where(_keepers(unit_ids), DiaryEntry.unit_id == Person.unit_id,
                    DiaryEntry.work_date.between(span.first, span.end), _in_post(DiaryEntry.work_date))
             .group_by(DiaryEntry.unit_id))
    return dict(session.execute(query).all())


def review_counts(session: Session, unit_ids: list[int], span: MonthSpan) -> dict[int, tuple[int, int]]:
    """Per unit: (entries sent to the manager at least once, entries approved), dated within the span."""
    query = (select(DiaryEntry.unit_id, func.count(DiaryEntry.submitted_at),
                    func.count(case((DiaryEntry.status == "approved", 1))))
             .where(DiaryEntry.unit_id.in_(unit_ids), DiaryEntry.work_date.between(span.first, span.end))
             .group_by(DiaryEntry.unit_id))
    return {unit_id: (sent, approved) for unit_id, sent, approved in session.execute(query).all()}


def _hours_between(session: Session, start, end):
    """end − start in hours, as the database computes it."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 3600
    return (func.julianday(end) - func.julianday(start)) * 24


def approval_times(session: Session, unit_ids: list[int], span: MonthSpan) -> dict[int, tuple[int, list]]:
    """Per unit: how many approved entries were timed (sent → approved) and their median and 90th percentile in
    hours. The database sorts and numbers them per unit and hands back only the ranks around each percentile."""
    hours = _hours_between(session, DiaryEntry.submitted_at, DiaryEntry.reviewed_at)
    ranked = (select(DiaryEntry.unit_id.label("unit_id"), hours.label("hours"),
                     func.row_number().over(partition_by=DiaryEntry.unit_id, order_by=hours).label("rn"),
                     func.count().over(partition_by=DiaryEntry.unit_id).label("n"))
              .where(DiaryEntry.unit_id.in_(unit_ids), DiaryEntry.status == "approved",
                     DiaryEntry.work_date.between(span.first, span.end), DiaryEntry.submitted_at.is_not(None),
                     DiaryEntry.reviewed_at.is_not(None)).subquery())
    rank, n = ranked.c.rn - 1, ranked.c.n - 1
    near = [rank == (n * p.numerator) // p.denominator + step for p in PERCENTILES for step in (0, 1)]
    rows = session.execute(select(ranked.c.unit_id, ranked.c.rn, ranked.c.n, ranked.c.hours).where(or_(*near))).all()
    by_unit: dict[int, tuple[int, dict]] = {}
    for unit_id, rn, count, value in rows:
        by_unit.setdefault(unit_id, (count, {}))[1][rn - 1] = Decimal(str(round(float(value), 6)))
    return {unit_id: (count, [percentile_of_ranks(count, p, ranks) for p in PERCENTILES])
            for unit_id, (count, ranks) in by_unit.items()}


def accounts(session: Session, unit_ids: list[int], before: datetime) -> dict[int, int]:
    """Per unit: the active accounts that existed by the span's end."""
    query = (select(UserAccount.unit_id, func.count()).where(UserAccount.unit_id.in_(unit_ids), UserAccount.active,
                                                             UserAccount.created_at < before)
             .group_by(UserAccount.unit_id))
    return dict(session.execute(query).all())


def logged_in(session: Session, unit_ids: list[int], start: datetime, end: datetime) -> dict[int, int]:
    """Per unit: those accounts that signed in at least once within [start, end), read from the login audit (an
    account's last_login_at says nothing about an earlier span)."""
    query = (select(UserAccount.unit_id, func.count(distinct(UserAccount.id)))
             .join(AuditLog, and_(AuditLog.entity_id == UserAccount.id, AuditLog.unit_id == UserAccount.unit_id))
             .where(AuditLog.action == LOGIN, AuditLog.entity == "useraccount", AuditLog.unit_id.in_(unit_ids),
                    AuditLog.created_at >= start, AuditLog.created_at < end, UserAccount.active,
                    UserAccount.created_at < end)
             .group_by(UserAccount.unit_id))
    return dict(session.execute(query).all())


def returns(session: Session, unit_ids: list[int], span: MonthSpan, start: datetime) -> dict[int, tuple[int, int]]:
    """Per unit: (times an entry dated within the span was returned, entries returned at least once), from the
    audit log (a corrected entry no longer says it was returned)."""
    query = (select(DiaryEntry.unit_id, func.count(AuditLog.id), func.count(distinct(DiaryEntry.id)))
             .select_from(AuditLog).join(DiaryEntry, DiaryEntry.id == AuditLog.entity_id)
             .where(AuditLog.action == RETURNED, AuditLog.entity == "diaryentry", AuditLog.unit_id.in_(unit_ids),
                    AuditLog.created_at >= start, DiaryEntry.unit_id == AuditLog.unit_id,
                    DiaryEntry.work_date.between(span.first, span.end))
             .group_by(DiaryEntry.unit_id))
    return {unit_id: (times, entries) for unit_id, times, entries in session.execute(query).all()}


def periods(session: Session, unit_ids: list[int], span: MonthSpan) -> list[Period]:
    """The units' monthly periods within the span (a review opens none)."""
    return list(session.execute(select(Period).where(
        Period.unit_id.in_(unit_ids), Period.kind == "month", Period.starts_on.between(span.first, span.end)))
        .scalars())


def sheet_counts(session: Session, deadlines: dict[int, datetime]) -> dict[int, tuple[int, int, int]]:
    """Per unit: (sheets of the periods, approved by the head, approved by their period's deadline)."""
    if not deadlines:
        return {}
    deadline = case({pid: literal(at, DateTime(timezone=True)) for pid, at in deadlines.items()},
                    value=EvaluationSheet.period_id)
    approved = EvaluationSheet.state.in_(APPROVED_SHEETS)
    query = (select(EvaluationSheet.unit_id, func.count(), func.count(case((approved, 1))),
                    func.count(case((and_(approved, EvaluationSheet.approved_at < deadline), 1))))
             .where(EvaluationSheet.period_id.in_(list(deadlines))).group_by(EvaluationSheet.unit_id))
    return {unit_id: (total, done, on_time) for unit_id, total, done, on_time in session.execute(query).all()}


def band_counts(session: Session, period_ids: list[int]) -> list[tuple[int, str, int]]:
    """(unit, band code, approved sheets) over the periods."""
    query = (select(EvaluationSheet.unit_id, EvaluationSheet.band, func.count())
             .where(EvaluationSheet.period_id.in_(period_ids), EvaluationSheet.state.in_(APPROVED_SHEETS),
                    EvaluationSheet.band != "")
             .group_by(EvaluationSheet.unit_id, EvaluationSheet.band))
    return [tuple(row) for row in session.execute(query).all()]


def appeal_counts(session: Session, period_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per unit: (appeals on the periods' sheets, appeals answered)."""
    query = (select(EvaluationSheet.unit_id, func.count(Appeal.id), func.count(Appeal.answered_at))
             .join(EvaluationSheet, EvaluationSheet.id == Appeal.sheet_id)
             .where(EvaluationSheet.period_id.in_(period_ids)).group_by(EvaluationSheet.unit_id))
    return {unit_id: (filed, answered) for unit_id, filed, answered in session.execute(query).all()}


def catalogue(session: Session, unit_ids: list[int], span: MonthSpan) -> list[tuple[int, int, str, str]]:
    """(unit, item, code, name) of every item in force at some time within the span."""
    query = (select(CatalogueItem.unit_id, CatalogueItem.id, CatalogueItem.code, CatalogueItem.name)
             .where(CatalogueItem.unit_id.in_(unit_ids), CatalogueItem.active,
                    CatalogueItem.effective_from <= span.end,
                    or_(CatalogueItem.effective_to.is_(None), CatalogueItem.effective_to >= span.first))
             .order_by(CatalogueItem.unit_id, CatalogueItem.code))
    return [tuple(row) for row in session.execute(query).all()]


def item_use(session: Session, unit_ids: list[int], span: MonthSpan) -> list[tuple[int, int, str, str, int, Decimal]]:
    """(unit, item, code, name, approved entries, converted quantity) per item used within the span, from the
    summary kept at approval (never the diary itself)."""
    first, last = span.keys
    converted = func.sum(ItemWorkSummary.quantity * ItemWorkSummary.coefficient)
    query = (select(ItemWorkSummary.unit_id, ItemWorkSummary.item_id, CatalogueItem.code, CatalogueItem.name,
                    func.sum(ItemWorkSummary.entries), converted)
             .join(CatalogueItem, CatalogueItem.id == ItemWorkSummary.item_id)
             .where(ItemWorkSummary.unit_id.in_(unit_ids), ItemWorkSummary.month.between(first, last))
             .group_by(ItemWorkSummary.unit_id, ItemWorkSummary.item_id, CatalogueItem.code, CatalogueItem.name))
    return [(u, i, code, name, int(n), Decimal(str(q))) for u, i, code, name, n, q in session.execute(query).all()]
