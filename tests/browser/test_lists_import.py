"""The personnel officer of Sở Khoa học và Công nghệ imports staff through the real pages: downloads the
template, uploads a file with errors and sees them by row, fixes it, previews, imports, prints the initial
passwords; the new staff member signs in with theirs, is made to change it, and writes a diary entry."""
import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import sign_in, sign_out

OFFICER = "khcn.lethithuhien"
NEWCOMER = ["0389777001", "Hoàng Thị Minh Châu", "Nữ", "Công chức", "Chuyên viên", "CV-TCCB", "vp", "Không",
            "01/02/2026", None]
NEW_PASSWORD = "Sông Mã chảy về biển 2026"


def _workbook(download) -> object:
    """The downloaded workbook, opened (the download's path has no extension, which openpyxl wants)."""
    with open(download.path(), "rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def _saved(wb, tmp_path, name: str) -> str:
    """The workbook written to a file the page can upload."""
    path = tmp_path / name
    wb.save(path)
    return str(path)


def test_the_officer_imports_staff_and_a_newcomer_signs_in_with_the_initial_password(page, live_server, artifacts,
                                                                                      tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, OFFICER)
    page.click("nav >> text=Nhập, xuất Excel")
    expect(page.locator("h1")).to_have_text("Nhập, xuất Excel")
    row = page.locator("#lists tr", has_text="Danh sách cán bộ")
    with page.expect_download() as template:
        row.locator("a:has-text('Mẫu')").click()
    wb = _workbook(template.value)
    assert [c.value for c in wb["Cán bộ"][1]][0] == "Mã định danh"
    wb["Cán bộ"].append([*NEWCOMER[:7], "Có lẽ", "31/02/2026", None])
    row.locator("input[type=file]").set_input_files(_saved(wb, tmp_path, "loi.xlsx"))
    row.locator("button:has-text('Tải lên và kiểm tra')").click()
    expect(page.locator("#import-problems")).to_contain_text("Chỉ ghi Có hoặc Không.")
    expect(page.locator("#import-problems tbody tr").first).to_contain_text("2")
    page.screenshot(path=str(artifacts / "import-staff-errors.png"), full_page=True)

    page.goto(f"{live_server}/units/so-khcn/lists")
    row = page.locator("#lists tr", has_text="Danh sách cán bộ")
    with page.expect_download() as export:
        row.locator("a:has-text('Danh sách hiện có')").click()
    wb = _workbook(export.value)
    wb["Cán bộ"].append(NEWCOMER)
    row.locator("input[type=file]").set_input_files(_saved(wb, tmp_path, "dung.xlsx"))
    row.locator("button:has-text('Tải lên và kiểm tra')").click()
    expect(page.locator("#preview-added")).to_contain_text("Hoàng Thị Minh Châu")
    page.screenshot(path=str(artifacts / "import-staff-preview.png"), full_page=True)
    page.click("button:has-text('Xác nhận nhập')")
    expect(page.locator(".ok")).to_contain_text("Đã nhập: thêm 1")
    with page.context.expect_page() as popup:
        page.click("button:has-text('Danh sách mật khẩu ban đầu')")
    sheet = popup.value
    sheet.wait_for_load_state()
    line = sheet.locator("#initial-passwords tr", has_text="Hoàng Thị Minh Châu")
    username, password = line.locator("td").nth(1).inner_text(), line.locator("code").inner_text()
    assert username == "khcn.hoangthiminhchau"
    sheet.screenshot(path=str(artifacts / "import-initial-passwords.png"), full_page=True)
    sheet.close()
    sign_out(page)

    page.goto(f"{live_server}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/account/password")
    page.fill("#current_password", password)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#repeated_password", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.click("nav >> text=Nhật ký công việc")
    page.fill("#item-q-new", "KHCN-001")
    page.locator("#item-results-new label").first.click()
    page.fill("#new-quantity", "2")
    page.fill("#new-hours", "3")
    page.fill("#new-description", "Tham mưu văn bản hướng dẫn")
    page.click("text=Thêm vào nhật ký")
    expect(page.locator("#entry-rows tr.entry")).to_have_count(1)
    page.screenshot(path=str(artifacts / "import-newcomer-diary.png"), full_page=True)
