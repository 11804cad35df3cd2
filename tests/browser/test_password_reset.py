"""A reset account through the real pages: the personnel officer resets it, its owner signs in with the
temporary password, is sent to the change page, changes it and lands home; screenshots for people to look at."""
from playwright.sync_api import expect

from .conftest import sign_in, sign_out

OFFICER, STAFF = "ds.trinhthinga", "ds.tranvantien"  # Đông Sơn: no other browser test signs in there
NEW_PASSWORD = "Cánh đồng lúa Đông Sơn 9"


def test_a_reset_account_is_forced_to_change_its_password_and_then_lands_home(page, live_server, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, OFFICER)
    page.click("nav >> text=Tài khoản")
    row = page.locator("tr", has_text=STAFF)
    page.screenshot(path=str(artifacts / "accounts-personnel.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())  # "Đặt lại mật khẩu của …?"
    row.locator("button:has-text('Đặt lại mật khẩu')").click()
    expect(page.locator("h1")).to_have_text("Đã đặt lại mật khẩu")
    temporary = page.locator("#temporary-password").inner_text()
    page.screenshot(path=str(artifacts / "password-reset-shown-once.png"), full_page=True)
    sign_out(page)

    page.goto(f"{live_server}/login")
    page.fill("#username", STAFF)
    page.fill("#password", temporary)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/account/password")
    expect(page.locator(".card")).to_contain_text("Bạn cần đổi mật khẩu trước khi tiếp tục sử dụng hệ thống.")
    expect(page.locator("nav.nav")).to_have_count(0)  # no links that would only lead back here
    page.goto(f"{live_server}/diary")  # every other page leads back to the change form
    page.wait_for_url(f"{live_server}/account/password")
    page.fill("#current_password", temporary)
    page.fill("#new_password", "Demo@2026!!")
    page.fill("#repeated_password", "Demo@2026!!")
    page.click("main button[type=submit]")
    expect(page.locator(".error")).to_contain_text("Mật khẩu quá phổ biến")
    page.screenshot(path=str(artifacts / "password-change-refused.png"), full_page=True)
    page.fill("#current_password", temporary)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#repeated_password", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    expect(page.locator("#messages")).to_contain_text("Đã đổi mật khẩu.")
    expect(page.locator("h1")).to_have_text("Việc cần làm")
    page.screenshot(path=str(artifacts / "password-changed-home.png"), full_page=True)
