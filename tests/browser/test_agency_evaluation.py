"""A unit's yearly evaluation through the real pages: the head of Sở Khoa học và Công nghệ self-assesses from the
Đánh giá, xếp loại page; the government bloc's organiser finds the unit from the menu, scores the general criteria,
approves, and the result page explains the task points; screenshots of both steps."""
from datetime import date

from playwright.sync_api import expect
from sqlmodel import select

from webapp.clock import local_today
from webapp.db import new_session
from webapp.models import CatalogueItem, Person, Unit

from ..integration.evaluation_data import approved, assign

from ..helpers import organiser_of, username_of
from .conftest import sign_in, sign_out

UNIT = "so-khcn"


def _cast(app) -> tuple[str, str]:
    """The unit's head and the government bloc's organiser; a staff member's year of work: 4 × K assigned by
    June, 3 done (the plan figure is 75 %)."""
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == UNIT)).one()
        person = session.exec(select(Person).where(Person.unit_id == unit.id, ~Person.is_leader)
                              .order_by(Person.id)).first()
        catalogue_item = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id)
                                      .order_by(CatalogueItem.id)).first()
        year = local_today().year
        approved(session, person, catalogue_item, "3", date(year, 6, 10),
                 assign(session, person, catalogue_item, "4", date(year, 6, 30)))
        session.commit()
        return username_of(session, UNIT, "head"), organiser_of(session, "chinhquyen")


def _score(page, column: str, value: str) -> None:
    """The same score in every agency criterion of the column."""
    for n in range(1, 6):
        page.fill(f"input[aria-label='{column} CQ.{n}']", value)


def test_the_head_self_assesses_and_the_organiser_scores_and_approves(page, live_server, browser_app, artifacts):
    head, organiser = _cast(browser_app)
    year = local_today().year
    sign_in(page, live_server, head)
    page.click("nav >> text=Đánh giá, xếp loại")
    page.click("#agency-link")
    expect(page.locator("#agency-state")).to_have_text("Chưa tự đánh giá")
    expect(page.locator("#agency-plan")).to_contain_text("75,00 %")
    _score(page, "Tự chấm", "3")  # low general points: the unit's staff cap stays as other tests expect it
    page.fill("#comment", "Hoàn thành các nhiệm vụ trọng tâm của năm")
    page.click("text=Gửi tự đánh giá")
    expect(page.locator("#agency-state")).to_have_text("Thủ trưởng đã tự đánh giá")
    page.screenshot(path=str(artifacts / "agency-self-assessed.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, organiser)
    page.click("nav >> text=Đánh giá cơ quan, đơn vị")
    row = page.locator(f"#agency-unit-{UNIT}")
    expect(row).to_contain_text("Thủ trưởng đã tự đánh giá")
    row.locator("a").click()
    _score(page, "Cấp trên chấm", "7")
    page.fill("#comment", "Đạt")
    page.click("text=Ghi điểm của cấp trên")
    expect(page.locator("#agency-criterion-CQ-1 .error")).to_have_text("Điểm từ 0 đến 6.")
    _score(page, "Cấp trên chấm", "2,5")
    page.click("text=Ghi điểm của cấp trên")
    expect(page.locator("#agency-state")).to_have_text("Cấp trên đã chấm điểm")
    task_points = page.locator("#agency-task-points").inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#agency-approve-form button")
    expect(page.locator("#agency-state")).to_have_text("Đã phê duyệt")
    expect(page.locator("#agency-steps")).to_contain_text(f"12,50 + {task_points} = ")
    expect(page.locator("#agency-steps")).to_contain_text("Xếp loại")
    page.screenshot(path=str(artifacts / "agency-approved.png"), full_page=True)
    assert year == int(page.locator("input[name=year]").input_value())
