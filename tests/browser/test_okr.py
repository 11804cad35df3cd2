"""The OKR of Sở Nội vụ through the real pages: the head sets a unit objective for Q4/2026 with a key result from
catalogue items and one by check-in; a division manager aligns a division objective to it; a staff member's
approved diary work moves the first key results; the manager and the head check in; the tree shows each level."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from playwright.sync_api import expect
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.catalog.picker import person_items
from webapp.clock import local_today
from webapp.db import new_session
from webapp.models import DiaryEntry, Person, Unit, UserAccount
from webapp.worklog import review, service
from webapp.worklog.rules import EntryInput

from ..integration.worklog_data import add_entry
from .conftest import sign_in, sign_out


def _cast(app) -> dict:
    """The head, the second division's manager and one of their staff, the government bloc's organiser, an item."""
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == "so-noi-vu")).one()
        accounts = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id)
                                .order_by(UserAccount.id)).all()
        head = next(a for a in accounts if a.role == "head")
        manager = [a for a in accounts if a.role == "manager"][1]  # the first manager's division is the diary test's
        staff = next(a for a in accounts if a.role == "staff" and a.division_id == manager.division_id
                     and not session.get(Person, a.person_id).is_leader)
        organiser = session.exec(select(UserAccount).where(UserAccount.role == "organiser",
                                                           UserAccount.bloc_id == unit.bloc_id)).first()
        item = next(i for i in person_items(session, session.get(Person, staff.person_id), local_today()) if i.coefficient != 1)
        return {"head": head.username, "manager": manager.username, "staff": staff, "manager_account": manager,
                "organiser_id": organiser.id, "head_id": head.id, "item_id": item.id, "k": item.coefficient}


def _approved_work(app, cast: dict, quantity: str) -> Decimal:
    """The staff member writes today's diary on the item and sends it; their manager approves (the real services).
    The unit's converted approved work on the item in the quarter, other tests' included (the unit counts all)."""
    with app.app_context(), new_session(app) as session:
        staff, manager = (Actor.from_account(session.get(UserAccount, cast[key].id))
                          for key in ("staff", "manager_account"))
        entry = add_entry(session, staff, EntryInput(local_today(), cast["item_id"], Decimal(quantity), Decimal("2"),
                                                     "Thẩm định hồ sơ"))
        service.submit_day(session, staff, local_today())
        session.refresh(entry)
        review.approve_entry(session, manager, entry.id, entry.version)
        rows = session.exec(select(DiaryEntry.quantity, DiaryEntry.coefficient).where(
            DiaryEntry.unit_id == entry.unit_id, DiaryEntry.item_id == cast["item_id"], DiaryEntry.status == "approved",
            DiaryEntry.work_date >= date(2026, 10, 1), DiaryEntry.work_date <= date(2026, 12, 31))).all()
        return sum((q * k for q, k in rows), Decimal("0"))


def _percent(value: Decimal) -> str:
    """A percent as the page prints it."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}".replace(".", ",") + " %"


def _set_objective(page, level_label: str, title: str, reviewer_id: int) -> int:
    """Đặt mục tiêu from the unit's OKR page; the new objective's id."""
    page.click("nav >> text=Mục tiêu và kết quả then chốt")
    page.fill("input[name=period]", "Quý 4/2026")
    page.click("form.filters button:has-text('Xem')")
    page.click(f"a.button:has-text('{level_label}')")
    page.fill("#title", title)
    page.select_option("#reviewer_id", str(reviewer_id))
    page.click("text=Lưu mục tiêu")
    page.wait_for_url("**/okr/objectives/*")
    return int(page.url.rsplit("/", 1)[1])


def _add_key_result(page, title: str, measured_by: str, target: str, weight: str, item_id: int | None = None):
    """Thêm kết quả then chốt (and link the item to one measured from work)."""
    count = page.locator("#key-results article").count()
    page.fill("#kr-title", title)
    page.fill("#kr-measure_unit", "hồ sơ")
    page.fill("#kr-target", target)
    page.fill("#kr-weight", weight)
    page.select_option("#kr-measured_by", measured_by)
    page.click("button:has-text('Thêm kết quả then chốt')")
    expect(page.locator("#key-results article")).to_have_count(count + 1)
    article = page.locator("#key-results article").nth(count)
    if item_id:
        article.locator("select[name=target_id]").select_option(str(item_id))
        article.locator("button:has-text('Gắn')").click()
        expect(page.locator("#key-results article").nth(count).locator(".tag").first).to_be_visible()
    return article


def _check_in(page, index: int, value: str, document: str, expected: str) -> None:
    """Cập nhật tiến độ inline on the index-th key result; its block comes back with the new progress."""
    article = page.locator("#key-results article").nth(index)
    article.locator("input[name=value]").fill(value)
    article.locator("select[name=confidence]").select_option("at_risk")
    article.locator("input[name=evidence_doc_number]").fill(document)
    article.locator("button:has-text('Cập nhật tiến độ')").click()
    expect(page.locator("#key-results article").nth(index).locator(".checkins")).to_contain_text(document)
    expect(page.locator("#key-results article").nth(index).locator(".progress-figure")).to_have_text(expected)


def test_a_unit_objective_moves_with_approved_work_and_check_ins_down_the_tree(page, live_server, browser_app,
                                                                               artifacts):
    cast = _cast(browser_app)
    sign_in(page, live_server, cast["head"])
    unit_id = _set_objective(page, "Cơ quan, đơn vị", "Nâng cao chất lượng thẩm định hồ sơ", cast["organiser_id"])
    _add_key_result(page, "Hồ sơ thẩm định đúng hạn", "items", "20", "60", cast["item_id"])
    _add_key_result(page, "Đề án vị trí việc làm được phê duyệt", "checkin", "10", "40")
    sign_out(page)

    sign_in(page, live_server, cast["manager"])
    division_id = _set_objective(page, "Phòng, ban", "Phòng hoàn thành thẩm định quý IV", cast["head_id"])
    page.select_option("#align-target", str(unit_id))
    page.click("button:has-text('Gắn kết')")
    expect(page.locator("#supports")).to_contain_text("Nâng cao chất lượng thẩm định hồ sơ")
    _add_key_result(page, "Hồ sơ của phòng", "items", "10", "50", cast["item_id"])
    _add_key_result(page, "Báo cáo chuyên đề", "checkin", "4", "50")

    unit_work = _approved_work(browser_app, cast, "4")
    converted = Decimal("4") * cast["k"]  # the division's: only this staff member works on the item there
    page.reload()
    expect(page.locator("#key-results article").nth(0).locator(".kr-value")).to_have_text(
        f"{converted.quantize(Decimal('0.01'))}".replace(".", ","))
    _check_in(page, 1, "2", "25/BC-SNV", "50,00 %")
    division = converted / 10 * 50 + 50 * Decimal("0.5")
    expect(page.locator("#objective-progress .progress-figure")).to_have_text(_percent(division))
    page.screenshot(path=str(artifacts / "okr-division-objective.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, cast["head"])
    page.goto(f"{live_server}/okr/objectives/{unit_id}")
    _check_in(page, 1, "5", "102/QĐ-UBND", "50,00 %")
    unit = min(unit_work / 20, Decimal(1)) * 60 + 40 * Decimal("0.5")
    page.click("text=Cây mục tiêu của")
    node = page.locator(f"#node-{unit_id}")
    expect(node.locator(".okr-line .progress-figure").first).to_have_text(_percent(unit))
    expect(page.locator(f"#node-{unit_id} #node-{division_id} .progress-figure").first).to_have_text(
        _percent(division))
    page.screenshot(path=str(artifacts / "okr-unit-tree.png"), full_page=True)

    page.click(f"#node-{unit_id} >> text=Nâng cao chất lượng thẩm định hồ sơ")
    page.click("#key-results article >> nth=0 >> text=mục nhật ký đã duyệt")
    expect(page.locator("#entries-total")).to_have_text(f"{unit_work.quantize(Decimal('0.01'))}".replace(".", ","))
    page.screenshot(path=str(artifacts / "okr-drill-down.png"), full_page=True)
