"""Sending the outbox: claim a due delivery, POST it signed, record the answer; back-off and give up.

A delivery is claimed by a conditional UPDATE that bumps its attempts and pushes next_attempt_at a lease
ahead, so the job enqueued after the commit and the worker's sweep never send the same attempt twice.
"""
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from ..clock import utcnow
from ..models import WebhookDelivery, WebhookSubscription
from . import signing

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8 … minutes (the sweep looks every minute)
LAST_RETRY = timedelta(hours=6)
TIMEOUT = 10  # seconds to wait for the receiver
LEASE = timedelta(minutes=2)  # longer than TIMEOUT: a claimed row is not due again while it is being sent
USER_AGENT = "OKR-KPI-Webhooks/1"


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4 … minutes, at most six hours."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY)


def due_ids(session: Session, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Pending deliveries whose next attempt is due."""
    now = now or utcnow()
    return list(session.exec(select(WebhookDelivery.id).where(
        WebhookDelivery.status == "pending",
        or_(WebhookDelivery.next_attempt_at.is_(None), WebhookDelivery.next_attempt_at <= now))
        .order_by(WebhookDelivery.id).limit(limit)))


def deliver(session: Session, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """One attempt at a due delivery; None when it is not due (delivered, given up, or taken by another)."""
    now = now or utcnow()
    if not _claim(session, delivery_id, now):
        return None
    delivery = session.get(WebhookDelivery, delivery_id, populate_existing=True)
    subscription = session.get(WebhookSubscription, delivery.subscription_id)
    if not subscription.active:
        return _finish(session, delivery, "failed", None, "Đăng ký nhận sự kiện đã bị hủy.", now)
    code, error = post(subscription.url, subscription.secret, delivery)
    if code is not None and 200 <= code < 300:
        return _finish(session, delivery, "delivered", code, "", now)
    if delivery.attempts >= MAX_ATTEMPTS:
        return _finish(session, delivery, "failed", code, error, now)
    delivery.next_attempt_at = now + backoff(delivery.attempts)
    return _finish(session, delivery, "pending", code, error, now)


def _claim(session: Session, delivery_id: int, now: datetime) -> bool:
    """Take one attempt: due and pending → attempts + 1, leased; committed before the HTTP call."""
    taken = session.execute(update(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending",
        or_(WebhookDelivery.next_attempt_at.is_(None), WebhookDelivery.next_attempt_at <= now))
        .values(attempts=WebhookDelivery.attempts + 1, next_attempt_at=now + LEASE, last_attempt_at=now)
        .execution_options(synchronize_session=False)).rowcount
    session.commit()
    return taken == 1


def _finish(session: Session, delivery: WebhookDelivery, status: str, code: int | None, error: str,
            now: datetime) -> WebhookDelivery:
    """Record the attempt's outcome."""
    delivery.status, delivery.last_status_code, delivery.last_error = status, code, error[:500]
    if status == "delivered":
        delivery.delivered_at, delivery.next_attempt_at = now, None
    elif status == "failed":
        delivery.next_attempt_at = None
    session.add(delivery)
    session.commit()
    return delivery


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to record, not to follow (a POST must not turn into a GET elsewhere)."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def headers(secret: str, delivery: WebhookDelivery, timestamp: int | None = None) -> dict:
    """The request's headers, signed at the time of this attempt."""
    body = delivery.body.encode()
    return {"Content-Type": "application/json", "User-Agent": USER_AGENT, "X-OKR-Event": delivery.event,
            "X-OKR-Delivery": str(delivery.id),
            signing.HEADER: signing.signature(secret, timestamp or int(time.time()), body)}


def post(url: str, secret: str, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """POST the body; (status code or None, error text)."""
    request = urllib.request.Request(url, data=delivery.body.encode(), headers=headers(secret, delivery),
                                     method="POST")
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"Máy nhận trả lời mã {error.code}."
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"Không gửi được: {reason}"

