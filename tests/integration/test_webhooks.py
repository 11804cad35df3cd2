"""Webhooks out: written with the change that announces them (never for a rolled-back one), signed with
HMAC-SHA256 over the timestamp and the body, retried with back-off, given up after MAX_ATTEMPTS."""
import hashlib
import hmac
import json
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.clock import utcnow
from webapp.evaluations import service as evaluations
from webapp.evaluations import unit_month
from webapp.models import ApiClient, EvaluationSheet, Period, UserAccount, WebhookDelivery, WebhookSubscription
from webapp.periods import service as periods
from webapp.webhooks import delivery, events, signing
from webapp.webhooks.outbox import emit, sweep

from . import webhook_receiver
from .api_data import client_for
from .evaluation_data import team

SECRET = "s3cret-shared-with-the-receiver"


@pytest.fixture
def receiver():
    """A local endpoint answering 200 until told otherwise."""
    server, got = webhook_receiver.start()
    yield got
    server.shutdown()
    server.server_close()


def subscribe(session, url: str, event: str = "sheet.published", units=("so-noi-vu",)) -> WebhookSubscription:
    """A subscription of a new client acting for the units (Sở Nội vụ)."""
    client, _ = client_for(session, units, ("results:read",), name=f"Cơ sở dữ liệu cán bộ {event} {len(units)}")
    row = WebhookSubscription(client_id=client.id, event=event, url=url, secret=SECRET)
    session.add(row)
    session.commit()
    return row


def _deliveries(session, event: str | None = None) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).order_by(WebhookDelivery.id)
    return list(session.exec(query.where(WebhookDelivery.event == event) if event else query))


def _pending(session, receiver, answers: list[int]) -> WebhookDelivery:
    """A delivery written (and committed) but not yet sent: the receiver will answer with these codes."""
    subscription = subscribe(session, receiver.url)
    receiver.answers = answers
    row = WebhookDelivery(subscription_id=subscription.id, client_id=subscription.client_id,
                          event="sheet.published", body='{"event":"sheet.published"}', next_attempt_at=utcnow())
    session.add(row)
    session.commit()
    return row


def test_a_delivery_is_signed_with_hmac_sha256_over_the_timestamp_and_the_body(session, receiver):
    row = _pending(session, receiver, [200])
    assert delivery.deliver(session, row.id).status == "delivered"
    got = receiver.got[-1]
    header = got.headers[signing.HEADER]
    stamp, v1 = (part.split("=", 1)[1] for part in header.split(","))
    expected = hmac.new(SECRET.encode(), f"{stamp}.".encode() + got.body, hashlib.sha256).hexdigest()
    assert v1 == expected and got.body == row.body.encode()
    assert got.headers["X-OKR-Event"] == "sheet.published" and got.headers["X-OKR-Delivery"] == str(row.id)
    now = int(time.time())
    assert signing.verify(SECRET, header, got.body, now)
    assert not signing.verify(SECRET, header, got.body + b" ", now)
    assert not signing.verify("another secret", header, got.body, now)
    assert not signing.verify(SECRET, header, got.body, now + signing.TOLERANCE + 5)  # a replay, later


def test_a_500_is_retried_after_its_back_off_and_then_delivered(session, receiver):
    row = _pending(session, receiver, [500, 200])
    now = utcnow()
    first = delivery.deliver(session, row.id, now)
    assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
    assert first.next_attempt_at == now + delivery.backoff(1) and "500" in first.last_error
    assert delivery.deliver(session, row.id, now + timedelta(seconds=30)) is None  # not due yet: nothing sent
    assert len(receiver.got) == 1
    second = delivery.deliver(session, row.id, now + delivery.backoff(1))
    assert (second.status, second.attempts, second.last_status_code) == ("delivered", 2, 200)
    assert second.delivered_at is not None and second.next_attempt_at is None and second.last_error == ""


def test_the_back_off_doubles_up_to_six_hours():
    assert [delivery.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert delivery.backoff(20) == timedelta(hours=6)


def test_a_receiver_that_keeps_failing_is_given_up_after_max_attempts(session, receiver):
    row = _pending(session, receiver, [503])
    moment = utcnow()
    for _ in range(delivery.MAX_ATTEMPTS):
        row = delivery.deliver(session, row.id, moment)
        moment = (row.next_attempt_at or moment) + timedelta(seconds=1)
    assert (row.status, row.attempts, row.last_status_code) == ("failed", delivery.MAX_ATTEMPTS, 503)
    assert row.next_attempt_at is None
    assert delivery.deliver(session, row.id, moment + timedelta(days=1)) is None
    assert len(receiver.got) == delivery.MAX_ATTEMPTS


def test_an_unreachable_receiver_is_recorded_as_an_error_without_a_status_code(session):
    subscription = subscribe(session, "http://127.0.0.1:9/nothing-listens-here")
    row = WebhookDelivery(subscription_id=subscription.id, client_id=subscription.client_id,
                          event="sheet.published", body="{}", next_attempt_at=utcnow())
    session.add(row)
    session.commit()
    sent = delivery.deliver(session, row.id)
    assert sent.status == "pending" and sent.last_status_code is None and "Không gửi được" in sent.last_error


def test_the_sweep_sends_due_deliveries_again(session, receiver):
    row = _pending(session, receiver, [200])
    assert sweep(session) == 1  # in-process without Redis: sent at once
    session.expire_all()
    assert session.get(WebhookDelivery, row.id).status == "delivered"
    assert sweep(session) == 0


def _approved_month(session) -> tuple[Actor, Period]:
    """July of Sở Nội vụ closed, the staff member's sheet approved; (the head, the period)."""
    t = team(session)
    head = Actor.from_account(t.head)
    evaluations.close_month(session, head, date(2026, 7, 1), t.unit)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-07")).one()
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.period_id == period.id,
                                                       EvaluationSheet.person_id == t.person.id)).one()
    sheet.state = "approved"
    session.commit()
    return head, period


def test_publishing_a_month_sends_sheet_published_to_the_subscriber(session, receiver):
    subscribe(session, receiver.url)
    head, period = _approved_month(session)
    assert unit_month.publish(session, head, period) >= 1
    row = _deliveries(session, "sheet.published")[-1]
    assert row.status == "delivered" and row.unit_id == period.unit_id  # in-process without Redis, after commit
    body = json.loads(receiver.got[-1].body)
    assert body["event"] == "sheet.published" and body["unit"]["code"] == "so-noi-vu"
    assert body["data"]["period"] == "2026-07" and body["data"]["results"].endswith("results?month=2026-07")


def test_closing_a_period_sends_period_closed(session, receiver):
    subscribe(session, receiver.url, "period.closed")
    head, period = _approved_month(session)
    while period.state != "closed":
        periods.step(session, head, period)
    session.commit()
    body = json.loads(receiver.got[-1].body)
    assert body["event"] == "period.closed" and body["data"]["closed_at"]
    assert _deliveries(session, "period.closed")[-1].status == "delivered"


def test_a_rolled_back_publish_leaves_no_delivery_and_sends_nothing(session, receiver):
    subscribe(session, receiver.url)
    head, period = _approved_month(session)
    before = session.exec(select(func.count(WebhookDelivery.id))).one()
    sheets = unit_month._bulk(session, head, period, "approved", "published", "sheet_published", commit=False)
    assert events.sheets_published(session, period, sheets) == 1
    session.rollback()  # e.g. a later step of the same request failed
    assert session.exec(select(func.count(WebhookDelivery.id))).one() == before
    session.commit()  # a later commit of the same session sends nothing left over
    assert receiver.got == []


def test_an_inactive_subscription_gets_nothing(session, receiver):
    subscribe(session, receiver.url).active = False
    session.commit()
    head, period = _approved_month(session)
    unit_month.publish(session, head, period)
    assert _deliveries(session, "sheet.published") == [] and receiver.got == []


def test_a_client_of_other_units_or_revoked_gets_nothing(session, receiver):
    subscribe(session, receiver.url, units=("so-khcn",))
    revoked = subscribe(session, receiver.url, units=("so-noi-vu", "so-khcn"))
    session.get(ApiClient, revoked.client_id).revoked_at = utcnow()
    session.commit()
    head, period = _approved_month(session)
    unit_month.publish(session, head, period)
    assert _deliveries(session, "sheet.published") == [] and receiver.got == []


def test_emit_refuses_an_unknown_event(session):
    t = team(session)
    with pytest.raises(AssertionError):
        emit(session, "sheet.deleted", t.unit, {})
