"""Diary use cases of the author: add, change, delete and submit entries (the manager's verbs are in
review.py). Each verb checks role and scope, writes the audit log and commits once."""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..models import DiaryEntry, Person
from ..models._base import utcnow
from ..periods.service import require_open
from . import evidence, rules
from .rules import EntryInput

STATUS_LABELS = {"draft": "Nháp", "submitted": "Đã gửi duyệt", "approved": "Đã duyệt", "returned": "Bị trả lại"}
EDITABLE = ("draft", "returned")
CONTENT_FIELDS = (
    "work_date", "item_id", "quantity", "hours", "description", "evidence_doc_number", "evidence_doc_date",
    "evidence_link", "assignment_id",
)
REVIEW_FIELDS = (
    "status", "return_reason", "quality_errors", "errors_exempt", "delay_exempt", "exemption_reason",
    "completed_on", "is_late", "assignment_id", "reviewed_by_id", "version",
)


def window() -> int:
    """How many working days back an entry may be dated (DIARY_WINDOW_WORKING_DAYS)."""
    return int(current_app.config.get("DIARY_WINDOW_WORKING_DAYS", 5))


# --- the author -------------------------------------------------------------------------------


def author_of(session: Session, actor: Actor) -> Person:
    """The actor's own person record: only people keep a diary."""
    person = session.get(Person, actor.person_id) if actor.person_id else None
    if person is None or not person.active:
        raise Forbidden("Tài khoản của bạn không gắn với cán bộ, công chức nào nên không có nhật ký công việc.")
    return person


def add_entry(session: Session, actor: Actor, data: EntryInput) -> DiaryEntry:
    """Add a draft entry to the actor's own diary."""
    person = author_of(session, actor)
    data = rules.normalized(data)
    item = _check_content(session, person, data, entry_id=None)
    require_open(session, person.unit_id, data.work_date)
    entry = DiaryEntry(person_id=person.id, unit_id=person.unit_id, coefficient=item.coefficient,
                       **{name: getattr(data, name) for name in CONTENT_FIELDS})
    stored = _attach(session, actor, person, entry, data)
    session.add(entry)
    record(session, actor, "diary_entry_added", entry, {}, snapshot(entry))
    _commit(session, stored)
    return entry


def update_entry(session: Session, actor: Actor, entry_id: int, version: int, data: EntryInput) -> DiaryEntry:
    """Change a draft or returned entry of the actor's own diary."""
    person, entry = _own_editable(session, actor, entry_id)
    data = rules.normalized(data)
    # A returned entry may be corrected after the window, as long as its date stays put.
    keeps_date = entry.status == "returned" and data.work_date == entry.work_date
    item = _check_content(session, person, data, entry_id=entry.id, check_window=not keeps_date)
    _require_open_days(session, person.unit_id, entry.work_date, data.work_date)
    before = snapshot(entry)
    _claim(session, entry, version)
    for name in CONTENT_FIELDS:
        setattr(entry, name, getattr(data, name))
    entry.coefficient, entry.updated_at = item.coefficient, utcnow()
    stored = _attach(session, actor, person, entry, data)
    record(session, actor, "diary_entry_updated", entry, before, snapshot(entry))
    _commit(session, stored)
    return entry


def delete_entry(session: Session, actor: Actor, entry_id: int, version: int) -> DiaryEntry:
    """Delete a draft or returned entry of the actor's own diary; returns the deleted row."""
    person, entry = _own_editable(session, actor, entry_id)
    require_open(session, person.unit_id, entry.work_date)
    before = snapshot(entry)
    _claim(session, entry, version)
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


def _attach(session: Session, actor: Actor, person: Person, entry: DiaryEntry, data: EntryInput):
    """Store a new evidence file (replacing the old link), or drop the link; the stored row or None."""
    if data.remove_evidence_file:
        entry.evidence_file_id = None
    if data.evidence_file is None:
        return None
    stored = evidence.save(session, actor, person.unit_id, data.evidence_file)
    entry.evidence_file_id = stored.id
    return stored


def _commit(session: Session, stored) -> None:
    """Commit; a file written for a transaction that failed is removed again."""
    try:
        session.commit()
    except BaseException:
        evidence.discard(stored)
        raise


def _check_content(session: Session, person: Person, data: EntryInput, entry_id: int | None,
                   check_window: bool = True):
    """Every input rule of an entry; returns its catalogue item."""
    if check_window:
        rules.check_date(session, data.work_date, window())
    item = rules.check_item(session, person, data.item_id, data.work_date)
    rules.check_assignment(session, person, data.assignment_id, item)
    rules.check_quantity(data.quantity)
    rules.check_hours(data.hours)
    rules.check_day_total(session, person.id, data.work_date, data.hours, entry_id)
    rules.check_evidence(data)
    if data.evidence_file is not None:
        evidence.check(data.evidence_file)
    return item


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


def _claim(session: Session, entry: DiaryEntry, version: int) -> None:
    """Take the entry at the version the user saw, or refuse: someone changed it meanwhile.

    The conditional UPDATE makes the check hold under concurrency: of two transactions with the
    same version, the second finds no row once the first commits.
    """
    if entry.version != version or not _bump(session, entry.id, version):
        status = session.exec(select(DiaryEntry.status).where(DiaryEntry.id == entry.id)).first()
        raise _conflict(status)


def _conflict(status: str | None) -> Conflict:
    """The message for a stale version, naming the entry's current status."""
    label = STATUS_LABELS.get(status, "đã bị xóa") if status else "đã bị xóa"
    return Conflict(
        "Mục nhật ký vừa được người khác cập nhật trong lúc bạn thao tác "
        f"(trạng thái hiện tại: {label}). Vui lòng tải lại trang để xem thông tin mới nhất."
    )


def _bump(session: Session, entry_id: int, version: int) -> bool:
    """Increment the version if it is still the given one; True when a row was taken."""
    result = session.execute(
        update(DiaryEntry).where(DiaryEntry.id == entry_id, DiaryEntry.version == version)
        .values(version=version + 1).execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1
