"""Hệ thống tích hợp: the administrator registers a client (its token shown once), rotates and revokes it."""
import re

from sqlmodel import select

from webapp.models import ApiClient, ApiClientUnit, AuditLog

from .api_data import unit_id

TOKEN = re.compile(r"okr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def _register(user, session, **overrides):
    """Post the registration form for Sở Nội vụ with work:write."""
    data = {"name": "QLVB Sở Nội vụ", "scopes": ["work:write"], "unit_ids": [str(unit_id(session, "so-noi-vu"))],
            "rate_limit": "120", **overrides}
    return user.post("/admin/integrations", data=data)


def test_the_admin_registers_a_client_and_sees_its_token_once(login, session):
    admin = login("admin")
    response = _register(admin, session)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = TOKEN.search(html).group(0)
    client = session.exec(select(ApiClient).where(ApiClient.name == "QLVB Sở Nội vụ")).one()
    assert (client.scopes, client.rate_limit_per_minute) == (["work:write"], 120)
    assert session.exec(select(ApiClientUnit.unit_id).where(ApiClientUnit.client_id == client.id)).all() == [
        unit_id(session, "so-noi-vu")]
    assert token not in admin.get("/admin/integrations").get_data(as_text=True)


def test_a_registration_without_scope_or_unit_is_refused_with_a_message(login, session):
    admin = login("admin")
    for overrides in ({"scopes": []}, {"unit_ids": []}, {"name": ""}, {"scopes": ["admin:all"]}):
        response = _register(admin, session, **overrides)
        assert response.status_code == 422 and TOKEN.search(response.get_data(as_text=True)) is None
    assert session.exec(select(ApiClient)).first() is None


def test_rotating_shows_a_new_token_and_revoking_ends_it(login, session):
    admin = login("admin")
    first = TOKEN.search(_register(admin, session).get_data(as_text=True)).group(0)
    client = session.exec(select(ApiClient)).one()
    second = TOKEN.search(admin.post(f"/admin/integrations/{client.id}/rotate").get_data(as_text=True)).group(0)
    assert second != first
    assert admin.post(f"/admin/integrations/{client.id}/revoke").status_code == 303
    session.expire_all()
    assert session.get(ApiClient, client.id).revoked_at is not None
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "apiclient")).all()
    assert sorted(actions) == ["api_client_registered", "api_client_revoked", "api_client_rotated"]


def test_only_the_admin_keeps_integration_clients(login, session):
    for username in ("khcn.lethithuhien",):
        user = login(username)
        assert user.get("/admin/integrations").status_code == 403
        assert _register(user, session).status_code == 403
    assert session.exec(select(ApiClient)).first() is None


def test_the_admin_forms_need_the_csrf_token(login, session):
    response = login("admin").post("/admin/integrations", data={"name": "x"}, csrf=False)
    assert response.status_code == 400
