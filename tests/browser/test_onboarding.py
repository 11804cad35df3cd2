"""Onboarding a unit through the real pages (issue #10): the personnel officer of Sở Khoa học và Công nghệ fills
the staff template with two new people, sees the errors of the bad row by row and column, fixes the file,
previews, imports and prints the initial passwords; proposes a new catalogue item the head approves the same
day; a new staff member signs in with the initial password, is made to change it, and logs work against that
item; the officer finds them on Quan hệ báo cáo with a direct manager."""
import io
from urllib.parse import urlsplit

from openpyxl import load_workbook
from playwright.sync_api import expect

from webapp.clock import local_today

from .conftest import pick_item, sign_in, sign_out

UNIT = "so-khcn"
OFFICER, HEAD = "khcn.lethithuhien", "khcn.nguyenhuuphong"
HEADERS = ["Mã định danh", "Họ và tên", "Giới tính", "Loại", "Chức vụ, chức danh", "Mã vị trí việc làm",
           "Mã phòng, ban", "Lãnh đạo", "Ngày bắt đầu", "Ngày kết thúc"]
FIRST = ["0380400901", "Nguyễn Thị Thanh Tâm", "Nữ", "Công chức", "Chuyên viên", "CV-QLKH", "qlkh", "Không",
         "01/12/2026", None]
SECOND = ["0380400902", "Lê Văn Khánh", "Nam", "Công chức", "Chuyên viên", "CV-CNDM", "cndm", "Không",
          "01/12/2026", None]
SECOND_WRONG = ["0380400902", "Lê Văn Khánh", "Nam", "Hợp đồng", "Chuyên viên", "CV-KHONGCO", "cndm", "Không",
                "31/02/2026", None]
ITEM_CODE, ITEM_NAME = "KHCN-MOI-01", "Thẩm định hồ sơ đề nghị công nhận doanh nghiệp khoa học và công nghệ"
NEW_PASSWORD = "Núi Hàm Rồng sông Mã 2026"

JOB_WAIT_MS = 30_000  # the import jobs poll their status: a loaded CI machine may take longer than 5 s


def _go(page, path: str) -> None:
    """Open a page of the live server the browser is already on."""
    origin = urlsplit(page.url)
    page.goto(f"{origin.scheme}://{origin.netloc}{path}")


def _workbook(download):
    """The downloaded workbook, opened (the download's path has no extension, which openpyxl wants)."""
    with open(download.path(), "rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def _download(page, row, link: str):
    """Click a download link of the list's row; the workbook it gives."""
    with page.expect_download() as download:
        row.locator(f"a:has-text('{link}')").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    return _workbook(download.value)


def _upload(page, wb, tmp_path, name: str) -> None:
    """Save the workbook and send it through the staff row's upload form."""
    path = tmp_path / name
    wb.save(path)
    row = page.locator("#lists tr", has_text="Danh sách cán bộ")
    row.locator("input[type=file]").set_input_files(str(path))
    row.locator("button:has-text('Tải lên và kiểm tra')").click()


def _filled_template(page, artifacts, second: list):
    """The staff template, checked, holding the unit's current people (the staff file is the whole list: anyone
    missing would be retired) and the two new people."""
    _go(page, f"/units/{UNIT}/lists")
    row = page.locator("#lists tr", has_text="Danh sách cán bộ")
    template = _download(page, row, "Mẫu")
    sheet = template["Cán bộ"]
    assert [cell.value for cell in sheet[1]] == HEADERS and sheet.max_row == 1
    assert template["Hướng dẫn"]["A4"].value == "Mã định danh"
    current = _download(page, row, "Danh sách hiện có")["Cán bộ"]
    for values in current.iter_rows(min_row=2, values_only=True):
        sheet.append(list(values))
    sheet.append(FIRST)
    sheet.append(second)
    return template, sheet.max_row


def _import_staff(page, artifacts, tmp_path) -> tuple[str, str]:
    """Two uploads (one refused, one previewed and confirmed); the username and password printed for FIRST."""
    wrong, last_row = _filled_template(page, artifacts, SECOND_WRONG)
    page.screenshot(path=str(artifacts / "onboarding-1-lists.png"), full_page=True)
    _upload(page, wrong, tmp_path, "can-bo-loi.xlsx")
    problems = page.locator("#import-problems tbody tr")
    expect(problems).to_have_count(3, timeout=JOB_WAIT_MS)
    for column in ("Loại", "Mã vị trí việc làm", "Ngày bắt đầu"):
        line = problems.filter(has=page.locator("td:nth-child(2)", has_text=column))
        expect(line.locator("td").first).to_have_text(str(last_row))
    expect(page.locator("#import-problems")).to_contain_text("Không có vị trí việc làm mã “CV-KHONGCO”.")
    expect(page.locator("main a:has-text('Nhập, xuất Excel')")).to_be_visible()  # the way back to upload again
    page.screenshot(path=str(artifacts / "onboarding-2-errors-by-row.png"), full_page=True)

    fixed, _ = _filled_template(page, artifacts, SECOND)
    _upload(page, fixed, tmp_path, "can-bo.xlsx")
    added = page.locator("#preview-added")
    expect(added.locator("tr")).to_have_count(2, timeout=JOB_WAIT_MS)
    expect(added).to_contain_text("Lê Văn Khánh")
    expect(page.locator("#preview-retired")).to_have_count(0)
    page.screenshot(path=str(artifacts / "onboarding-3-preview.png"), full_page=True)
    page.click("button:has-text('Xác nhận nhập')")
    expect(page.locator(".ok")).to_contain_text("Đã nhập: thêm 2, sửa 0, thôi theo dõi 0.", timeout=JOB_WAIT_MS)
    with page.context.expect_page() as popup:
        page.click("button:has-text('Danh sách mật khẩu ban đầu')")
    sheet = popup.value
    sheet.wait_for_load_state()
    expect(sheet.locator("#initial-passwords tr", has_text="Lê Văn Khánh")).to_have_count(1)
    expect(sheet.locator("body")).to_contain_text("Đăng nhập tại http://127.0.0.1:")
    line = sheet.locator("#initial-passwords tr", has_text=FIRST[1])
    username, password = line.locator("td").nth(1).inner_text(), line.locator("code").inner_text()
    sheet.screenshot(path=str(artifacts / "onboarding-4-initial-passwords.png"), full_page=True)
    sheet.close()
    return username, password


def _propose_item(page, artifacts, today: str) -> None:
    """The officer proposes a new catalogue item effective today."""
    _go(page, f"/units/{UNIT}/catalogue")
    page.click("text=Đề xuất thêm sản phẩm/công việc")
    page.select_option("#draft-task_group", "B")
    fields = {"code": ITEM_CODE, "name": ITEM_NAME, "unit_of_measure": "hồ sơ", "coefficient": "1,2",
              "standard_hours": "6", "effective_from": today, "reason": "Nhiệm vụ mới giao từ tháng 12/2026"}
    for name, value in fields.items():
        page.fill(f"#draft-{name}", value)
    page.locator("#draft-form").screenshot(path=str(artifacts / "onboarding-5-catalogue-proposal.png"))
    page.click("#draft-form button:has-text('Gửi đề xuất')")
    page.wait_for_url("**/catalogue/changes")


def _approve_item(page, artifacts) -> None:
    """The head approves the proposal from the home page's to-do."""
    page.click("#todo-catalogue >> text=Duyệt thay đổi danh mục")
    batch = page.locator("section.batch", has_text=ITEM_CODE)
    batch.locator("button:text-is('Duyệt')").click()
    expect(batch.locator(".tag").first).to_have_text("Đã duyệt")
    page.screenshot(path=str(artifacts / "onboarding-6-catalogue-approved.png"), full_page=True)


def _first_login(page, artifacts, username: str, password: str) -> None:
    """The new person signs in with the initial password and is made to change it."""
    _go(page, "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/password")
    expect(page.locator(".card")).to_contain_text("Bạn cần đổi mật khẩu trước khi tiếp tục sử dụng hệ thống.")
    page.screenshot(path=str(artifacts / "onboarding-7-forced-change.png"), full_page=True)
    page.fill("#current_password", password)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#repeated_password", NEW_PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Đã đổi mật khẩu.")


def _log_work(page, artifacts) -> None:
    """A diary entry today against the approved item, chosen in the picker; it stays after a reload."""
    page.click("nav >> text=Nhật ký công việc")
    page.fill("#entry-form .item-search", "tham dinh doanh nghiep khoa hoc")
    results = page.locator("#item-results-new .item-result")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("K = 1,20")
    item_id = int(results.locator("input").get_attribute("value"))
    pick_item(page, "new", item_id)
    page.fill("#new-quantity", "1")
    page.fill("#new-hours", "4")
    page.fill("#new-description", "Thẩm định hồ sơ của Công ty TNHH Công nghệ Lam Sơn")
    page.click("text=Thêm vào nhật ký")
    expect(page.locator("#entry-rows tr.entry")).to_have_count(1)
    page.reload()
    row = page.locator("#entry-rows tr.entry")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(ITEM_CODE)
    expect(row).to_contain_text("1,20")
    page.screenshot(path=str(artifacts / "onboarding-8-first-diary-entry.png"), full_page=True)


def _check_line(page, artifacts) -> None:
    """The new person is on Quan hệ báo cáo with a direct manager, and not among the problems."""
    _go(page, f"/units/{UNIT}/reporting-lines")
    row = page.locator("tr[id^=line-]", has_text=FIRST[1])
    expect(row).to_have_count(1)
    manager = row.locator("select option:checked")
    expect(manager).to_contain_text("Mặc định: ")
    assert "chưa có" not in manager.inner_text()
    expect(page.locator("#line-problems li", has_text=FIRST[1])).to_have_count(0)
    page.screenshot(path=str(artifacts / "onboarding-9-reporting-lines.png"), full_page=True)


def test_an_officer_onboards_two_people_and_one_logs_work_against_an_item_approved_today(page, live_server,
                                                                                       artifacts, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.set_default_navigation_timeout(20_000)
    sign_in(page, live_server, OFFICER)
    username, password = _import_staff(page, artifacts, tmp_path)
    assert username == "khcn.nguyenthithanhtam" and len(password) >= 10
    today = local_today().strftime("%d/%m/%Y")
    _propose_item(page, artifacts, today)
    sign_out(page)

    sign_in(page, live_server, HEAD)
    _approve_item(page, artifacts)
    sign_out(page)

    _first_login(page, artifacts, username, password)
    _log_work(page, artifacts)
    sign_out(page)

    sign_in(page, live_server, OFFICER)
    _check_line(page, artifacts)
