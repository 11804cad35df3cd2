"""The personnel officer of Sở Nội vụ proposes a new item and a new K on the catalogue page, the head approves
both on "Duyệt thay đổi danh mục", and a staff member's diary picker offers the new item the same day."""
from playwright.sync_api import expect
from sqlmodel import select

from webapp.clock import local_today
from webapp.db import new_session
from webapp.models import CatalogueDraft, CatalogueItem, Unit, UserAccount

from .conftest import pick_item, sign_in, sign_out

CATALOGUE = "/units/so-noi-vu/catalogue"
NEW_NAME = "Thẩm định hồ sơ nâng ngạch công chức"


def _cast(app):
    """The unit's officer and head, its last staff member (no other browser test writes their diary), and the id
    of SNV-020 (K 0,80, every position)."""
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == "so-noi-vu")).one()
        accounts = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id)
                                .order_by(UserAccount.id)).all()
        first = {role: next(a.username for a in accounts if a.role == role) for role in ("personnel", "head")}
        staff = [a.username for a in accounts if a.role == "staff"][-1]
        item_id = session.exec(select(CatalogueItem.id).where(CatalogueItem.unit_id == unit.id,
                                                              CatalogueItem.code == "SNV-020")).one()
        return first["personnel"], first["head"], staff, item_id


def _new_item_id(app) -> int:
    """The approved new item."""
    with app.app_context(), new_session(app) as session:
        return session.exec(select(CatalogueItem.id).where(CatalogueItem.code == "SNV-NEW-1")).one()


def _batch_ids(app) -> list[int]:
    """The batches proposed, oldest first."""
    with app.app_context(), new_session(app) as session:
        return sorted(set(session.exec(select(CatalogueDraft.batch_id)).all()))


def _propose(page, today: str, reason: str, **fields) -> None:
    """Fill the inline draft form and send it; the approval page opens."""
    for name, value in fields.items():
        page.fill(f"#draft-{name}", value)
    page.fill("#draft-effective_from", today)
    page.fill("#draft-reason", reason)
    page.click("#draft-form button:has-text('Gửi đề xuất')")
    page.wait_for_url("**/catalogue/changes")


def test_an_item_the_head_approves_today_can_be_logged_today(page, live_server, browser_app, artifacts):
    officer, head, staff, k080 = _cast(browser_app)
    today = local_today().strftime("%d/%m/%Y")

    sign_in(page, live_server, officer)
    page.goto(f"{live_server}{CATALOGUE}")
    page.click("text=Đề xuất thêm sản phẩm/công việc")
    expect(page.locator("#draft-form h2")).to_contain_text("Thêm mới")
    page.select_option("#draft-task_group", "C")
    page.fill("#draft-code", "SNV-NEW-1")
    page.screenshot(path=str(artifacts / "catalogue-draft-form.png"))
    _propose(page, today, "Nhiệm vụ mới được giao từ tháng 12", name=NEW_NAME, unit_of_measure="hồ sơ",
             coefficient="1,3", standard_hours="6")
    page.goto(f"{live_server}{CATALOGUE}?q=SNV-020")
    page.click(f"#item-{k080} >> text=Sửa")
    expect(page.locator("#draft-name")).to_have_value("Tham dự hội nghị, cuộc họp, lớp tập huấn theo phân công")
    _propose(page, today, "Điều chỉnh độ phức tạp theo kết quả rà soát", coefficient="1,1")
    sign_out(page)

    sign_in(page, live_server, head)
    expect(page.locator("#todo-catalogue .count")).to_have_text("2")
    page.click("#todo-catalogue >> text=Duyệt thay đổi danh mục")
    expect(page.locator("h1")).to_have_text("Duyệt thay đổi danh mục")
    expect(page.locator("tr.changed").first).to_be_visible()
    page.screenshot(path=str(artifacts / "catalogue-changes-to-approve.png"), full_page=True)
    for batch_id in _batch_ids(browser_app):
        page.click(f"#batch-{batch_id} button:text-is('Duyệt')")
        expect(page.locator(f"#batch-{batch_id} .tag")).to_have_text("Đã duyệt")
    page.screenshot(path=str(artifacts / "catalogue-changes-approved.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, staff)
    page.click("nav >> text=Nhật ký công việc")
    page.wait_for_load_state("load")
    page.fill("#entry-form .item-search", "tham dinh nang ngach")
    expect(page.locator("#item-results-new .item-result")).to_have_count(1)
    expect(page.locator("#item-results-new")).to_contain_text("K = 1,30")
    new_id = _new_item_id(browser_app)
    pick_item(page, "new", new_id)
    page.fill("#new-quantity", "2")
    page.fill("#new-hours", "3")
    page.fill("#new-description", "Thẩm định 2 hồ sơ nâng ngạch")
    page.click("text=Thêm vào nhật ký")
    row = page.locator("#entry-rows tr.entry").last
    expect(row).to_contain_text("SNV-NEW-1")
    expect(row).to_contain_text("1,30")
    page.screenshot(path=str(artifacts / "catalogue-new-item-in-diary.png"), full_page=True)

    page.goto(f"{live_server}{CATALOGUE}?q=SNV-020")
    page.click(f"#item-{k080} >> text=Lịch sử")
    history = page.locator(f"#history-{k080}")
    expect(history.locator("tr[id^=version-]")).to_have_count(2)
    expect(history).to_contain_text("1,10")
    page.screenshot(path=str(artifacts / "catalogue-item-history.png"))
