"""Safe accounts in a real browser: a cookie copied before logout is worthless after it; the throttled
login page says when to try again; screenshots for people to look at."""
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import delete, select

from webapp.db import new_session
from webapp.models import LoginThrottle, Unit, UserAccount

from .conftest import sign_in, sign_out


def _username(app, role: str) -> str:
    """An account of phường Hạc Thành the other browser tests leave alone."""
    with app.app_context(), new_session(app) as session:
        return session.exec(select(UserAccount.username).join(Unit, Unit.id == UserAccount.unit_id)
                            .where(Unit.code == "hac-thanh", UserAccount.role == role)
                            .order_by(UserAccount.id.desc())).first()


@pytest.fixture
def clean_counters(browser_app):
    """The throttle table is shared by the session's browser tests: leave it empty."""
    yield
    with browser_app.app_context(), new_session(browser_app) as session:
        session.exec(delete(LoginThrottle))
        session.commit()


def test_a_cookie_copied_before_logout_does_not_open_the_app_after_it(browser, browser_app, live_server, artifacts):
    office = browser.new_context(locale="vi-VN")
    page = office.new_page()
    sign_in(page, live_server, _username(browser_app, "staff"))
    copied = office.cookies()
    sign_out(page)
    thief = browser.new_context(locale="vi-VN")
    thief.add_cookies(copied)
    stolen = thief.new_page()
    stolen.goto(f"{live_server}/")
    expect(stolen).to_have_url(re.compile(r"/login"))
    stolen.screenshot(path=str(artifacts / "accounts-cookie-after-logout.png"))
    office.close()
    thief.close()


def test_the_throttled_login_page_says_when_to_try_again(page, live_server, artifacts, clean_counters):
    for _ in range(5):
        page.goto(f"{live_server}/login")
        page.fill("#username", "khong-ton-tai")
        page.fill("#password", "sai-mat-khau")
        page.click("button[type=submit]")
        expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    page.fill("#password", "sai-mat-khau")
    page.click("button[type=submit]")
    expect(page.get_by_text(re.compile(r"Vui lòng thử lại sau 1[45] phút \(từ \d\d/\d\d/\d{4} \d\d:\d\d\)"))).to_be_visible()
    page.screenshot(path=str(artifacts / "accounts-login-throttled.png"), full_page=True)
