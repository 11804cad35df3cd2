"""Logout ends the session for real: a captured cookie stops working, on every browser of the account."""
from sqlmodel import select

from webapp.auth.service import end_sessions
from webapp.models import AuditLog, UserAccount

from ..helpers import username_of


def _replay(app, cookie: str):
    """A new browser that carries a captured session cookie."""
    browser = app.test_client()
    browser.set_cookie("session", cookie)
    return browser


def test_a_session_cookie_captured_before_logout_is_refused_after_it(app, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    captured = user.raw.get_cookie("session").value
    assert _replay(app, captured).get("/").status_code == 200
    assert user.post("/logout").status_code == 303
    response = _replay(app, captured).get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_captured_cookie_replayed_by_htmx_after_logout_gets_401(app, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    captured = user.raw.get_cookie("session").value
    user.post("/logout")
    response = _replay(app, captured).get("/units/hac-thanh/catalogue?q=ho", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")


def test_logging_out_in_one_browser_ends_the_accounts_session_in_another(login, session):
    username = username_of(session, "hac-thanh", "staff")
    office, phone = login(username), login(username)
    office.post("/logout")
    assert phone.get("/").status_code == 302


def test_logout_is_audited_with_the_new_session_version(login, session):
    username = username_of(session, "hac-thanh", "staff")
    login(username).post("/logout")
    account = session.exec(select(UserAccount).where(UserAccount.username == username)).one()
    session.refresh(account)
    log = session.exec(select(AuditLog).where(AuditLog.action == "logout", AuditLog.entity_id == account.id)).one()
    assert log.actor_id == account.id and log.after == {"session_version": account.session_version} != {}
    assert account.session_version == 1


def test_the_account_can_log_in_again_after_logout(login, session):
    username = username_of(session, "hac-thanh", "staff")
    login(username).post("/logout")
    assert login(username).get("/").status_code == 200


def test_end_sessions_signs_out_every_browser_of_the_account(login, session):
    username = username_of(session, "hac-thanh", "staff")
    other = username_of(session, "hac-thanh", "manager")
    user, colleague = login(username), login(other)
    account = session.exec(select(UserAccount).where(UserAccount.username == username)).one()
    assert end_sessions(session, account.id, reason="password changed") == 1
    session.commit()
    assert user.get("/").status_code == 302
    assert colleague.get("/").status_code == 200
    assert session.exec(select(AuditLog.reason).where(AuditLog.action == "sessions_ended")).one() == "password changed"


def test_a_cookie_without_a_session_version_is_refused(app, session):
    account = session.exec(select(UserAccount).where(
        UserAccount.username == username_of(session, "hac-thanh", "staff"))).one()
    browser = app.test_client()
    with browser.session_transaction() as cookie:
        cookie["_user_id"] = str(account.id)  # the format before session versions
        cookie["_fresh"] = True
    assert browser.get("/").status_code == 302
