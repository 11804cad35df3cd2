"""Signing in and out, htmx without a session, CSRF on every write, cookie flags."""
from sqlmodel import func, select

from webapp.models import AuditLog

from ..helpers import username_of


def test_login_page_speaks_vietnamese(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and 'lang="vi"' in page


def test_a_staff_member_logs_in_and_sees_their_home_page(login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    page = user.get("/").get_data(as_text=True)
    assert "Ủy ban nhân dân phường Hạc Thành" in page


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client, session):
    username = username_of(session, "hac-thanh", "staff")
    response = client.raw.post("/login", data={"username": username, "password": "sai", "csrf_token": client.csrf()})
    assert response.status_code == 422
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_an_anonymous_page_request_is_redirected_to_login(client):
    response = client.get("/org")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/org")


def test_an_htmx_request_without_a_session_gets_hx_redirect_not_the_login_form(client):
    response = client.get("/units/hac-thanh/catalogue?q=ho", hx=True)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")
    assert "<form" not in response.get_data(as_text=True)


def test_a_login_post_without_a_csrf_token_changes_nothing(client, session, app):
    username = username_of(session, "hac-thanh", "staff")
    audits_before = session.exec(select(func.count()).select_from(AuditLog)).one()
    response = client.raw.post("/login", data={"username": username, "password": "Demo@2026"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert session.exec(select(func.count()).select_from(AuditLog)).one() == audits_before
    assert client.get("/").status_code == 302  # still anonymous


def test_a_logout_without_a_csrf_token_is_refused(login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    assert user.post("/logout", csrf=False).status_code == 400
    assert user.get("/").status_code == 200  # still signed in
    assert user.post("/logout").status_code == 303
    assert user.get("/").status_code == 302


def test_an_htmx_write_with_a_forged_token_is_refused(login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    response = user.raw.post("/logout", headers={"HX-Request": "true", "X-CSRFToken": "forged"})
    assert response.status_code == 400
    assert response.headers.get("HX-Reswap") == "none"


def test_the_session_cookie_is_httponly_and_samesite_lax(client, session):
    username = username_of(session, "hac-thanh", "staff")
    response = client.raw.post("/login", data={"username": username, "password": "Demo@2026",
                                               "csrf_token": client.csrf()})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_does_not_follow_an_outside_next_url(client, session):
    username = username_of(session, "hac-thanh", "staff")
    response = client.raw.post("/login?next=//evil.example/", data={
        "username": username, "password": "Demo@2026", "csrf_token": client.csrf()})
    assert response.headers["Location"] == "/"


def test_a_successful_login_is_audited(client, session):
    username = username_of(session, "so-noi-vu", "head")
    client.login(username)
    actions = session.exec(select(AuditLog.action).where(AuditLog.action == "login")).all()
    assert actions
