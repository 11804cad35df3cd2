"""A month's sheet through the real pages: self-score, manager review, head approval, drill-down."""
from webapp.db import new_session

from ..integration.evaluation_data import october_work, team
from .conftest import sign_in, sign_out


def _seed_work(app):
    """October work of one staff member of Sở Nội vụ: 63 task points (see the integration test)."""
    with app.app_context(), new_session(app) as session:
        t = team(session)
        october_work(session, t)
        return t.staff.username, t.manager.username, t.head.username, t.person.full_name


def _score_all(page, value_by_code: dict[str, str], column: str) -> None:
    """Type a score into each criterion input of the column ("Tự chấm" or "Lãnh đạo chấm")."""
    for code, value in value_by_code.items():
        page.fill(f"input[aria-label='{column} {code}']", value)


SCORES = {"I.1": "5", "I.2": "5", "II.1": "2,5", "II.2": "2,5", "II.3": "2,5", "II.4": "2,5",
          "III.1": "2,5", "III.2": "2,5", "III.3": "2,5", "III.4": "2,5"}


def test_a_sheet_goes_from_self_assessment_to_the_heads_approval(page, live_server, browser_app, artifacts):
    staff, manager, head, name = _seed_work(browser_app)
    sign_in(page, live_server, staff)
    page.goto(f"{live_server}/evaluations?month=2026-10")
    page.click("text=Phiếu theo dõi, đánh giá tháng 10/2026")
    assert page.inner_text("#task-points") == "63,00"
    _score_all(page, SCORES, "Tự chấm")
    page.select_option("#self_band", "xuat_sac")
    page.click("text=Gửi tự đánh giá")
    assert page.inner_text("#sheet-state") == "Đã tự đánh giá"
    sheet_url = page.url
    sign_out(page)

    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/evaluations?month=2026-10")
    page.click(f"#waiting >> text={name}")
    _score_all(page, {"III.4": "0"}, "Lãnh đạo chấm")  # the rest are prefilled with the self scores
    page.fill("#strengths", "Hoàn thành đúng hạn, chủ động tham mưu")
    page.click("text=Ghi kết quả đánh giá")
    assert page.inner_text("#sheet-state") == "Lãnh đạo trực tiếp đã đánh giá"
    sign_out(page)

    sign_in(page, live_server, head)
    page.goto(sheet_url)
    assert page.is_visible("#cap-check")
    page.click("button:has-text('Phê duyệt')")
    assert page.inner_text("#sheet-state") == "Thủ trưởng đã phê duyệt"
    assert page.inner_text("#total-points") == "90,50"
    assert page.inner_text("#band") == "Hoàn thành xuất sắc nhiệm vụ"
    page.screenshot(path=str(artifacts / "evaluation-sheet.png"), full_page=True)

    page.click("text=Xem các sản phẩm, công việc tạo nên a, b, c")
    assert page.locator("#entries tr[id^=entry-]").count() == 2
    assert page.locator("#assignments tr[id^=assignment-]").count() == 2
    assert "b = 7,00 / 10,00 = 70,00 %" in page.inner_text("body")
    page.screenshot(path=str(artifacts / "evaluation-drilldown.png"), full_page=True)
