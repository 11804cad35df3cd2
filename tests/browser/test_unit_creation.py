"""Onboarding step 1 through the real pages: the admin adds a new commune, gives it a division and its personnel
officer, whose account the app makes (prefix.foldedname, an initial password shown once); the officer signs in,
changes the password and finds the unit's lists in the menu."""
from playwright.sync_api import expect

from .conftest import sign_in, sign_out

NEW_PASSWORD = "Cầu Hàm Rồng bắc qua sông Mã 9"


def test_the_admin_adds_a_unit_and_its_officer_who_then_keeps_its_lists(page, live_server, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "admin")
    page.click("nav >> text=Cơ cấu tổ chức")
    page.click("main >> text=Thêm cơ quan, đơn vị")
    page.fill("#unit-code", "xa-nga-son")
    page.fill("#unit-name", "Ủy ban nhân dân xã Nga Sơn")
    page.fill("#unit-short_name", "Xã Nga Sơn")
    page.fill("#unit-place", "Nga Sơn")
    page.fill("#unit-superior_name", "TỈNH THANH HÓA")
    page.select_option("#unit-bloc_id", label="Khối chính quyền")
    page.select_option("#unit-level_id", label="Cấp xã")
    page.fill("#unit-username_prefix", "ngason")
    page.screenshot(path=str(artifacts / "unit-new-form.png"), full_page=True)
    page.click("main button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Đã thêm Ủy ban nhân dân xã Nga Sơn.")
    expect(page.locator("#unit-next")).to_contain_text("Đưa đơn vị vào sử dụng")
    page.screenshot(path=str(artifacts / "unit-settings.png"), full_page=True)

    page.click("#unit-next >> text=Thêm phòng, ban")
    page.fill("#new-division-code", "vp")
    page.fill("#new-division-name", "Văn phòng HĐND và UBND")
    page.click("#division-form button[type=submit]")
    expect(page.locator("#divisions")).to_contain_text("Văn phòng HĐND và UBND")

    page.goto(f"{live_server}/units/xa-nga-son/settings")
    page.click("#unit-next >> text=Thêm cán bộ tổ chức")
    page.click("text=Thêm cán bộ")
    page.fill("#full_name", "Mai Thị Thu Hà")
    page.fill("#national_id", "038199000888")
    page.select_option("#staff_kind", "cong_chuc")
    page.fill("#title", "Công chức Văn phòng - Thống kê")
    page.select_option("#division_id", index=1)
    page.fill("#started_on", "01/12/2026")
    page.click("main button[type=submit]")
    username = page.locator("#new-username").inner_text()
    initial = page.locator("#initial-password").inner_text()
    assert username == "ngason.maithithuha"
    page.click("main >> text=Danh sách cán bộ")
    page.locator("#staff-rows a", has_text="Mai Thị Thu Hà").click()
    page.select_option("#account select[name=role]", "personnel")
    page.click("#account button:has-text('Đổi vai trò')")
    expect(page.locator("#account")).to_contain_text("Cán bộ tổ chức")
    sign_out(page)

    page.fill("#username", username)
    page.fill("#password", initial)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/account/password")
    page.fill("#current_password", initial)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#repeated_password", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    for menu in ("Danh sách cán bộ", "Phòng, ban", "Nhập, xuất Excel"):
        expect(page.locator("nav")).to_contain_text(menu)
    page.goto(f"{live_server}/units/xa-nga-son/settings")
    expect(page.locator("#unit-form")).not_to_contain_text("Tiền tố tên đăng nhập")
    page.screenshot(path=str(artifacts / "unit-settings-officer.png"), full_page=True)
