"""Webhook subscriptions and their delivery history, kept by the system administrator per integration client."""
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import require_role
from ..clock import utcnow
from ..errors import Conflict, DomainError, NotFound
from ..models import ApiClient, WebhookDelivery, WebhookSubscription
from ..models.webhooks import WEBHOOK_EVENTS
from ..text import tidy
from . import outbox

EVENT_LABELS = {"sheet.published": "Công khai kết quả đánh giá tháng (sheet.published)",
                "period.closed": "Khóa kỳ đánh giá (period.closed)"}
STATUS_LABELS = {"pending": "Đang chờ gửi", "delivered": "Đã gửi", "failed": "Ngừng gửi lại"}
AUDITED = ("client_id", "event", "url", "active")  # never the secret
MIN_SECRET, MAX_SECRET = 16, 128
_SECRET = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no spaces: typed identically on both systems


@dataclass(frozen=True)
class ClientHooks:
    """A client's subscriptions and its latest deliveries."""

    client: ApiClient
    subscriptions: list[WebhookSubscription]
    deliveries: list[tuple[WebhookDelivery, WebhookSubscription]]


def client_hooks(session: Session, actor: Actor, client_id: int) -> ClientHooks:
    """The administrator's view of one client's webhooks."""
    client = _client(session, actor, client_id)
    subscriptions = session.exec(select(WebhookSubscription).where(WebhookSubscription.client_id == client.id)
                                 .order_by(WebhookSubscription.event)).all()
    return ClientHooks(client, list(subscriptions), outbox.history(session, client.id))


def subscribe(session: Session, actor: Actor, client_id: int, event: str, url: str, secret: str) -> WebhookSubscription:
    """Subscribe the client to the event (or change the URL and secret of its subscription), audited."""
    client = _client(session, actor, client_id)
    if client.revoked_at is not None:
        raise DomainError("Hệ thống tích hợp này đã bị thu hồi mã truy cập.")
    event, url = tidy(event), _checked_url(url)
    if event not in WEBHOOK_EVENTS:
        raise DomainError("Vui lòng chọn sự kiện cần gửi.", field="event")
    if not (MIN_SECRET <= len(secret) <= MAX_SECRET and _SECRET.fullmatch(secret)):
        raise DomainError(f"Khóa bí mật gồm {MIN_SECRET}–{MAX_SECRET} ký tự in được, không có dấu cách.",
                          field="secret")
    row = session.exec(select(WebhookSubscription).where(WebhookSubscription.client_id == client.id,
                                                         WebhookSubscription.event == event).with_for_update()).first()
    before = snapshot(row, AUDITED) if row else {}
    if row is None:
        row = WebhookSubscription(client_id=client.id, event=event, url=url, secret=secret,
                                  created_by_id=actor.account_id)
    row.url, row.secret, row.active = url, secret, True
    try:
        session.add(row)
        record(session, actor, "webhook_subscribed", row, before, snapshot(row, AUDITED))
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("Đăng ký này vừa được người khác tạo. Vui lòng tải lại trang.") from None
    return row


def unsubscribe(session: Session, actor: Actor, subscription_id: int) -> WebhookSubscription:
    """Stop sending the event to the client (pending deliveries are given up when their turn comes)."""
    row = session.get(WebhookSubscription, subscription_id)
    if row is None:
        raise NotFound("Không tìm thấy đăng ký nhận sự kiện.")
    _client(session, actor, row.client_id)
    before = snapshot(row, AUDITED)
    taken = session.execute(update(WebhookSubscription).where(WebhookSubscription.id == row.id,
                                                              WebhookSubscription.active)
                            .values(active=False).execution_options(synchronize_session="fetch")).rowcount
    if taken != 1:
        raise Conflict("Đăng ký này đã được hủy trước đó.")
    record(session, actor, "webhook_unsubscribed", row, before, snapshot(row, AUDITED))
    session.commit()
    return row


def resend(session: Session, actor: Actor, delivery_id: int) -> WebhookDelivery:
    """A delivery that was given up goes out again, with a fresh count of attempts."""
    row = session.get(WebhookDelivery, delivery_id)
    if row is None:
        raise NotFound("Không tìm thấy lần gửi sự kiện.")
    _client(session, actor, row.client_id)
    before = snapshot(row, ("status", "attempts"))
    taken = session.execute(update(WebhookDelivery).where(WebhookDelivery.id == row.id,
                                                          WebhookDelivery.status == "failed")
                            .values(status="pending", attempts=0, next_attempt_at=utcnow())
                            .execution_options(synchronize_session="fetch")).rowcount
    if taken != 1:
        raise Conflict("Chỉ gửi lại được sự kiện đã ngừng gửi lại.")
    record(session, actor, "webhook_resent", row, before, snapshot(row, ("status", "attempts")))
    session.commit()
    outbox.send(row.id)
    return row


def _client(session: Session, actor: Actor, client_id: int) -> ApiClient:
    """The administrator only; the client must exist."""
    require_role(actor, "admin")
    client = session.get(ApiClient, client_id)
    if client is None:
        raise NotFound("Không tìm thấy hệ thống tích hợp.")
    return client


def _checked_url(url: str) -> str:
    """An http(s) address with a host, at most 500 characters."""
    url = tidy(url)
    parts = urlsplit(url)
    if len(url) > 500 or parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise DomainError("Địa chỉ nhận phải là URL http:// hoặc https:// đầy đủ (tối đa 500 ký tự).", field="url")
    return url
