"""Accounts that are safe: changing one's password, the forced change, the officer's and admin's reset and
(de)activation, each checked for role and scope and audited without any password in the log."""
import re

from sqlmodel import func, select
from werkzeug.security import check_password_hash

from webapp.models import AuditLog, UserAccount

from ..conftest import CSRF_RE, Client
from ..helpers import username_of

NEW_PASSWORD = "Sông Mã chảy xiết 7"
TEMPORARY_RE = re.compile(r'<code id="temporary-password">([^<]+)</code>')


def _account(session, username: str) -> UserAccount:
    """An account by username, fresh from the database."""
    session.expire_all()
    return session.exec(select(UserAccount).where(UserAccount.username == username)).one()


def _audits(session, action: str) -> list[AuditLog]:
    """The audit records of one action."""
    return list(session.exec(select(AuditLog).where(AuditLog.action == action)).all())


def _sign_in(app, username: str, password: str):
    """Log in through the form without assuming the home page opens (a forced change redirects)."""
    client = Client(app.test_client())
    response = client.raw.post("/login", data={"username": username, "password": password,
                                               "csrf_token": client.csrf()})
    if response.status_code == 303:
        client.token = CSRF_RE.search(client.raw.get("/account/password").get_data(as_text=True)).group(1)
    return client, response


def _change(client, current: str, new: str = NEW_PASSWORD, repeated: str | None = None):
    """Post the change-password form."""
    return client.post("/account/password", {"current_password": current, "new_password": new,
                                             "repeated_password": new if repeated is None else repeated})


def _flag(session, username: str) -> None:
    """Make an account change its password at next login."""
    account = _account(session, username)
    account.must_change_password = True
    session.commit()


# --- changing one's own password -------------------------------------------------------------------

def test_the_header_links_every_user_to_the_change_password_page(login, session):
    page = login(username_of(session, "hac-thanh", "staff")).get("/").get_data(as_text=True)
    assert 'href="/account/password">Đổi mật khẩu</a>' in page


def test_a_user_changes_their_password_and_only_the_new_one_works_afterwards(app, login, session):
    username = username_of(session, "hac-thanh", "staff")
    response = _change(login(username), "Demo@2026")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    account = _account(session, username)
    assert check_password_hash(account.password_hash, NEW_PASSWORD) and not account.must_change_password
    assert _sign_in(app, username, "Demo@2026")[1].status_code == 422
    assert _sign_in(app, username, NEW_PASSWORD)[1].status_code == 303


def test_a_password_change_is_audited_without_any_password(login, session):
    username = username_of(session, "hac-thanh", "staff")
    _change(login(username), "Demo@2026")
    (audit,) = _audits(session, "password_change")
    assert audit.entity_id == _account(session, username).id
    logged = f"{audit.before} {audit.after} {audit.reason}"
    assert NEW_PASSWORD not in logged and "Demo@2026" not in logged and "scrypt" not in logged


def test_a_wrong_current_password_changes_nothing(login, session):
    username = username_of(session, "hac-thanh", "staff")
    response = _change(login(username), "sai-mat-khau-roi")
    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)
    assert check_password_hash(_account(session, username).password_hash, "Demo@2026")
    assert _audits(session, "password_change") == []


def test_the_new_password_typed_twice_must_match(login, session):
    response = _change(login(username_of(session, "hac-thanh", "staff")), "Demo@2026", repeated="Sông Mã chảy xiết 8")
    assert response.status_code == 422
    assert "Hai lần nhập mật khẩu mới không khớp." in response.get_data(as_text=True)


def test_the_new_password_must_pass_the_policy(login, session):
    username = username_of(session, "hac-thanh", "staff")
    user = login(username)
    for new, message in (("ngan9chu", "ít nhất 10 ký tự"), (f"{username}!", "không được là hoặc chứa tên đăng nhập"),
                         ("Matkhau@2026", "quá phổ biến")):
        response = _change(user, "Demo@2026", new)
        assert response.status_code == 422 and message in response.get_data(as_text=True), new
    assert check_password_hash(_account(session, username).password_hash, "Demo@2026")


# --- the forced change ---------------------------------------------------------------------------------

def test_a_user_who_must_change_their_password_is_sent_to_the_change_page_from_every_page(app, session):
    username = username_of(session, "hac-thanh", "staff")
    _flag(session, username)
    user, response = _sign_in(app, username, "Demo@2026")
    assert response.status_code == 303
    for path in ("/", "/org", "/diary", "/units/hac-thanh/catalogue"):
        answer = user.get(path)
        assert answer.status_code == 302 and answer.headers["Location"] == "/account/password", path
    page = user.get("/account/password").get_data(as_text=True)
    assert "Bạn cần đổi mật khẩu trước khi tiếp tục sử dụng hệ thống." in page


def test_signing_in_with_a_password_to_change_leads_straight_to_the_change_page(app, session):
    username = username_of(session, "hac-thanh", "staff")
    _flag(session, username)
    _, response = _sign_in(app, username, "Demo@2026")
    assert response.status_code == 303 and response.headers["Location"] == "/account/password"


def test_an_htmx_request_during_a_forced_change_gets_hx_redirect_to_the_change_page(app, session):
    username = username_of(session, "hac-thanh", "staff")
    _flag(session, username)
    user, _ = _sign_in(app, username, "Demo@2026")
    response = user.get("/units/hac-thanh/catalogue?q=ho", hx=True)
    assert response.status_code == 401 and response.headers["HX-Redirect"] == "/account/password"
    assert "<form" not in response.get_data(as_text=True)


def test_a_write_during_a_forced_change_is_refused_and_changes_nothing(app, session):
    username = username_of(session, "hac-thanh", "staff")
    _flag(session, username)
    user, _ = _sign_in(app, username, "Demo@2026")
    before = session.exec(select(func.count()).select_from(AuditLog)).one()
    response = user.post("/diary/entries", {"description": "Soạn báo cáo"})
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"
    assert session.exec(select(func.count()).select_from(AuditLog)).one() == before


def test_logout_and_static_files_stay_open_during_a_forced_change(app, session):
    username = username_of(session, "hac-thanh", "staff")
    _flag(session, username)
    user, _ = _sign_in(app, username, "Demo@2026")
    static = user.get("/static/css/app.css")
    assert static.status_code == 200
    static.close()
    assert user.post("/logout").status_code == 303
    assert user.get("/").headers["Location"].startswith("/login")


def test_after_the_forced_change_the_user_lands_home_and_every_page_opens(app, session):
    username = username_of(session, "hac-thanh", "staff")
    _flag(session, username)
    user, _ = _sign_in(app, username, "Demo@2026")
    response = _change(user, "Demo@2026")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert user.get("/").status_code == 200 and user.get("/org").status_code == 200
    assert not _account(session, username).must_change_password


# --- the officer's and the admin's accounts page -----------------------------------------------------

def test_the_personnel_officer_lists_only_their_units_accounts_and_never_the_admin(login, session):
    page = login(username_of(session, "hac-thanh", "personnel")).get("/accounts").get_data(as_text=True)
    assert username_of(session, "hac-thanh", "staff") in page
    assert username_of(session, "dong-son", "staff") not in page
    assert ">admin<" not in page


def test_the_admin_lists_the_accounts_of_any_unit_one_unit_at_a_time(login, session):
    admin = login("admin")
    page = admin.get("/accounts?unit=so-khcn").get_data(as_text=True)
    assert username_of(session, "so-khcn", "staff") in page and username_of(session, "hac-thanh", "staff") not in page
    province = admin.get("/accounts").get_data(as_text=True)
    assert "tochuc.chinhquyen" in province and username_of(session, "so-khcn", "staff") not in province


def test_the_personnel_officer_cannot_list_another_unit_through_the_unit_filter(login, session):
    page = login(username_of(session, "hac-thanh", "personnel")).get("/accounts?unit=dong-son").get_data(as_text=True)
    assert username_of(session, "dong-son", "staff") not in page and username_of(session, "hac-thanh", "staff") in page


def test_the_accounts_page_is_linked_in_the_header_for_the_officer_and_the_admin_only(login, session):
    link = 'href="/accounts">Tài khoản</a>'
    assert link in login(username_of(session, "hac-thanh", "personnel")).get("/").get_data(as_text=True)
    assert link in login("admin").get("/").get_data(as_text=True)
    assert link not in login(username_of(session, "hac-thanh", "head")).get("/").get_data(as_text=True)


def test_a_staff_member_or_a_head_cannot_open_the_accounts_page(login, session):
    for role in ("staff", "head"):
        response = login(username_of(session, "hac-thanh", role)).get("/accounts")
        assert response.status_code == 403 and "không dành cho vai trò của bạn" in response.get_data(as_text=True)


# --- resetting a password -------------------------------------------------------------------------------

def _reset(client, session, username: str):
    """Post a reset of this account's password."""
    return client.post(f"/accounts/{_account(session, username).id}/reset-password")


def test_the_personnel_officer_resets_a_password_shown_once_and_never_stored_or_logged(login, session):
    username = username_of(session, "hac-thanh", "staff")
    response = _reset(login(username_of(session, "hac-thanh", "personnel")), session, username)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    temporary = TEMPORARY_RE.search(response.get_data(as_text=True)).group(1)
    account = _account(session, username)
    assert account.must_change_password and temporary not in account.password_hash
    assert check_password_hash(account.password_hash, temporary)
    (audit,) = _audits(session, "password_reset")
    assert audit.entity_id == account.id and temporary not in f"{audit.before} {audit.after} {audit.reason}"
    listing = login(username_of(session, "hac-thanh", "personnel")).get("/accounts")
    assert temporary not in listing.get_data(as_text=True)


def test_a_reset_account_signs_in_with_the_temporary_password_and_must_change_it(app, login, session):
    username = username_of(session, "hac-thanh", "staff")
    response = _reset(login(username_of(session, "hac-thanh", "personnel")), session, username)
    temporary = TEMPORARY_RE.search(response.get_data(as_text=True)).group(1)
    assert _sign_in(app, username, "Demo@2026")[1].status_code == 422
    user, signed_in = _sign_in(app, username, temporary)
    assert signed_in.status_code == 303 and user.get("/").headers["Location"] == "/account/password"
    assert _change(user, temporary).headers["Location"] == "/"
    assert user.get("/").status_code == 200


def test_the_admin_resets_an_account_of_any_unit(login, session):
    username = username_of(session, "so-khcn", "personnel")
    assert _reset(login("admin"), session, username).status_code == 200
    assert _account(session, username).must_change_password


def test_the_personnel_officer_cannot_reset_another_units_account(login, session):
    username = username_of(session, "dong-son", "staff")
    response = _reset(login(username_of(session, "hac-thanh", "personnel")), session, username)
    assert response.status_code == 403 and "không thuộc cơ quan, đơn vị của bạn" in response.get_data(as_text=True)
    assert not _account(session, username).must_change_password and _audits(session, "password_reset") == []


def test_the_personnel_officer_cannot_reset_the_admin_nor_an_organiser(login, session):
    officer = login(username_of(session, "hac-thanh", "personnel"))
    for username in ("admin", "tochuc.chinhquyen"):
        assert _reset(officer, session, username).status_code == 403
        assert check_password_hash(_account(session, username).password_hash, "Demo@2026")


def test_nobody_resets_their_own_password_through_the_reset_path(login, session):
    for username in (username_of(session, "hac-thanh", "personnel"), "admin"):
        response = _reset(login(username), session, username)
        assert response.status_code == 403 and "Đổi mật khẩu" in response.get_data(as_text=True)
        assert not _account(session, username).must_change_password


def test_a_staff_member_or_a_head_cannot_reset_a_colleagues_password(login, session):
    target = username_of(session, "hac-thanh", "staff")
    for role in ("head", "manager"):
        assert _reset(login(username_of(session, "hac-thanh", role)), session, target).status_code == 403
    assert _audits(session, "password_reset") == []


# --- deactivating and reactivating ------------------------------------------------------------------------

def test_a_deactivated_account_cannot_sign_in_and_its_open_session_stops(app, login, session):
    username = username_of(session, "hac-thanh", "staff")
    user = login(username)
    officer = login(username_of(session, "hac-thanh", "personnel"))
    response = officer.post(f"/accounts/{_account(session, username).id}/deactivate")
    assert response.status_code == 303 and response.headers["Location"] == "/accounts"
    assert _account(session, username).active is False  # kept, never deleted
    assert user.get("/").headers["Location"].startswith("/login")
    assert _sign_in(app, username, "Demo@2026")[1].status_code == 422
    (audit,) = _audits(session, "account_deactivate")
    assert audit.before == {"active": True} and audit.after == {"active": False}


def test_a_reactivated_account_signs_in_again(app, login, session):
    username = username_of(session, "hac-thanh", "staff")
    officer = login(username_of(session, "hac-thanh", "personnel"))
    account_id = _account(session, username).id
    officer.post(f"/accounts/{account_id}/deactivate")
    assert officer.post(f"/accounts/{account_id}/reactivate").status_code == 303
    assert _sign_in(app, username, "Demo@2026")[1].status_code == 303
    assert len(_audits(session, "account_reactivate")) == 1


def test_the_personnel_officer_cannot_deactivate_another_units_account_the_admin_or_themselves(login, session):
    officer_name = username_of(session, "hac-thanh", "personnel")
    officer = login(officer_name)
    for username in (username_of(session, "dong-son", "staff"), "admin", officer_name):
        assert officer.post(f"/accounts/{_account(session, username).id}/deactivate").status_code == 403
        assert _account(session, username).active
    assert _audits(session, "account_deactivate") == []


def test_the_admin_deactivates_an_account_of_any_unit(login, session):
    username = username_of(session, "so-khcn", "staff")
    assert login("admin").post(f"/accounts/{_account(session, username).id}/deactivate").status_code == 303
    assert not _account(session, username).active


def test_an_unknown_account_is_not_found(login, session):
    response = login("admin").post("/accounts/999999/reset-password")
    assert response.status_code == 404 and "Không tìm thấy tài khoản." in response.get_data(as_text=True)


# --- sessions ended by a password change, a reset or a lock -------------------------------------------------

def test_a_password_change_ends_the_other_sessions_of_the_account_but_not_this_one(login, session):
    username = username_of(session, "hac-thanh", "staff")
    elsewhere, here = login(username), login(username)
    assert _change(here, "Demo@2026").status_code == 303
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").headers["Location"].startswith("/login")


def test_a_reset_ends_the_open_sessions_of_the_account(login, session):
    username = username_of(session, "hac-thanh", "staff")
    user = login(username)
    _reset(login(username_of(session, "hac-thanh", "personnel")), session, username)
    assert user.get("/").headers["Location"].startswith("/login")


def test_a_cookie_from_before_a_lock_stays_dead_after_the_account_is_unlocked(login, session):
    username = username_of(session, "hac-thanh", "staff")
    user = login(username)
    officer = login(username_of(session, "hac-thanh", "personnel"))
    account_id = _account(session, username).id
    officer.post(f"/accounts/{account_id}/deactivate")
    officer.post(f"/accounts/{account_id}/reactivate")
    assert user.get("/").headers["Location"].startswith("/login")
