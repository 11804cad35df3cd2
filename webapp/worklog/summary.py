"""Keeping WorkSummary in step with approvals: each approved entry is added once, when approved."""
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from ..clock import utcnow
from ..models import DiaryEntry, ItemWorkSummary, WorkSummary
from ..months import month_key

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
KEY = ("person_id", "month", "quality_errors", "errors_exempt", "is_late", "delay_exempt", "declared")


def count_approved(session: Session, entry: DiaryEntry) -> None:
    """Add an entry that has just been approved to its person's month and to its item's (two upserts, no commit)."""
    _count_work(session, entry)
    _count_item_work(session, entry)


def _count_item_work(session: Session, entry: DiaryEntry) -> None:
    """Add the entry to its person's month of the item at its K (what OKR key results from work add up)."""
    insert = _INSERTS[session.get_bind().dialect.name](ItemWorkSummary)
    statement = insert.values(person_id=entry.person_id, unit_id=entry.unit_id, item_id=entry.item_id,
                              month=month_key(entry.work_date), coefficient=entry.coefficient,
                              quantity=entry.quantity, entries=1, last_approved_at=entry.reviewed_at or utcnow())
    session.execute(statement.on_conflict_do_update(
        index_elements=["person_id", "month", "item_id", "coefficient"],
        set_={"quantity": ItemWorkSummary.quantity + statement.excluded.quantity,
              "entries": ItemWorkSummary.entries + 1, "last_approved_at": statement.excluded.last_approved_at}))


def _count_work(session: Session, entry: DiaryEntry) -> None:
    """Add the entry to its person's month with its deductions."""
    insert = _INSERTS[session.get_bind().dialect.name](WorkSummary)
    values = {"person_id": entry.person_id, "unit_id": entry.unit_id, "month": month_key(entry.work_date),
              "quality_errors": entry.quality_errors, "errors_exempt": entry.errors_exempt,
              "is_late": entry.is_late, "delay_exempt": entry.delay_exempt,
              "declared": entry.assignment_id is None, "converted": entry.quantity * entry.coefficient, "entries": 1}
    statement = insert.values(**values)
    session.execute(statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={"converted": WorkSummary.converted + statement.excluded.converted,
              "entries": WorkSummary.entries + 1}))
