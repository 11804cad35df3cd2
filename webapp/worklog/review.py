"""Diary use cases of the direct manager (or the unit head): approve, in bulk too, or return with a
reason. Each verb checks role and scope, writes the audit log and commits once."""
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import require_role
from ..clock import local_today, utcnow
from ..errors import DomainError
from ..models import Assignment, DiaryEntry, Person
from ..periods.service import require_open
from ..text import tidy
from .access import STATUS_LABELS, claim, conflict, reviewable
from .service import REVIEW_FIELDS
from .summary import count_approved

MAX_ERRORS = 999
REVIEWERS = ("manager", "head")  # who approves diaries at all (auth.scope.manages_person says whose)


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


def approve_entry(session: Session, actor: Actor, entry_id: int, version: int, *, quality_errors: int = 0,
                  errors_exempt: bool = False, delay_exempt: bool = False, exemption_reason: str = "",
                  completed_on: date | None = None) -> DiaryEntry:
    """Duyệt one submitted entry, recording quality, completion date and exemptions."""
    decision = Approval(quality_errors, errors_exempt, delay_exempt, tidy(exemption_reason), completed_on)
    entry, person = reviewable(session, actor, entry_id)
    _approve(session, actor, entry, person, version, decision)
    session.commit()
    return entry


def approve_entries(session: Session, actor: Actor, selection: list[tuple[int, int]]) -> BulkResult:
    """Duyệt a selection of (entry id, version) with no errors, on time; refusals are reported, not fatal."""
    require_role(actor, *REVIEWERS)
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
    require_role(actor, *REVIEWERS)
    entry, person = reviewable(session, actor, entry_id)
    reason = tidy(reason)
    if not reason:
        raise DomainError("Vui lòng nêu lý do trả lại.", field="reason")
    if len(reason) > 1000:
        raise DomainError("Lý do trả lại tối đa 1000 ký tự.", field="reason")
    _require_reviewable_state(session, entry, version, person)
    before = snapshot(entry, REVIEW_FIELDS)
    claim(session, entry, version)
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
    claim(session, entry, version)
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
    count_approved(session, entry)
    record(session, actor, "diary_entry_approved", entry, before, snapshot(entry, REVIEW_FIELDS))


def _require_reviewable_state(session: Session, entry: DiaryEntry, version: int, person: Person) -> None:
    """A stale version is a conflict; only submitted entries in open periods are reviewed."""
    if entry.version != version:
        raise conflict(entry.status)
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
                            quantity=entry.quantity, coefficient=entry.coefficient, deadline=entry.work_date,
                            source="declared",
                            note="Tự kê khai trong nhật ký công việc", assigned_by_id=actor.person_id)
    session.add(assignment)
    record(session, actor, "assignment_declared", assignment, {}, snapshot(assignment))
    entry.assignment_id = assignment.id
    return assignment
