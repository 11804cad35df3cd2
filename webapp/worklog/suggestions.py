"""Đề xuất từ hệ thống văn bản on the person's diary: confirming one makes an ordinary draft entry with its
evidence (through service.add, so the date window and closed periods apply); dismissing hides it. Both are
audited and idempotent: a double click confirms or dismisses once."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, select

from .. import audit
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import DomainError, NotFound
from ..models import ApiClient, CatalogueItem, DiaryEntry, WorkSuggestion
from ..once import AlreadySent
from . import service
from .access import author_of
from .rules import EntryInput

SHOWN = 50  # the diary lists at most this many waiting suggestions, oldest day first


@dataclass(frozen=True)
class SuggestionView:
    """A waiting suggestion with its item and the system that sent it."""

    suggestion: WorkSuggestion
    item_code: str
    item_name: str
    unit_of_measure: str
    source: str


@dataclass(frozen=True)
class Decided:
    """What a click did: the suggestion, its entry (when confirmed), and whether an earlier click did it."""

    suggestion: WorkSuggestion
    entry_id: int | None
    already: bool


def pending_for(session: Session, actor: Actor) -> list[SuggestionView]:
    """The actor's waiting suggestions, oldest day first."""
    if not actor.person_id:
        return []
    rows = session.exec(
        select(WorkSuggestion, CatalogueItem.code, CatalogueItem.name, CatalogueItem.unit_of_measure, ApiClient.name)
        .join(CatalogueItem, CatalogueItem.id == WorkSuggestion.item_id)
        .join(ApiClient, ApiClient.id == WorkSuggestion.client_id)
        .where(WorkSuggestion.person_id == actor.person_id, WorkSuggestion.status == "pending")
        .order_by(WorkSuggestion.work_date, WorkSuggestion.id).limit(SHOWN)).all()
    return [SuggestionView(*row) for row in rows]


def confirm(session: Session, actor: Actor, suggestion_id: int) -> Decided:
    """Make the suggestion a draft entry of the actor's diary, in the transaction that marks it confirmed."""
    suggestion = _own(session, actor, suggestion_id)
    if not _claim(session, actor, suggestion, "confirmed"):
        return _settled(session, suggestion_id, "confirmed")
    audit.write(session, actor, "work_suggestion_confirmed", "worksuggestion", suggestion.id, suggestion.unit_id,
                {"status": "pending"}, {"status": "confirmed"})
    try:
        saved = service.add(session, actor, entry_input(suggestion))  # commits the entry and the claim together
    except AlreadySent:
        return _settled(session, suggestion_id, "confirmed")
    except DomainError:
        session.rollback()
        raise
    session.execute(update(WorkSuggestion).where(WorkSuggestion.id == suggestion.id).values(entry_id=saved.entry.id))
    session.commit()
    return Decided(session.get(WorkSuggestion, suggestion.id), saved.entry.id, False)


def dismiss(session: Session, actor: Actor, suggestion_id: int) -> Decided:
    """Hide the suggestion for good (nothing reaches the diary)."""
    suggestion = _own(session, actor, suggestion_id)
    if not _claim(session, actor, suggestion, "dismissed"):
        return _settled(session, suggestion_id, "dismissed")
    audit.write(session, actor, "work_suggestion_dismissed", "worksuggestion", suggestion.id, suggestion.unit_id,
                {"status": "pending"}, {"status": "dismissed"})
    session.commit()
    return Decided(session.get(WorkSuggestion, suggestion.id), None, False)


def entry_input(suggestion: WorkSuggestion) -> EntryInput:
    """The diary entry a suggestion becomes: its item, quantity, day and evidence; no hours (the person adds them)."""
    description = suggestion.description or (f"Nhiệm vụ {suggestion.task_reference}" if suggestion.task_reference
                                             else f"Văn bản số {suggestion.evidence_doc_number}")
    return EntryInput(work_date=suggestion.work_date, item_id=suggestion.item_id, quantity=suggestion.quantity,
                      description=description, evidence_doc_number=suggestion.evidence_doc_number,
                      evidence_doc_date=suggestion.evidence_doc_date, evidence_link=suggestion.evidence_link,
                      form_token=token_of(suggestion.id))


def token_of(suggestion_id: int) -> str:
    """The form token of the entry a suggestion became (not hex: never one of a form's)."""
    return f"suggestion-{suggestion_id}"


def _own(session: Session, actor: Actor, suggestion_id: int) -> WorkSuggestion:
    """A suggestion of the actor's own diary."""
    person = author_of(session, actor)
    suggestion = session.get(WorkSuggestion, suggestion_id)
    if suggestion is None or suggestion.person_id != person.id:
        raise NotFound("Không tìm thấy đề xuất này trong nhật ký của bạn.")
    return suggestion


def _claim(session: Session, actor: Actor, suggestion: WorkSuggestion, state: str) -> bool:
    """Move a waiting suggestion to the state (a conditional UPDATE: of two clicks at once, one moves it)."""
    result = session.execute(
        update(WorkSuggestion).where(WorkSuggestion.id == suggestion.id, WorkSuggestion.status == "pending")
        .values(status=state, decided_at=utcnow(), decided_by_id=actor.account_id)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _settled(session: Session, suggestion_id: int, wanted: str) -> Decided:
    """An earlier click decided the suggestion: the same decision is done already, the other one is refused."""
    session.rollback()
    suggestion = session.get(WorkSuggestion, suggestion_id)
    session.refresh(suggestion)
    if suggestion.status != wanted:
        verb = "xác nhận" if suggestion.status == "confirmed" else "bỏ qua"
        raise DomainError(f"Đề xuất này đã được {verb} trước đó.")
    entry_id = session.exec(select(DiaryEntry.id).where(DiaryEntry.form_token == token_of(suggestion_id))).first()
    return Decided(suggestion, entry_id, True)


def day_of(decided: Decided) -> date:
    """The diary day the decision concerns."""
    return decided.suggestion.work_date
