"""Sự kiện gửi đi: the administrator subscribes a client to an event, reads the history of deliveries
(event, status code, attempts, last error, next try) and sends a given-up one again; nobody else may."""
from sqlmodel import func, select

from webapp.clock import as_utc, utcnow
from webapp.models import AuditLog, WebhookDelivery, WebhookSubscription

from .api_data import client_for
from .worklog_data import team

SECRET = "a-long-shared-secret-1234"


def _page(client_id: int) -> str:
    return f"/admin/integrations/{client_id}/webhooks"


def test_the_admin_subscribes_a_client_and_the_secret_is_never_shown_again(login, session):
    api_client, _ = client_for(session, scopes=("results:read",), name="CSDL cán bộ tỉnh")
    admin = login("admin")
    response = admin.post(_page(api_client.id), data={
        "event": "sheet.published", "url": "https://hr.thanhhoa.gov.vn/okr", "secret": SECRET})
    assert response.status_code == 303
    row = session.exec(select(WebhookSubscription).where(WebhookSubscription.client_id == api_client.id)).one()
    assert (row.event, row.url, row.secret, row.active) == ("sheet.published", "https://hr.thanhhoa.gov.vn/okr",
                                                            SECRET, True)
    page = admin.get(_page(api_client.id)).get_data(as_text=True)
    assert "https://hr.thanhhoa.gov.vn/okr" in page and SECRET not in page
    audit = session.exec(select(AuditLog).where(AuditLog.action == "webhook_subscribed")).one()
    assert "secret" not in audit.after and audit.after["url"] == row.url


def test_a_bad_url_or_a_short_secret_is_refused_with_its_message_and_nothing_is_saved(login, session):
    api_client, _ = client_for(session, scopes=("results:read",), name="CSDL cán bộ tỉnh")
    admin = login("admin")
    for data, message in (({"url": "ftp://x", "secret": SECRET}, "http:// hoặc https://"),
                          ({"url": "https://hr.example/okr", "secret": "ngan"}, "Khóa bí mật gồm"),
                          ({"url": "https://hr.example/okr", "secret": SECRET, "event": "sheet.deleted"}, "sự kiện")):
        response = admin.post(_page(api_client.id), data={"event": "period.closed", **data})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert session.exec(select(func.count(WebhookSubscription.id))).one() == 0


def test_the_history_shows_each_delivery_and_a_given_up_one_can_be_sent_again(login, session):
    api_client, _ = client_for(session, scopes=("results:read",), name="CSDL cán bộ tỉnh")
    subscription = WebhookSubscription(client_id=api_client.id, event="period.closed",
                                       url="http://127.0.0.1:9/closed", secret=SECRET)
    session.add(subscription)
    session.flush()
    failed = WebhookDelivery(subscription_id=subscription.id, client_id=api_client.id, event="period.closed",
                             body="{}", status="failed", attempts=8, last_status_code=503,
                             last_error="Máy nhận trả lời mã 503.")
    session.add(failed)
    session.commit()
    admin = login("admin")
    page = admin.get(_page(api_client.id)).get_data(as_text=True)
    assert f'id="webhook-delivery-{failed.id}"' in page and "Máy nhận trả lời mã 503." in page
    assert "Ngừng gửi lại" in page and "Gửi lại" in page
    assert admin.post(f"/admin/integrations/deliveries/{failed.id}/resend").status_code == 303
    session.expire_all()
    again = session.get(WebhookDelivery, failed.id)
    assert again.status == "pending" and again.attempts == 1  # sent at once (no Redis), nobody listening: retry later
    assert "Không gửi được" in again.last_error and as_utc(again.next_attempt_at) > utcnow()


def test_stopping_a_subscription_keeps_it_listed_as_stopped(login, session):
    api_client, _ = client_for(session, scopes=("results:read",), name="CSDL cán bộ tỉnh")
    row = WebhookSubscription(client_id=api_client.id, event="sheet.published", url="https://hr.example/okr",
                              secret=SECRET)
    session.add(row)
    session.commit()
    admin = login("admin")
    assert admin.post(f"/admin/integrations/webhooks/{row.id}/stop").status_code == 303
    session.expire_all()
    assert session.get(WebhookSubscription, row.id).active is False
    assert "Đã hủy" in admin.get(_page(api_client.id)).get_data(as_text=True)
    assert admin.post(f"/admin/integrations/webhooks/{row.id}/stop").status_code == 409


def test_only_the_administrator_sees_or_changes_webhooks(login, session):
    api_client, _ = client_for(session, scopes=("results:read",), name="CSDL cán bộ tỉnh")
    head = login(team(session).head.username)
    assert head.get(_page(api_client.id)).status_code == 403
    assert head.post(_page(api_client.id), data={"event": "sheet.published", "url": "https://x.example/a",
                                                 "secret": SECRET}).status_code == 403
    assert session.exec(select(func.count(WebhookSubscription.id))).one() == 0


def test_an_unknown_client_is_not_found(login):
    assert login("admin").get(_page(987654)).status_code == 404
