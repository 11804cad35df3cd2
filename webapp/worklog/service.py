"""Diary use cases of the author: add, change, delete and submit entries (the manager's verbs are in
review.py). Each verb checks role and scope, writes the audit log and commits once."""
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from flask import current_app
from pydantic_core import PydanticUndefined
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from .. import audit, once
from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import local_today, utcnow
from ..errors import DomainError, Forbidden, NotFound
from ..models import DiaryEntry, EvidenceFile, Person
from ..periods.service import check_open, require_open
from ..workdays import earliest_among
from . import evidence, facts, rules
from .access import NO_DIARY, STATUS_LABELS, author_of, claim, lock_day
from .facts import EDITABLE, AssignmentFacts, DayTotals, EntryFacts, ItemFacts
from .rules import EntryInput

CONTENT_FIELDS = (
    "work_date", "item_id", "quantity", "hours", "description", "evidence_doc_number", "evidence_doc_date",
    "evidence_link", "assignment_id",
)
REVIEW_FIELDS = (
    "status", "return_reason", "quality_errors", "errors_exempt", "delay_exempt", "exemption_reason",
    "completed_on", "is_late", "assignment_id", "reviewed_by_id", "version",
)
# The defaults of a new entry, read once from the model (building a SQLModel object cost 0.4 ms).
_NEW_ENTRY = {name: field.default for name, field in DiaryEntry.model_fields.items()
              if name != "id" and field.default_factory is None and field.default is not PydanticUndefined}


SENT_TWICE = "Mục nhật ký này đã được ghi (biểu mẫu được gửi hai lần); không ghi thêm."


class EntryRecord(SimpleNamespace):
    """A diary entry as just written: its columns as attributes, without an ORM object."""


def window() -> int:
    """How many working days back an entry may be dated (DIARY_WINDOW_WORKING_DAYS)."""
    return int(current_app.config.get("DIARY_WINDOW_WORKING_DAYS", 5))


@dataclass(frozen=True)
class Saved:
    """An added or changed entry with what its row and the day's totals show."""

    entry: DiaryEntry | EntryRecord
    item: ItemFacts
    assignment: AssignmentFacts | None
    evidence: EvidenceFile | None
    day: DayTotals


def add(session: Session, actor: Actor, data: EntryInput) -> Saved:
    """Add a draft entry to the actor's own diary: one read of its facts, the entry and its audit
    record in one statement (PostgreSQL), one commit."""
    data = rules.normalized(data)
    found = _facts(session, actor, data)
    item, assignment = _judge(found, data)
    if found.period_state is None:
        require_open(session, found.unit_id, data.work_date)  # the month's first write opens its period
    else:
        check_open(found.period_state, data.work_date)
    typed = {name: getattr(data, name) for name in CONTENT_FIELDS}
    entry = EntryRecord(**{**_NEW_ENTRY, **typed, "form_token": data.form_token or None},
                        person_id=found.person_id, unit_id=found.unit_id, coefficient=item.coefficient,
                        created_at=utcnow())
    stored = _attach(session, actor, found.unit_id, entry, data)
    try:
        entry.id = audit.insert_recorded(session, actor, "diary_entry_added", DiaryEntry.__table__, vars(entry))
        _commit(session, stored)
    except IntegrityError as error:
        session.rollback()
        evidence.discard(stored)
        raise once.duplicate_or(error, session, DiaryEntry, data.form_token, SENT_TWICE) from None
    return _saved(found, entry, item, assignment, stored)


def change(session: Session, actor: Actor, entry_id: int, version: int, data: EntryInput) -> Saved:
    """Change a draft or returned entry of the actor's own diary."""
    person, entry = _own_editable(session, actor, entry_id)
    data = rules.normalized(data)
    found = _facts(session, actor, data, entry_id=entry.id)
    # A returned entry may be corrected after the window, as long as its date stays put.
    keeps_date = entry.status == "returned" and data.work_date == entry.work_date
    item, assignment = _judge(found, data, check_window=not keeps_date)
    _require_open_days(session, person.unit_id, entry.work_date, data.work_date)
    before = snapshot(entry)
    claim(session, entry, version)
    # The entry keeps the K it was written with; only another item or day takes the K in force then.
    rekeyed = (entry.item_id, entry.work_date) != (data.item_id, data.work_date)
    for name in CONTENT_FIELDS:
        setattr(entry, name, getattr(data, name))
    if rekeyed:
        entry.coefficient = item.coefficient
    entry.updated_at = utcnow()
    stored = _attach(session, actor, person.unit_id, entry, data)
    record(session, actor, "diary_entry_updated", entry, before, snapshot(entry))
    _commit(session, stored)
    evidence_file = stored or (session.get(EvidenceFile, entry.evidence_file_id) if entry.evidence_file_id else None)
    return _saved(found, entry, item, assignment, evidence_file)


def delete_entry(session: Session, actor: Actor, entry_id: int, version: int) -> DiaryEntry:
    """Delete a draft or returned entry of the actor's own diary; returns the deleted row."""
    person, entry = _own_editable(session, actor, entry_id)
    require_open(session, person.unit_id, entry.work_date)
    before = snapshot(entry)
    claim(session, entry, version)
    record(session, actor, "diary_entry_deleted", entry, before, {})
    session.delete(entry)
    session.commit()
    return entry


def submit_entries(session: Session, actor: Actor, entry_ids: list[int]) -> list[DiaryEntry]:
    """Send the actor's draft or returned entries to the manager."""
    person = author_of(session, actor)
    entries = [_own(session, person, entry_id) for entry_id in entry_ids]
    pending = [entry for entry in entries if entry.status in EDITABLE]
    if not pending:
        raise DomainError("Không có mục nhật ký nháp hoặc bị trả lại nào để gửi duyệt.")
    for day in sorted({entry.work_date for entry in pending}):
        require_open(session, person.unit_id, day)
    for entry in pending:
        _submit(session, actor, entry)
    session.commit()
    return pending


def submit_days(session: Session, actor: Actor, start: date, end: date) -> list[DiaryEntry]:
    """Gửi duyệt every draft or returned entry of the actor from start to end."""
    person = author_of(session, actor)
    ids = session.exec(
        select(DiaryEntry.id).where(DiaryEntry.person_id == person.id, DiaryEntry.work_date >= start,
                                    DiaryEntry.work_date <= end, DiaryEntry.status.in_(EDITABLE))
    ).all()
    return submit_entries(session, actor, list(ids))


def submit_day(session: Session, actor: Actor, day: date) -> list[DiaryEntry]:
    """Gửi duyệt the actor's entries of one day."""
    return submit_days(session, actor, day, day)


def submit_week(session: Session, actor: Actor, day: date) -> list[DiaryEntry]:
    """Gửi duyệt the actor's entries of the week (Monday to Sunday) containing the day."""
    monday = day - timedelta(days=day.weekday())
    return submit_days(session, actor, monday, monday + timedelta(days=6))


def _submit(session: Session, actor: Actor, entry: DiaryEntry) -> None:
    """Mark one entry submitted, bumping its version, with its audit record."""
    before = snapshot(entry, ("status", "version"))
    entry.status, entry.submitted_at, entry.version = "submitted", utcnow(), entry.version + 1
    record(session, actor, "diary_entry_submitted", entry, before, snapshot(entry, ("status", "version")))


def _attach(session: Session, actor: Actor, unit_id: int, entry: DiaryEntry, data: EntryInput):
    """Store a new evidence file (replacing the old link), or drop the link; the stored row or None."""
    if data.remove_evidence_file:
        entry.evidence_file_id = None
    if data.evidence_file is None:
        return None
    stored = evidence.save(session, actor, unit_id, data.evidence_file)
    entry.evidence_file_id = stored.id
    return stored


def _commit(session: Session, stored) -> None:
    """Commit; a file written for a transaction that failed is removed again."""
    try:
        session.commit()
    except BaseException:
        evidence.discard(stored)
        raise


def _facts(session: Session, actor: Actor, data: EntryInput, entry_id: int | None = None) -> EntryFacts:
    """What the rules need about the entry, in one read (after taking the person-day, so that a concurrent entry of
    the same day is counted); only an active person keeps a diary."""
    if actor.person_id:
        lock_day(session, actor.person_id, data.work_date)
    found = facts.load(session, actor.person_id, data.work_date, data.item_id, data.assignment_id,
                       local_today(), window(), entry_id) if actor.person_id else None
    if found is None or not found.person_active:
        raise Forbidden(NO_DIARY)
    return found


def _judge(found: EntryFacts, data: EntryInput, check_window: bool = True):
    """Every input rule of an entry, in the order the form shows them; its item and assignment."""
    if check_window:
        today, days = local_today(), window()
        rules.check_date(data.work_date, today, earliest_among(found.holidays, today, days), days)
    item = rules.check_item(found.item, found.unit_id, data.work_date)
    assignment = rules.check_assignment(found.assignment, data.assignment_id, found.person_id, item)
    rules.check_quantity(data.quantity)
    rules.check_hours(data.hours)
    rules.check_day_total(data.work_date, found.others.hours, data.hours)
    rules.check_evidence(data)
    if data.evidence_file is not None:
        evidence.check(data.evidence_file)
    return item, assignment


def _saved(found: EntryFacts, entry: DiaryEntry, item: ItemFacts, assignment, evidence_file) -> Saved:
    """The saved entry with its row's companions and the day's totals (the others plus this one)."""
    converted = entry.quantity * entry.coefficient
    totals = found.others.plus(entry.hours, converted, entry.status in EDITABLE)
    return Saved(entry, item, assignment, evidence_file, DayTotals(entry.work_date, totals))


def _own(session: Session, person: Person, entry_id: int) -> DiaryEntry:
    """An entry of the person's own diary, or a refusal."""
    entry = session.get(DiaryEntry, entry_id)
    if entry is None:
        raise NotFound("Không tìm thấy mục nhật ký.")
    if entry.person_id != person.id:
        raise Forbidden("Chỉ người viết nhật ký mới được thay đổi mục này.")
    return entry


def _own_editable(session: Session, actor: Actor, entry_id: int) -> tuple[Person, DiaryEntry]:
    """The actor's own entry while it is still a draft or returned."""
    person = author_of(session, actor)
    entry = _own(session, person, entry_id)
    if entry.status not in EDITABLE:
        raise DomainError(
            f"Mục nhật ký “{STATUS_LABELS[entry.status]}” không thể sửa hoặc xóa; "
            "chỉ sửa được mục nháp hoặc bị trả lại."
        )
    return person, entry


def _require_open_days(session: Session, unit_id: int, *days: date) -> None:
    """Both the old and the new date must fall in open periods."""
    for day in sorted(set(days)):
        require_open(session, unit_id, day)


