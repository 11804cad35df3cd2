"""A day of a Sở Nội vụ staff member's diary through the real pages: add, edit, submit; the manager
returns one entry and approves two; the staff member fixes and resubmits; the manager approves it."""
from playwright.sync_api import expect
from sqlmodel import select

from webapp.db import new_session
from webapp.models import CatalogueItem, DiaryEntry

from ..integration.worklog_data import team
from .conftest import pick_item, sign_in, sign_out


def _cast(app):
    """Usernames of a staff member and their division manager, and the ids of three catalogue items."""
    with app.app_context(), new_session(app) as session:
        t = team(session)
        codes = ("SNV-010", "SNV-001", "SNV-012")  # K 1,25 · 1,00 · 1,25
        items = {i.code: i.id for i in session.exec(select(CatalogueItem).where(
            CatalogueItem.unit_id == t.unit.id, CatalogueItem.code.in_(codes)))}
        return t.colleague.username, t.manager.username, t.colleague.person_id, [items[c] for c in codes]


def _entry_ids(app, person_id: int) -> list[int]:
    """The person's diary entries, oldest first."""
    with app.app_context(), new_session(app) as session:
        return list(session.exec(select(DiaryEntry.id).where(DiaryEntry.person_id == person_id)
                                 .order_by(DiaryEntry.id)).all())


def _add(page, item_id: int, quantity: str, hours: str, description: str) -> None:
    """Fill the inline form and add the entry without leaving the page."""
    rows = page.locator("#entry-rows tr.entry").count()
    pick_item(page, "new", item_id)
    page.fill("#new-quantity", quantity)
    page.fill("#new-hours", hours)
    page.fill("#new-description", description)
    page.click("text=Thêm vào nhật ký")
    expect(page.locator("#entry-rows tr.entry")).to_have_count(rows + 1)


def _edit_quantity(page, entry_id: int, quantity: str, **fields) -> None:
    """Turn a row into its form, change the quantity (and other fields), save."""
    page.click(f"#entry-{entry_id} button:has-text('Sửa')")
    page.fill(f"#e{entry_id}-quantity", quantity)
    for name, value in fields.items():
        page.fill(f"#e{entry_id}-{name}", value)
    page.click(f"#entry-{entry_id} button:has-text('Lưu')")
    expect(page.locator(f"#entry-{entry_id} .status")).to_be_visible()


def _totals(page, hours: str, converted: str) -> None:
    """The day's totals, updated in place."""
    expect(page.locator("#day-totals .total-hours")).to_have_text(hours)
    expect(page.locator("#day-totals .total-converted")).to_have_text(converted)


def test_a_day_of_diary_goes_through_submission_return_and_approval(page, live_server, browser_app, artifacts):
    staff, manager, person_id, (k125, k1, linked) = _cast(browser_app)
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, live_server, staff)
    page.click("nav >> text=Nhật ký công việc")
    page.wait_for_url("**/diary")
    page.wait_for_load_state("load")  # htmx must have processed the page before the first keystroke
    page.fill("#entry-form .item-search", "ky bao cao")  # active search: words in any order, without diacritics
    expect(page.locator("#item-results-new .item-result")).to_have_count(1)
    expect(page.locator("#item-results-new")).to_contain_text("SNV-010 · Báo cáo định kỳ")
    _add(page, k125, "2", "2", "Báo cáo tháng về tổ chức bộ máy")
    _totals(page, "2", "2,5")
    _add(page, k1, "3", "1,5", "Công văn hướng dẫn")
    _add(page, linked, "1", "3", "Kế hoạch kiểm tra biên chế")
    _totals(page, "6,5", "6,75")
    _add(page, k1, "1", "8", "Nhập nhầm, sẽ xóa")
    _totals(page, "14,5", "7,75")
    first, second, third, mistake = _entry_ids(browser_app, person_id)
    page.click(f"#entry-{mistake} button:has-text('Xóa')")
    expect(page.locator(f"#entry-{mistake}")).to_have_count(0)
    _totals(page, "6,5", "6,75")
    _edit_quantity(page, second, "4")
    _totals(page, "6,5", "7,75")
    page.click("text=Gửi duyệt (3 mục)")
    expect(page.locator("#entry-rows .status-submitted")).to_have_count(3)
    page.screenshot(path=str(artifacts / "diary-submitted.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, manager)
    expect(page.locator("#pending-count")).to_have_text("3")
    page.click("nav >> text=Duyệt nhật ký")
    expect(page.locator("#approval-rows tr[id^=approval-]")).to_have_count(3)
    page.screenshot(path=str(artifacts / "approvals-queue.png"), full_page=True)
    page.click(f"#approval-{third} >> text=Chi tiết, trả lại")  # the row opens with its forms
    page.fill(f"#a{third}-reason", "Thiếu số văn bản kế hoạch; số lượng là 2 kế hoạch")
    page.click(f"#approval-{third} >> text=Trả lại")
    expect(page.locator(f"#approval-{third}")).to_have_count(0)
    expect(page.locator("#pending-count")).to_have_text("2")
    page.check(f"#approval-{first} input[name=selected]")
    page.check(f"#approval-{second} input[name=selected]")
    page.click("text=Duyệt các mục đã chọn")
    expect(page.locator("#messages")).to_contain_text("Đã duyệt 2 mục nhật ký.")
    expect(page.locator("#pending-count")).to_have_text("0")
    expect(page.locator("#approval-rows tr[id^=approval-]")).to_have_count(0)
    sign_out(page)

    sign_in(page, live_server, staff)
    page.click("nav >> text=Nhật ký công việc")
    expect(page.locator(f"#entry-{third} .return-reason")).to_contain_text("Thiếu số văn bản kế hoạch")
    expect(page.locator("#entry-rows .status-approved")).to_have_count(2)
    page.screenshot(path=str(artifacts / "diary-returned.png"), full_page=True)
    _edit_quantity(page, third, "2", evidence_doc_number="45/KH-SNV")
    _totals(page, "6,5", "9")
    page.click("text=Gửi duyệt (1 mục)")
    expect(page.locator(f"#entry-{third} .status-submitted")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, manager)
    expect(page.locator("#pending-count")).to_have_text("1")
    page.click("nav >> text=Duyệt nhật ký")
    expect(page.locator(f"#approval-{third}")).to_contain_text("Lần trước bị trả lại")
    page.click(f"#approval-{third} >> button:has-text('Duyệt')")
    expect(page.locator(f"#approval-{third}")).to_have_count(0)
    expect(page.locator("#pending-count")).to_have_text("0")
    page.screenshot(path=str(artifacts / "approvals-done.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, staff)
    page.click("nav >> text=Nhật ký công việc")
    expect(page.locator("#entry-rows .status-approved")).to_have_count(3)
    _totals(page, "6,5", "9")
    expect(page.locator("#entry-rows .actions button")).to_have_count(0)  # approved: nothing to edit
    page.screenshot(path=str(artifacts / "diary-approved.png"), full_page=True)


def test_the_item_picker_chooses_with_the_keyboard_in_one_step(page, live_server, browser_app, artifacts):
    staff, _, _, (k125, k1, _) = _cast(browser_app)
    sign_in(page, live_server, staff)
    page.goto(f"{live_server}/diary")
    page.wait_for_load_state("load")
    rows = page.locator("#entry-rows tr.entry").count()
    page.click("#item-q-new")
    page.keyboard.type("QUY bao cao")
    expect(page.locator("#item-results-new .item-result")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # chooses; it does not submit the form
    expect(page.locator(f"#item-results-new input[value='{k125}']")).to_be_checked()
    expect(page.locator("#new-quantity")).to_be_focused()
    page.screenshot(path=str(artifacts / "item-picker-chosen.png"))
    page.fill("#item-q-new", "")  # back in the box: every item again, the choice kept
    # A function: Playwright eval()s a bare expression, which the CSP refuses.
    page.wait_for_function("() => document.querySelectorAll('#item-results-new .item-result').length > 10")
    page.screenshot(path=str(artifacts / "item-picker-list.png"))
    expect(page.locator(f"#item-results-new input[value='{k125}']")).to_be_checked()
    page.click("#item-q-new")
    page.keyboard.press("ArrowDown")  # into the list, on the chosen item …
    expect(page.locator(f"#item-results-new input[value='{k125}']")).to_be_focused()
    page.keyboard.press("Escape")  # … and back to the box
    expect(page.locator("#item-q-new")).to_be_focused()
    page.locator(f"#item-results-new input[value='{k1}']").locator("..").click()  # a click chooses too
    expect(page.locator(f"#item-results-new input[value='{k1}']")).to_be_checked()
    expect(page.locator("#item-results-new .item-result:visible")).to_have_count(1)  # the list folds to it
    assert page.locator("#entry-rows tr.entry").count() == rows  # nothing was submitted on the way
