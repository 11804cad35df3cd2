"""A session ends after SESSION_LIFETIME_HOURS or SESSION_IDLE_MINUTES without use: pages go to login with a
Vietnamese message, htmx gets 401 + HX-Redirect; the cookie is Secure outside demo mode."""
from webapp.config import load_config

from ..helpers import username_of


def _age(user, signed_in_ago: int = 0, seen_ago: int = 0) -> None:
    """Move the session's clocks into the past by so many seconds."""
    with user.raw.session_transaction() as cookie:
        cookie["signed_in_at"] -= signed_in_ago
        cookie["seen_at"] -= seen_ago


def test_a_session_idle_past_the_limit_goes_to_login_with_a_vietnamese_message(app, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    _age(user, seen_ago=app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    response = user.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = user.get(response.headers["Location"]).get_data(as_text=True)
    assert "không hoạt động quá 60 phút" in page
    assert user.get("/").status_code == 302  # the session stays ended


def test_an_idle_htmx_request_gets_401_with_hx_redirect(app, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    _age(user, seen_ago=app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    response = user.get("/units/hac-thanh/catalogue?q=ho", hx=True)
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")


def test_an_idle_write_goes_to_login_not_to_a_csrf_refusal_and_changes_nothing(app, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    _age(user, seen_ago=app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    response = user.post("/diary/entries", {"quantity": "1"}, hx=True)
    assert response.status_code == 401 and response.headers["HX-Redirect"] == "/login"
    plain = login(username_of(session, "hac-thanh", "staff"))
    _age(plain, seen_ago=app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    assert plain.post("/logout").status_code == 302


def test_a_session_in_use_outlives_the_idle_limit(app, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    _age(user, signed_in_ago=idle, seen_ago=idle - 5)
    assert user.get("/").status_code == 200  # this request counts as use
    _age(user, signed_in_ago=idle - 10)
    assert user.get("/").status_code == 200


def test_a_session_past_its_lifetime_ends_even_when_in_use(app, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    _age(user, signed_in_ago=app.config["SESSION_LIFETIME_HOURS"] * 3600 + 1)
    response = user.get("/")
    assert response.status_code == 302
    assert "đã quá 12 giờ" in user.get(response.headers["Location"]).get_data(as_text=True)


def test_the_limits_come_from_the_environment(app, login, session, monkeypatch):
    app.config["SESSION_IDLE_MINUTES"] = 5
    user = login(username_of(session, "hac-thanh", "staff"))
    _age(user, seen_ago=5 * 60 + 1)
    assert user.get("/").status_code == 302
    monkeypatch.setenv("SESSION_LIFETIME_HOURS", "8")
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "20")
    config = load_config(str(app.instance_path))
    assert (config["SESSION_LIFETIME_HOURS"], config["SESSION_IDLE_MINUTES"]) == (8, 20)
    assert config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 8 * 3600


def test_the_login_cookie_is_secure_httponly_lax_and_expires_with_the_lifetime(client, session):
    username = username_of(session, "hac-thanh", "staff")
    response = client.raw.post("/login", data={"username": username, "password": "Demo@2026",
                                               "csrf_token": client.csrf()})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie


def test_the_cookie_is_secure_by_default_except_in_demo_mode(monkeypatch, tmp_path):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("OKR_DEMO", raising=False)
    assert load_config(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("OKR_DEMO", "1")
    assert load_config(str(tmp_path))["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert load_config(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
