"""The daily pages as people see them: no horizontal scroll at 390 px on the diary (day and week), the
approval queue (a row opened too) and the evaluation sheet; the return reason's placeholder fits; a
field marked wrong stops being red once corrected."""
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.clock import local_today
from webapp.db import new_session
from webapp.models import CatalogueItem, UserAccount
from webapp.worklog import service
from webapp.worklog.rules import EntryInput

from ..integration.worklog_data import add_entry
from .conftest import sign_in

UNIT, STAFF, MANAGER = "hac-thanh", "ht.ledinhtu", "ht.tranvancuong"
WIDTH = 390
OVERFLOW = """() => { const root = document.documentElement, width = root.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 0.5)
    .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')
                      + ' → ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: root.scrollWidth, client: width, wide: wide}; }"""


def _diary_of_today(app) -> int:
    """Three submitted entries of a staff member of phường Hạc Thành today (long names and descriptions)."""
    with app.app_context(), new_session(app) as session:
        account = session.exec(select(UserAccount).where(UserAccount.username == STAFF)).one()
        items = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == account.unit_id,
                                                         CatalogueItem.applies_to_all).order_by(CatalogueItem.code)).all()
        actor = Actor.from_account(account, UNIT)
        ids = [add_entry(session, actor, EntryInput(
            work_date=local_today(), item_id=item.id, quantity=Decimal("2"), hours=Decimal("1.5"),
            description="Tham mưu xây dựng kế hoạch kiểm tra, giám sát việc thực hiện nhiệm vụ chỉnh trang đô thị",
            evidence_doc_number="125/KH-UBND")).id for item in items[:3]]
        service.submit_entries(session, actor, ids)
        return ids[0]


@pytest.fixture
def phone(browser, artifacts):
    """A page 390 px wide, Vietnamese, local time."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    yield context.new_page()
    context.close()


def _no_horizontal_scroll(page, what: str) -> None:
    """The document is no wider than the screen; on failure, name the elements that stick out."""
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["client"], f"{what}: {found}"


def test_the_daily_pages_fit_a_390_px_screen_without_horizontal_scroll(phone, live_server, browser_app, artifacts):
    first = _diary_of_today(browser_app)
    sign_in(phone, live_server, STAFF)
    phone.goto(f"{live_server}/diary")
    expect(phone.locator("#entry-rows tr.entry")).to_have_count(3)
    _no_horizontal_scroll(phone, "diary day")
    phone.screenshot(path=str(artifacts / "diary-390px.png"), full_page=True)
    phone.goto(f"{live_server}/diary?week=1")
    _no_horizontal_scroll(phone, "diary week")
    phone.goto(f"{live_server}/evaluations")
    phone.click("a[href^='/sheets/']")
    phone.wait_for_url("**/sheets/*")
    _no_horizontal_scroll(phone, "evaluation sheet")
    phone.screenshot(path=str(artifacts / "sheet-390px.png"), full_page=True)
    phone.click("form.logout button")

    sign_in(phone, live_server, MANAGER)
    phone.goto(f"{live_server}/approvals")
    expect(phone.locator(f"#approval-{first}")).to_be_visible()
    _no_horizontal_scroll(phone, "approvals")
    phone.click(f"#approval-{first} >> text=Chi tiết, trả lại")
    expect(phone.locator(f"#a{first}-reason")).to_be_visible()
    _no_horizontal_scroll(phone, "approvals, a row opened")
    phone.screenshot(path=str(artifacts / "approvals-390px.png"), full_page=True)


@pytest.mark.parametrize("width", [WIDTH, 1280])
def test_the_return_reason_placeholder_fits_its_box(browser, live_server, browser_app, width):
    first = _diary_of_today(browser_app)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server, MANAGER)
    page.goto(f"{live_server}/approvals")
    page.click(f"#approval-{first} >> text=Chi tiết, trả lại")
    expect(page.locator(f"#a{first}-reason")).to_be_visible()
    _placeholder_fits(page.locator(f"#a{first}-reason"))
    context.close()


def _placeholder_fits(box) -> None:
    """The box's placeholder, in the box's font, is no wider than the box's text area."""
    text_width, inner_width = box.evaluate("""box => { const style = getComputedStyle(box);
        const context = document.createElement('canvas').getContext('2d'); context.font = style.font;
        return [context.measureText(box.placeholder).width,
                box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)]; }""")
    assert text_width <= inner_width, (text_width, inner_width)


def test_a_field_marked_wrong_stops_being_red_once_corrected(page, live_server, browser_app):
    first = _diary_of_today(browser_app)
    sign_in(page, live_server, MANAGER)
    page.goto(f"{live_server}/approvals")
    page.click(f"#approval-{first} >> text=Chi tiết, trả lại")
    page.click(f"#approval-{first} >> button:text-is('Trả lại')")  # no reason: refused next to the field
    reason = page.locator(f"#a{first}-reason")
    expect(page.locator(f"#approval-{first} .error")).to_contain_text("Vui lòng nêu lý do trả lại.")
    red = reason.evaluate("box => getComputedStyle(box).borderColor")
    assert red == "rgb(163, 20, 27)"
    reason.fill("Thiếu số văn bản")
    assert reason.evaluate("box => getComputedStyle(box).borderColor") != red
