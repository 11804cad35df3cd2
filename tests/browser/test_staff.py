"""The staff list through the real pages: the personnel officer of Sở Khoa học và Công nghệ adds a person,
sees the initial password once, and the new person signs in with it and is made to change it."""
from playwright.sync_api import expect

from .conftest import sign_in, sign_out

OFFICER = "khcn.lethithuhien"
NEW_PASSWORD = "Hoa ban nở trên Pù Luông 3"


def test_the_officer_adds_a_person_who_signs_in_with_the_initial_password_and_must_change_it(page, live_server,
                                                                                            artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, OFFICER)
    page.click("nav >> text=Danh sách cán bộ")
    expect(page.locator("h1")).to_have_text("Danh sách cán bộ, công chức, viên chức")
    page.screenshot(path=str(artifacts / "staff-list.png"), full_page=True)
    page.click("text=Thêm cán bộ")
    page.fill("#full_name", "Nguyễn Thị Thanh Trà")
    page.fill("#national_id", "038199000777")
    page.select_option("#staff_kind", "vien_chuc")
    page.fill("#title", "Chuyên viên")
    page.select_option("#division_id", index=1)
    page.fill("#started_on", "01/12/2026")
    page.screenshot(path=str(artifacts / "staff-add-form.png"), full_page=True)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Đã thêm cán bộ và tạo tài khoản")
    username = page.locator("#new-username").inner_text()
    initial = page.locator("#initial-password").inner_text()
    assert username == "khcn.nguyenthithanhtra" and len(initial) == 12
    page.screenshot(path=str(artifacts / "staff-initial-password.png"), full_page=True)
    page.click("main >> text=Danh sách cán bộ")
    row = page.locator("#staff-rows tr", has_text="Nguyễn Thị Thanh Trà")
    expect(row).to_contain_text("01/12/2026")
    expect(row).to_contain_text("Viên chức")
    row.locator("a").click()
    expect(page.locator("#account")).to_contain_text(username)
    expect(page.locator("#account")).to_contain_text("phải đổi mật khẩu")
    page.screenshot(path=str(artifacts / "staff-person-account.png"), full_page=True)
    sign_out(page)

    page.goto(f"{live_server}/login")
    page.fill("#username", username)
    page.fill("#password", initial)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/account/password")
    expect(page.locator(".card")).to_contain_text("Bạn cần đổi mật khẩu trước khi tiếp tục sử dụng hệ thống.")
    page.screenshot(path=str(artifacts / "staff-first-login-change.png"), full_page=True)
    page.fill("#current_password", initial)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#repeated_password", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    expect(page.locator("#messages")).to_contain_text("Đã đổi mật khẩu.")
    page.screenshot(path=str(artifacts / "staff-new-person-home.png"), full_page=True)


def test_a_one_time_reset_link_made_from_the_staff_list_sets_a_new_password_once(page, live_server, artifacts,
                                                                                browser):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, OFFICER)
    page.goto(f"{live_server}/units/so-khcn/staff")
    page.locator("#staff-rows a", has_text="Hoàng Văn Đạt").click()
    page.click("text=Tạo liên kết đặt lại mật khẩu")
    expect(page.locator("h1")).to_have_text("Liên kết đặt lại mật khẩu")
    link = page.locator("#reset-link").inner_text()
    page.screenshot(path=str(artifacts / "reset-link-shown-once.png"), full_page=True)
    sign_out(page)

    owner = browser.new_context(locale="vi-VN").new_page()
    owner.goto(link)
    expect(owner.locator("h1")).to_have_text("Đặt mật khẩu mới")
    owner.fill("#new_password", "Đồi thông Hàm Rồng 2026")
    owner.fill("#repeated_password", "Đồi thông Hàm Rồng 2026")
    owner.screenshot(path=str(artifacts / "reset-link-set-password.png"), full_page=True)
    owner.click("main button[type=submit]")
    owner.wait_for_url(f"{live_server}/login")
    expect(owner.locator("#messages")).to_contain_text("Đã đặt mật khẩu mới.")
    owner.goto(link)
    expect(owner.locator("main")).to_contain_text("đã được dùng")
    owner.screenshot(path=str(artifacts / "reset-link-used.png"), full_page=True)
    sign_in(owner, live_server, "khcn.hoangvandat", "Đồi thông Hàm Rồng 2026")
    owner.context.close()
