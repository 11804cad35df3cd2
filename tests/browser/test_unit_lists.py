"""The personnel officer of Sở Khoa học và Công nghệ keeps the unit's lists in a real browser: adds a division
under another, then a job position with a two-competency framework, through the htmx forms; screenshots."""
from playwright.sync_api import expect
from sqlmodel import select

from webapp.db import new_session
from webapp.models import Unit, UserAccount

from .conftest import sign_in


def _officer(app) -> str:
    """The personnel officer of Sở Khoa học và Công nghệ (seeds/demo_accounts.csv)."""
    with app.app_context(), new_session(app) as session:
        return session.exec(select(UserAccount.username).join(Unit, Unit.id == UserAccount.unit_id)
                            .where(Unit.code == "so-khcn", UserAccount.role == "personnel")).first()


def test_the_khcn_officer_adds_a_division_and_a_position_with_two_competencies(page, browser_app, live_server,
                                                                                  artifacts):
    sign_in(page, live_server, _officer(browser_app))
    page.click("nav >> text=Phòng, ban")
    expect(page.locator("h1")).to_have_text("Phòng, ban, bộ phận")
    page.fill("#new-division-code", "ttdl")
    page.fill("#new-division-name", "Trung tâm Dữ liệu khoa học")
    page.select_option("#new-division-parent_id", label="Phòng Chuyển đổi số")
    page.click("#division-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Đã thêm Trung tâm Dữ liệu khoa học.")
    row = page.locator("tr.division", has_text="Trung tâm Dữ liệu khoa học")
    expect(row).to_contain_text("Phòng Chuyển đổi số")
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm
    office = page.locator("tr.division", has_text="Văn phòng Sở")
    office.locator("summary").click()
    office.locator("input[name=closed_on]").fill("01/11/2026")
    office.locator("button", has_text="Giải thể").click()
    expect(page.locator("tr.division", has_text="Văn phòng Sở")).to_contain_text("Chưa giải thể được: còn")
    page.screenshot(path=str(artifacts / "unit-lists-divisions.png"), full_page=True)
    row.locator("a", has_text="Sửa").click()
    edit = page.locator("tr.editing")
    edit.locator("input[name=name]").fill("Trung tâm Dữ liệu khoa học và công nghệ")
    edit.locator("button", has_text="Lưu").click()
    expect(page.locator("#messages")).to_contain_text("Đã lưu Trung tâm Dữ liệu khoa học và công nghệ.")

    page.click("nav >> text=Vị trí việc làm")
    page.fill("#new-position-code", "CV-DLKH")
    page.fill("#new-position-name", "Chuyên viên quản lý dữ liệu khoa học")
    page.select_option("#new-position-position_group", label="Chuyên môn, nghiệp vụ")
    page.fill("#new-position-description", "Thu thập, chuẩn hóa dữ liệu khoa học và công nghệ.\n"
                                           "Quản trị cơ sở dữ liệu nhiệm vụ khoa học các cấp.")
    page.click("#position-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Đã thêm vị trí việc làm Chuyên viên quản lý dữ liệu khoa học.")
    card = page.locator("section.position", has_text="CV-DLKH")
    for name, level in (("Phân tích dữ liệu", "4"), ("Quản trị cơ sở dữ liệu", "3")):
        card.locator("form.add-competency input[name=name]").fill(name)
        card.locator("form.add-competency select").select_option(level)
        card.locator("form.add-competency button").click()
        expect(page.locator("#messages")).to_contain_text("Đã thêm năng lực.")
        expect(card.locator(f"ol.competencies input[value='{name}']")).to_have_count(1)
    expect(card.locator("ol.competencies li")).to_have_count(2)
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(artifacts / "unit-lists-position.png"))
    page.screenshot(path=str(artifacts / "unit-lists-positions.png"))
    card.locator("form.add-competency button").click()  # an empty name: refused at the field, in the card
    expect(card.locator("form.add-competency .error")).to_have_text("Vui lòng nhập tên năng lực.")
    expect(page.locator("#messages")).to_be_empty()
