"""One-time reset links: stored only as a hash, usable once, until they expire; void after a newer link or a
lock; setting the password through one follows the policy and ends the account's other sessions."""
import re
from datetime import timedelta

import pytest
from sqlmodel import select
from werkzeug.security import check_password_hash

from webapp.auth.reset_links import token_hash
from webapp.clock import utcnow
from webapp.errors import NotFound
from webapp.models import AuditLog, PasswordResetLink, UserAccount

from ..conftest import Client
from ..helpers import username_of

LINK_RE = re.compile(r'<code id="reset-link">http://localhost(/reset/[^<]+)</code>')
NEW_PASSWORD = "Biển Sầm Sơn lộng gió 8"


def _account(session, username: str) -> UserAccount:
    session.expire_all()
    return session.exec(select(UserAccount).where(UserAccount.username == username)).one()


def _make_link(client, account: UserAccount) -> str:
    response = client.post(f"/accounts/{account.id}/reset-link")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Cache-Control"] == "no-store"
    return LINK_RE.search(response.get_data(as_text=True)).group(1)


def _use(app, path: str, password: str = NEW_PASSWORD, repeated: str | None = None):
    client = Client(app.test_client())
    return client.raw.post(path, data={"new_password": password, "repeated_password": repeated or password,
                                       "csrf_token": client.csrf()})


def _staff(session):
    return _account(session, username_of(session, "so-khcn", "staff"))


def _officer(login, session):
    return login(username_of(session, "so-khcn", "personnel"))


def test_the_link_is_stored_only_as_a_hash_and_its_page_is_never_cached(login, session):
    path = _make_link(_officer(login, session), _staff(session))
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 43
    link = session.exec(select(PasswordResetLink)).one()
    assert link.token_hash == token_hash(token) and token not in link.token_hash
    assert all(token not in str(a.after) for a in session.exec(select(AuditLog)
                                                                .where(AuditLog.action == "reset_link_made")))


def test_the_owner_sets_a_new_password_through_the_link_and_other_sessions_end(app, login, session):
    staff = _staff(session)
    earlier = login(staff.username)
    path = _make_link(_officer(login, session), staff)
    page = Client(app.test_client()).raw.get(path)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    response = _use(app, path)
    assert response.status_code == 303 and response.headers["Location"].endswith("/login")
    changed = _account(session, staff.username)
    assert check_password_hash(changed.password_hash, NEW_PASSWORD) and not changed.must_change_password
    assert earlier.get("/").status_code == 302  # the cookie of before no longer works
    login(staff.username, NEW_PASSWORD)


def test_a_link_works_only_once(app, login, session):
    path = _make_link(_officer(login, session), _staff(session))
    assert _use(app, path).status_code == 303
    again = _use(app, path, "Một mật khẩu khác hẳn 42")
    assert again.status_code == 404 and "đã được dùng" in again.get_data(as_text=True)
    assert check_password_hash(_staff(session).password_hash, NEW_PASSWORD)


def test_an_expired_link_is_refused(app, login, session):
    path = _make_link(_officer(login, session), _staff(session))
    link = session.exec(select(PasswordResetLink)).one()
    link.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert Client(app.test_client()).raw.get(path).status_code == 404
    assert _use(app, path).status_code == 404
    assert check_password_hash(_staff(session).password_hash, "Demo@2026")


def test_the_link_expires_after_the_configured_hours(app, login, session):
    _make_link(_officer(login, session), _staff(session))
    link = session.exec(select(PasswordResetLink)).one()
    lifetime = link.expires_at.replace(tzinfo=None) - link.created_at.replace(tzinfo=None)
    assert timedelta(hours=app.config["RESET_LINK_HOURS"]) - lifetime < timedelta(seconds=5)


def test_a_newer_link_voids_the_older_one(app, login, session):
    officer, staff = _officer(login, session), _staff(session)
    older = _make_link(officer, staff)
    newer = _make_link(officer, staff)
    assert _use(app, older).status_code == 404
    assert _use(app, newer).status_code == 303


def test_locking_the_account_voids_its_link_and_unlocking_does_not_revive_it(app, login, session):
    officer, staff = _officer(login, session), _staff(session)
    path = _make_link(officer, staff)
    officer.post(f"/accounts/{staff.id}/deactivate")
    officer.post(f"/accounts/{staff.id}/reactivate")
    assert _use(app, path).status_code == 404


def test_the_new_password_follows_the_policy_and_a_refusal_keeps_the_link(app, login, session):
    path = _make_link(_officer(login, session), _staff(session))
    short = _use(app, path, "ngan")
    assert short.status_code == 422 and "ít nhất 10 ký tự" in short.get_data(as_text=True)
    mismatch = _use(app, path, NEW_PASSWORD, "Khác hẳn mật khẩu kia 1")
    assert mismatch.status_code == 422 and "không khớp" in mismatch.get_data(as_text=True)
    assert _use(app, path).status_code == 303


def test_only_the_officer_of_the_unit_or_the_admin_makes_a_link(login, session):
    staff = _staff(session)
    for username in (username_of(session, "hac-thanh", "personnel"), username_of(session, "so-khcn", "head"),
                     username_of(session, "so-khcn", "manager")):
        assert login(username).post(f"/accounts/{staff.id}/reset-link").status_code == 403, username
    assert _make_link(login("admin"), staff)
    assert len(session.exec(select(PasswordResetLink)).all()) == 1


def test_an_unknown_or_overlong_token_is_a_404(client):
    assert client.raw.get("/reset/abc").status_code == 404
    assert client.raw.get("/reset/" + "a" * 500).status_code == 404


def test_of_two_requests_racing_on_one_link_only_the_first_sets_the_password(app, login, session, monkeypatch):
    from webapp.auth import reset_links
    path = _make_link(_officer(login, session), _staff(session))
    token = path.rsplit("/", 1)[1]
    stale = reset_links.usable_link(session, token)  # what the slower request read before the other one used it
    session.commit()
    assert _use(app, path).status_code == 303
    monkeypatch.setattr(reset_links, "usable_link", lambda *_: stale)
    with pytest.raises(NotFound):
        reset_links.use_link(session, token, "Mật khẩu của kẻ đến sau 1", "Mật khẩu của kẻ đến sau 1")
    assert check_password_hash(_staff(session).password_hash, NEW_PASSWORD)
