"""Deciding catalogue drafts: the head approves or rejects (with a reason) a batch or one draft, the proposer
withdraws before the decision. Each draft is decided once (a conditional UPDATE on its state), and an approved
change takes effect from the batch's date: the item's newest version ends the day before, a new version starts.
"""
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..models import (
    CatalogueBatch,
    CatalogueDraft,
    CatalogueItem,
    CatalogueItemPosition,
    CatalogueItemVersion,
    JobPosition,
)
from ..text import tidy
from . import versions
from .drafts import MAX_REASON, check_effective_date

DECIDED = "Đề xuất này đã được quyết định hoặc rút trước đó; vui lòng tải lại trang."
IN_BACKGROUND = "Đề xuất này đang được duyệt trong nền; vui lòng chờ kết quả trên trang."
STATE_LABELS = {"pending": "Chờ duyệt", "approved": "Đã duyệt", "rejected": "Bị từ chối", "withdrawn": "Đã rút"}


def approve(session: Session, actor: Actor, batch_id: int, draft_id: int | None = None) -> list[CatalogueDraft]:
    """Duyệt: the batch's pending drafts (or the one named) take effect from the batch's date; one commit."""
    drafts = apply_approval(session, actor, batch_id, draft_id)
    session.commit()
    return drafts


def apply_approval(session: Session, actor: Actor, batch_id: int, draft_id: int | None = None,
                   in_job: bool = False) -> list[CatalogueDraft]:
    """approve() without the commit (the background job commits its own state with it); a refusal rolls back."""
    batch, drafts = _pending(session, batch_id, draft_id, in_job)
    require_decider(actor, batch)
    check_effective_date(session, batch.unit_id, batch.effective_from)
    now = utcnow()
    try:
        for draft in drafts:
            _claim(session, draft, "approved", actor, "")
            item = _apply(session, actor, batch, draft, now)
            record(session, actor, "catalogue_draft_approved", draft, {"state": "pending"}, {"state": "approved",
                   "item_id": item.id, "effective_from": batch.effective_from})
    except DomainError:
        session.rollback()  # all or none: a refused draft leaves the whole batch pending
        raise
    return drafts


def reject(session: Session, actor: Actor, batch_id: int, reason: str, draft_id: int | None = None
           ) -> list[CatalogueDraft]:
    """Từ chối with a reason: nothing in the catalogue changes."""
    batch, drafts = _pending(session, batch_id, draft_id)
    require_decider(actor, batch)
    reason = tidy(reason)
    if not reason or len(reason) > MAX_REASON:
        raise DomainError(f"Vui lòng nêu lý do từ chối (tối đa {MAX_REASON} ký tự).", field="reason")
    return _close(session, actor, drafts, "rejected", reason)


def withdraw(session: Session, actor: Actor, batch_id: int, draft_id: int | None = None) -> list[CatalogueDraft]:
    """Rút đề xuất: the proposer (or the admin) takes drafts back before the head decides."""
    batch, drafts = _pending(session, batch_id, draft_id)
    if batch.proposed_by_id != actor.account_id and actor.role != "admin":
        raise Forbidden("Chỉ người đề xuất được rút đề xuất này.")
    return _close(session, actor, drafts, "withdrawn", "")


def _close(session: Session, actor: Actor, drafts: list[CatalogueDraft], state: str, reason: str):
    """Reject or withdraw: claim each draft and audit it; one commit."""
    for draft in drafts:
        _claim(session, draft, state, actor, reason)
        record(session, actor, f"catalogue_draft_{state}", draft, {"state": "pending"}, {"state": state},
               reason=reason)
    session.commit()
    return drafts


def _pending(session: Session, batch_id: int, draft_id: int | None, in_job: bool = False
             ) -> tuple[CatalogueBatch, list[CatalogueDraft]]:
    """The batch and its pending drafts (or the one named, which must belong to it); none while a background
    approval of the batch is under way, except for that job itself."""
    batch = session.get(CatalogueBatch, batch_id)
    if batch is None:
        raise NotFound("Không tìm thấy đề xuất thay đổi danh mục.")
    if batch.approval_status in ("queued", "running") and not in_job:
        raise Conflict(IN_BACKGROUND)
    query = select(CatalogueDraft).where(CatalogueDraft.batch_id == batch.id, CatalogueDraft.state == "pending")
    if draft_id is not None:
        query = query.where(CatalogueDraft.id == draft_id)
    drafts = list(session.exec(query.order_by(CatalogueDraft.id)))
    if not drafts:
        raise Conflict(DECIDED)
    return batch, drafts


def require_decider(actor: Actor, batch: CatalogueBatch) -> None:
    """The head of the batch's unit (not the proposer), or the admin."""
    if actor.role == "admin":
        return
    if actor.role != "head" or actor.unit_id != batch.unit_id:
        raise Forbidden("Chỉ thủ trưởng cơ quan, đơn vị được duyệt thay đổi danh mục.")
    if batch.proposed_by_id == actor.account_id:
        raise Forbidden("Không thể tự duyệt đề xuất của chính mình.")


def _claim(session: Session, draft: CatalogueDraft, state: str, actor: Actor, reason: str) -> None:
    """pending → state, only if nobody decided it first (two heads clicking at once decide it once)."""
    values = {"state": state, "decided_by_id": actor.account_id, "decided_at": utcnow(), "decision_reason": reason}
    # No session synchronisation: it scans every object of the session per statement, quadratic in a batch of
    # thousands (an Excel import); the draft's attributes are set below as the database now holds them.
    result = session.execute(
        update(CatalogueDraft).where(CatalogueDraft.id == draft.id, CatalogueDraft.state == "pending")
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.rollback()
        raise Conflict(DECIDED)
    for name, value in values.items():
        set_committed_value(draft, name, value)


def _apply(session: Session, actor: Actor, batch: CatalogueBatch, draft: CatalogueDraft, now) -> CatalogueItem:
    """Write the approved change into the item and its history."""
    if draft.kind == "new":
        return _create(session, actor, batch, draft, now)
    item = session.exec(select(CatalogueItem).where(CatalogueItem.id == draft.item_id).with_for_update()).one()
    if item.version != draft.before.get("version"):
        raise Conflict(f"Sản phẩm/công việc mã {item.code} đã thay đổi sau khi đề xuất; vui lòng đề xuất lại.")
    newest = versions.ensure_baseline(session, item)
    if batch.effective_from < newest.effective_from:
        raise DomainError(f"Ngày hiệu lực phải từ {newest.effective_from:%d/%m/%Y} trở đi.")
    before = snapshot(item)
    newest.effective_to = batch.effective_from - timedelta(days=1)
    if draft.kind == "retire":
        item.effective_to = newest.effective_to
        record(session, actor, "catalogue_item_retired", item, before, snapshot(item), reason=batch.reason)
        return item
    _set_values(session, item, draft.after, item.version + 1, now)
    _add_version(session, actor, item, draft, batch.effective_from, now)
    record(session, actor, "catalogue_item_changed", item, before, snapshot(item), reason=batch.reason)
    return item


def _create(session: Session, actor: Actor, batch: CatalogueBatch, draft: CatalogueDraft, now) -> CatalogueItem:
    """A new item in force from the batch's date."""
    taken = session.exec(select(CatalogueItem.id).where(CatalogueItem.unit_id == batch.unit_id,
                                                        CatalogueItem.code == draft.code)).first()
    if taken is not None:
        raise Conflict(f"Mã {draft.code} đã có trong danh mục của cơ quan, đơn vị.")
    item = CatalogueItem(unit_id=batch.unit_id, code=draft.code, name="", unit_of_measure="", task_group="A",
                         coefficient=Decimal(draft.after["coefficient"]), effective_from=batch.effective_from)
    session.add(item)
    session.flush()
    _set_values(session, item, draft.after, 1, now, new=True)
    _add_version(session, actor, item, draft, batch.effective_from, now)
    record(session, actor, "catalogue_item_created", item, {}, snapshot(item), reason=batch.reason)
    return item


def _set_values(session: Session, item: CatalogueItem, after: dict, version: int, now, new: bool = False) -> None:
    """The item row holds its newest approved values and positions (a new item has no links to remove)."""
    item.name, item.unit_of_measure, item.task_group = after["name"], after["unit_of_measure"], after["task_group"]
    item.coefficient = Decimal(after["coefficient"])
    item.standard_hours = Decimal(after["standard_hours"]) if after.get("standard_hours") else None
    item.applies_to_all, item.version, item.approved_at = bool(after["applies_to_all"]), version, now
    if not new:
        session.exec(delete(CatalogueItemPosition).where(CatalogueItemPosition.item_id == item.id)
                     .execution_options(synchronize_session=False))
    if not item.applies_to_all:
        ids = session.exec(select(JobPosition.id).where(JobPosition.unit_id == item.unit_id,
                                                        JobPosition.code.in_(after["positions"]))).all()
        session.add_all(CatalogueItemPosition(item_id=item.id, position_id=pid) for pid in ids)
    session.flush()


def _add_version(session: Session, actor: Actor, item: CatalogueItem, draft: CatalogueDraft, day: date, now) -> None:
    """The new version in the item's history, approved by the actor."""
    session.add(CatalogueItemVersion(
        item_id=item.id, version=item.version, **{name: getattr(item, name) for name in versions.VALUE_FIELDS},
        position_codes=list(draft.after["positions"]), effective_from=day, effective_to=item.effective_to,
        approved_by_id=actor.account_id, approved_at=now, draft_id=draft.id))
    session.flush()
