"""Approving a big catalogue batch in the background. A batch from an Excel import may hold thousands of drafts
(10,000 took 102.6 s to approve in one request on a loaded machine, far past a web worker's timeout), so a batch
with more pending drafts than CATALOGUE_APPROVE_INLINE_MAX is approved by an RQ job: the batch row is marked
queued (a conditional UPDATE: two clicks queue it once) and committed, then the job approves every draft in one
transaction with the row marked done, or rolls everything back and marks it failed with the reason. A job lost
with a non-persistent Redis is sent again by the worker's sweep; one that died while running is marked failed
(nothing was written: the approval commits once), and the head may press Duyệt again."""
import logging
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import func, update
from sqlmodel import Session, select

from ..audit import record
from ..auth.actor import Actor
from ..clock import as_utc, utcnow
from ..errors import Conflict, DomainError, NotFound, Unavailable
from ..models import CatalogueBatch, CatalogueDraft, UserAccount
from ..queue import JOB_TIMEOUT, enqueue
from . import decisions
from .drafts import check_effective_date

log = logging.getLogger(__name__)
JOB = "workers.catalogue.approve_batch"
REQUEUE_AFTER = timedelta(minutes=2)  # queued and not started: the queue lost it
STALLED_AFTER = timedelta(seconds=JOB_TIMEOUT) + timedelta(minutes=5)  # running past RQ's timeout: the job died
QUEUE_DOWN = ("Hàng đợi xử lý tạm thời không hoạt động: đề xuất đã được ghi nhận chờ duyệt trong nền, "
              "hệ thống sẽ tự gửi lại khi hàng đợi hoạt động trở lại.")
INTERRUPTED = "Tiến trình duyệt bị gián đoạn; không có thay đổi nào được lưu. Bấm Duyệt để thử lại."
FAILED = "Không duyệt được do lỗi hệ thống; không có thay đổi nào được lưu. Bấm Duyệt để thử lại."


def approve_or_queue(session: Session, actor: Actor, batch_id: int, draft_id: int | None = None) -> bool:
    """Duyệt: one draft or a small batch now (True); a big batch queued for the background job (False)."""
    if draft_id is not None or _pending_count(session, batch_id) <= current_app.config["CATALOGUE_APPROVE_INLINE_MAX"]:
        decisions.approve(session, actor, batch_id, draft_id)
        return True
    batch = session.get(CatalogueBatch, batch_id, populate_existing=True)
    if batch is None:
        raise NotFound("Không tìm thấy đề xuất thay đổi danh mục.")
    decisions.require_decider(actor, batch)
    check_effective_date(session, batch.unit_id, batch.effective_from)
    moved = session.execute(
        update(CatalogueBatch).where(CatalogueBatch.id == batch_id,
                                     CatalogueBatch.approval_status.in_(("", "done", "failed")))
        .values(approval_status="queued", approval_error="", approval_requested_by_id=actor.account_id,
                approval_queued_at=utcnow(), approval_started_at=None)).rowcount
    if not moved:
        session.rollback()
        raise Conflict(decisions.IN_BACKGROUND)
    record(session, actor, "catalogue_approval_queued", batch, {}, {"pending": _pending_count(session, batch_id)})
    session.commit()
    if not _send(batch_id):
        raise Unavailable(QUEUE_DOWN)
    return False


def run(session: Session, batch_id: int) -> None:
    """The job: queued → running (committed), then every pending draft approved and the row done in one commit,
    or everything rolled back and the row failed with the reason."""
    started = session.execute(update(CatalogueBatch).where(CatalogueBatch.id == batch_id,
                                                           CatalogueBatch.approval_status == "queued")
                              .values(approval_status="running", approval_started_at=utcnow())).rowcount
    session.commit()
    if not started:
        return  # sent twice, or already over
    batch = session.get(CatalogueBatch, batch_id, populate_existing=True)  # updated without the ORM above
    actor = Actor.from_account(session.get(UserAccount, batch.approval_requested_by_id))
    try:
        decisions.apply_approval(session, actor, batch_id, in_job=True)
        _finish(session, batch_id, "done", "")
    except DomainError as refusal:
        _finish(session, batch_id, "failed", refusal.message)
    except Exception:  # noqa: BLE001 - the row says failed; nothing was written
        log.exception("Duyệt đề xuất danh mục %s thất bại", batch_id)
        _finish(session, batch_id, "failed", FAILED)


def sweep(session: Session) -> tuple[int, int]:
    """Send lost queued batches again and fail those whose job died while running: (sent, failed)."""
    now, sent, failed = utcnow(), 0, 0
    waiting = select(CatalogueBatch).where(CatalogueBatch.approval_status.in_(("queued", "running")))
    for batch in session.exec(waiting.execution_options(populate_existing=True)).all():
        if batch.approval_status == "queued" and now - as_utc(batch.approval_queued_at) > REQUEUE_AFTER:
            if _send(batch.id):
                batch.approval_queued_at, sent = now, sent + 1
        elif batch.approval_status == "running" and now - as_utc(batch.approval_started_at) > STALLED_AFTER:
            _finish(session, batch.id, "failed", INTERRUPTED, expect="running")
            failed += 1
        session.commit()
    return sent, failed


def status_of(session: Session, batch_id: int) -> CatalogueBatch:
    """The batch, fresh from the database (the polling card)."""
    batch = session.get(CatalogueBatch, batch_id, populate_existing=True)
    if batch is None:
        raise NotFound("Không tìm thấy đề xuất thay đổi danh mục.")
    return batch


def _finish(session: Session, batch_id: int, status: str, error: str, expect: str = "running") -> None:
    """The job's outcome on the row, audited; after a refusal the pending changes were already rolled back."""
    if status == "failed":
        session.rollback()
    session.execute(update(CatalogueBatch).where(CatalogueBatch.id == batch_id,
                                                 CatalogueBatch.approval_status == expect)
                    .values(approval_status=status, approval_error=error))
    batch = session.get(CatalogueBatch, batch_id, populate_existing=True)
    record(session, None, f"catalogue_approval_{status}", batch, {"approval_status": expect},
           {"approval_status": status, "error": error})
    session.commit()


def _pending_count(session: Session, batch_id: int) -> int:
    """Drafts of the batch still waiting."""
    return session.exec(select(func.count(CatalogueDraft.id)).where(CatalogueDraft.batch_id == batch_id,
                                                                     CatalogueDraft.state == "pending")).one()


def _send(batch_id: int) -> bool:
    """Put the job on the queue (in-process without Redis); False when Redis cannot be reached."""
    try:
        enqueue(JOB, batch_id)
    except RedisError:
        return False
    return True
