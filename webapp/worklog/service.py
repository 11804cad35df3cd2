"""Diary use cases: the author adds, changes, deletes and submits entries; the direct manager
approves or returns them. Each verb checks role and scope, writes the audit log and commits once."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import manages_person
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..models import Assignment, DiaryEntry, Person
from ..models._base import utcnow
from ..periods.service import require_open
from . import evidence, rules
from .rules import EntryInput, local_today, nfc

STATUS_LABELS = {"draft": "Nháp", "submitted": "Đã gửi duyệt", "approved": "Đã duyệt", "returned": "Bị trả lại"}
EDITABLE = ("draft", "returned")
MAX_ERRORS = 999
CONTENT_FIELDS = (
    "work_date", "item_id", "quantity", "hours", "description", "evidence_doc_number", "evidence_doc_date",
    "evidence_link", "assignment_id",
)
REVIEW_FIELDS = (
    "status", "return_reason", "quality_errors", "errors_exempt", "delay_exempt", "exemption_reason",
    "completed_on", "is_late", "assignment_id", "reviewed_by_id", "version",
)


@dataclass(frozen=True)
class Approval:
    """What the manager records when approving: quality, completion date, exemptions."""

    quality_errors: int = 0
    errors_exempt: bool = False
    delay_exempt: bool = False
    exemption_reason: str = ""
    completed_on: date | None = None


@dataclass
class BulkResult:
    """Entries approved in bulk, and the ones refused with the reason."""

    approved: list[DiaryEntry] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


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


# --- the manager ------------------------------------------------------------------------------


def reviewable(session: Session, actor: Actor, entry_id: int) -> tuple[DiaryEntry, Person]:
    """An entry of someone the actor manages (direct manager or unit head), or a refusal."""
    entry = session.get(DiaryEntry, entry_id)
    if entry is None:
        raise NotFound("Không tìm thấy mục nhật ký.")
    person = session.get(Person, entry.person_id)
    if not manages_person(actor, person):
        raise Forbidden("Chỉ lãnh đạo trực tiếp hoặc thủ trưởng cơ quan, đơn vị mới được duyệt nhật ký của người này.")
    return entry, person


def approve_entry(session: Session, actor: Actor, entry_id: int, version: int, *, quality_errors: int = 0,
                  errors_exempt: bool = False, delay_exempt: bool = False, exemption_reason: str = "",
                  completed_on: date | None = None) -> DiaryEntry:
    """Duyệt one submitted entry, recording quality, completion date and exemptions."""
    decision = Approval(quality_errors, errors_exempt, delay_exempt, nfc(exemption_reason), completed_on)
    entry, person = reviewable(session, actor, entry_id)
    _approve(session, actor, entry, person, version, decision)
    session.commit()
    return entry


def approve_entries(session: Session, actor: Actor, selection: list[tuple[int, int]]) -> BulkResult:
    """Duyệt a selection of (entry id, version) with no errors, on time; refusals are reported, not fatal."""
    if not selection:
        raise DomainError("Vui lòng chọn ít nhất một mục nhật ký để duyệt.")
    result = BulkResult()
    for entry_id, version in dict(selection).items():  # a row checked twice counts once
        try:
            entry, person = reviewable(session, actor, entry_id)
            _approve(session, actor, entry, person, version, Approval())
            result.approved.append(entry)
        except DomainError as refusal:
            result.refused.append((entry_id, refusal.message))
    session.commit()
    return result


def return_entry(session: Session, actor: Actor, entry_id: int, version: int, reason: str) -> DiaryEntry:
    """Trả lại one submitted entry to its author with a required reason."""
    reason = nfc(reason)
    if not reason:
        raise DomainError("Vui lòng nêu lý do trả lại.", field="reason")
    if len(reason) > 1000:
        raise DomainError("Lý do trả lại tối đa 1000 ký tự.", field="reason")
    entry, person = reviewable(session, actor, entry_id)
    _require_reviewable_state(session, entry, version, person)
    before = snapshot(entry, REVIEW_FIELDS)
    _claim(session, entry, version)
    entry.status, entry.return_reason = "returned", reason
    entry.reviewed_by_id, entry.reviewed_at = actor.person_id, utcnow()
    record(session, actor, "diary_entry_returned", entry, before, snapshot(entry, REVIEW_FIELDS), reason=reason)
    session.commit()
    return entry


def _approve(session: Session, actor: Actor, entry: DiaryEntry, person: Person, version: int,
             decision: Approval) -> None:
    """Approve without committing: checks, version claim, assignment link, late flag, audit."""
    _require_reviewable_state(session, entry, version, person)
    completed_on = decision.completed_on or entry.work_date
    _check_decision(decision, entry, completed_on)
    before = snapshot(entry, REVIEW_FIELDS)
    _claim(session, entry, version)
    assignment = session.get(Assignment, entry.assignment_id) if entry.assignment_id else None
    if assignment is None:
        assignment = _declare(session, actor, entry)
        entry.is_late = False  # declared work has no deadline given beforehand
    else:
        entry.is_late = completed_on > assignment.deadline
    entry.status, entry.completed_on, entry.quality_errors = "approved", completed_on, decision.quality_errors
    entry.errors_exempt, entry.delay_exempt = decision.errors_exempt, decision.delay_exempt
    entry.exemption_reason = decision.exemption_reason
    entry.reviewed_by_id, entry.reviewed_at = actor.person_id, utcnow()
    record(session, actor, "diary_entry_approved", entry, before, snapshot(entry, REVIEW_FIELDS))


def _require_reviewable_state(session: Session, entry: DiaryEntry, version: int, person: Person) -> None:
    """A stale version is a conflict; only submitted entries in open periods are reviewed."""
    if entry.version != version:
        raise _conflict(entry.status)
    if entry.status != "submitted":
        raise DomainError(f"Chỉ duyệt hoặc trả lại được mục đã gửi duyệt (mục này: {STATUS_LABELS[entry.status]}).")
    require_open(session, person.unit_id, entry.work_date)


def _check_decision(decision: Approval, entry: DiaryEntry, completed_on: date) -> None:
    """Quality errors ≥ 0; completion between the diary date and today; a reason for any exemption."""
    if decision.quality_errors is None or not 0 <= decision.quality_errors <= MAX_ERRORS:
        raise DomainError(f"Số lỗi chất lượng là số nguyên từ 0 đến {MAX_ERRORS}.", field="quality_errors")
    if completed_on < entry.work_date or completed_on > local_today():
        raise DomainError("Ngày hoàn thành phải từ ngày ghi nhật ký đến hôm nay.", field="completed_on")
    if (decision.errors_exempt or decision.delay_exempt) and not decision.exemption_reason:
        raise DomainError("Vui lòng nêu nguyên nhân khách quan khi miễn trừ lỗi hoặc chậm tiến độ.",
                          field="exemption_reason")
    if len(decision.exemption_reason) > 1000:
        raise DomainError("Nguyên nhân khách quan tối đa 1000 ký tự.", field="exemption_reason")


def _declare(session: Session, actor: Actor, entry: DiaryEntry) -> Assignment:
    """Declared work becomes an assignment once approved, completed by this entry."""
    assignment = Assignment(unit_id=entry.unit_id, person_id=entry.person_id, item_id=entry.item_id,
                            quantity=entry.quantity, deadline=entry.work_date, source="declared",
                            note="Tự kê khai trong nhật ký công việc", assigned_by_id=actor.person_id)
    session.add(assignment)
    record(session, actor, "assignment_declared", assignment, {}, snapshot(assignment))
    entry.assignment_id = assignment.id
    return assignment
