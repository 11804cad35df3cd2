"""Writing events into the outbox in the caller's transaction, and sending them once it commits.

The delivery rows are inserted with the state change (a rolled-back publish leaves none); the jobs are
enqueued only after the commit (a worker never looks for a row that is not there). Redis down or a
queued job lost: the worker's sweep sends every due row again.
"""
import json
import logging
import uuid

from redis.exceptions import RedisError
from sqlalchemy import event as sa_event
from sqlmodel import Session, select

from ..clock import utcnow
from ..models import Unit, WebhookDelivery, WebhookSubscription
from ..models.webhooks import WEBHOOK_EVENTS
from ..queue import enqueue
from . import delivery
from .clients import subscriptions_for

log = logging.getLogger(__name__)
PENDING = "webhook_pending"  # session.info key: delivery ids to enqueue after the commit


def emit(session: Session, event: str, unit: Unit, data: dict) -> int:
    """Add one delivery per active subscription of a client that may act for the unit; how many."""
    assert event in WEBHOOK_EVENTS, event
    now = utcnow()
    body = json.dumps({"id": uuid.uuid4().hex, "event": event, "occurred_at": now.isoformat(timespec="seconds"),
                       "unit": {"code": unit.code, "name": unit.name}, "data": data},
                      ensure_ascii=False, separators=(",", ":"))
    rows = [WebhookDelivery(subscription_id=s.id, client_id=s.client_id, event=event, unit_id=unit.id, body=body,
                            next_attempt_at=now) for s in subscriptions_for(session, event, unit.id)]
    if not rows:
        return 0
    session.add_all(rows)
    session.flush()
    _send_after_commit(session, [row.id for row in rows])
    return len(rows)


def _send_after_commit(session: Session, ids: list[int]) -> None:
    """Remember the ids on the session; its commit enqueues them, its rollback forgets them."""
    if PENDING not in session.info:
        session.info[PENDING] = []
        sa_event.listen(session, "after_commit", _enqueue_pending)
        sa_event.listen(session, "after_rollback", _forget_pending)
    session.info[PENDING].extend(ids)


def _forget_pending(session: Session) -> None:
    """Rolled back: the rows are gone, nothing to send."""
    session.info[PENDING] = []


def _enqueue_pending(session: Session) -> None:
    """Committed: one job per delivery (in-process without Redis); a refusing queue leaves them to the sweep."""
    ids, session.info[PENDING] = session.info[PENDING], []
    for delivery_id in ids:
        send(delivery_id)


def send(delivery_id: int) -> bool:
    """Enqueue one delivery; False when Redis cannot be reached (the sweep sends it later)."""
    try:
        enqueue("workers.webhooks.deliver_webhook", delivery_id)
    except RedisError:
        return False
    except Exception:  # noqa: BLE001 - in-process (no Redis): the change is committed, the row stays due
        log.exception("Gửi sự kiện %s thất bại; sẽ gửi lại ở lượt quét sau.", delivery_id)
        return False
    return True


def sweep(session: Session) -> int:
    """Enqueue every due delivery again (lost jobs, retries after their back-off); how many."""
    ids = delivery.due_ids(session)
    session.rollback()  # nothing held while the queue is talked to
    return sum(send(delivery_id) for delivery_id in ids)


def history(session: Session, client_id: int, limit: int = 100) -> list[tuple[WebhookDelivery, WebhookSubscription]]:
    """A client's latest deliveries with their subscriptions, newest first."""
    return list(session.exec(select(WebhookDelivery, WebhookSubscription)
                             .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
                             .where(WebhookDelivery.client_id == client_id)
                             .order_by(WebhookDelivery.id.desc()).limit(limit)))
