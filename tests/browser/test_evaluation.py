"""A month's sheet through the real pages: self-score, manager review, head approval, drill-down."""
from datetime import date

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


def _leader_sheet(app):
    """October closed at Sở Nội vụ: the division manager's sheet id and the head's username."""
    from sqlmodel import select

    from webapp.auth.actor import Actor
    from webapp.evaluations import service
    from webapp.models import EvaluationSheet
    with app.app_context(), new_session(app) as session:
        t = team(session)
        service.close_month(session, Actor.from_account(t.head), date(2026, 10, 1), t.unit)
        sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.manager.person_id)).one()
        return sheet.id, t.head.username


def test_a_leaders_sheet_shows_d_dd_e_with_their_sources_and_the_head_sets_dd_and_e(page, live_server, browser_app,
                                                                                    artifacts):
    sheet_id, head = _leader_sheet(browser_app)
    sign_in(page, live_server, head)
    page.goto(f"{live_server}/sheets/{sheet_id}")
    assert "chưa đủ dữ liệu" in page.inner_text("#factor-d")
    assert "chưa ghi nhận" in page.inner_text("#factor-dd")
    page.select_option("#flag-unit_plan_done", "y")
    page.select_option("#flag-internal_unity", "y")
    page.fill("#flags-reason", "Báo cáo số 15/BC-SNV ngày 30/10/2026")
    page.click("button:has-text('Ghi nhận')")
    page.wait_for_selector("text=Đã ghi nhận.")
    assert "100,00 %" in page.inner_text("#factor-dd") and "Báo cáo số 15/BC-SNV" in page.inner_text("#factor-e")
    assert "người chưa có kết quả" in page.inner_text("#factor-d")
    page.screenshot(path=str(artifacts / "evaluation-leader-sheet.png"), full_page=True)


def _over_the_cap(app) -> tuple[str, str]:
    """November at phường Hạc Thành: every sheet approved, two Xuất sắc and no Hoàn thành tốt (over the cap)."""
    from sqlmodel import select

    from webapp.auth.actor import Actor
    from webapp.evaluations import service
    from webapp.models import EvaluationSheet, Period, Unit, UserAccount
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == "hac-thanh")).one()
        head = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id, UserAccount.role == "head")).first()
        service.close_month(session, Actor.from_account(head), date(2026, 11, 1), unit)
        sheets = session.exec(select(EvaluationSheet).join(Period, Period.id == EvaluationSheet.period_id)
                              .where(Period.unit_id == unit.id, Period.key == "2026-11").order_by(EvaluationSheet.id)).all()
        for n, sheet in enumerate(s for s in sheets if s.state == "draft"):
            sheet.state, sheet.band, sheet.total_points = "approved", "xuat_sac" if n < 2 else "hoan_thanh", 92 if n < 2 else 60
        session.commit()
        return unit.code, head.username


def test_the_head_records_a_cap_decision_before_publishing_an_over_the_cap_month(page, live_server, browser_app,
                                                                                  artifacts):
    code, head = _over_the_cap(browser_app)
    sign_in(page, live_server, head)
    page.goto(f"{live_server}/units/{code}/evaluations?month=2026-11")
    assert "Vượt 2 người" in page.inner_text("#unit-caps")
    page.click("button:has-text('Công khai kết quả…')")
    page.click("button:has-text('Xác nhận')")
    assert "vượt tỷ lệ Hoàn thành xuất sắc" in page.inner_text("body")
    page.goto(f"{live_server}/units/{code}/evaluations?month=2026-11")
    page.fill("#cap-decision-form input[name=reason]", "Đơn vị có thành tích nổi bật, Quyết định số 99/QĐ-UBND")
    page.click("button:has-text('Ghi quyết định giữ kết quả')")
    page.wait_for_selector("#cap-decision")
    page.screenshot(path=str(artifacts / "evaluation-cap-decision.png"), full_page=True)
    page.click("button:has-text('Công khai kết quả…')")
    page.click("button:has-text('Xác nhận')")
    assert "Đã công khai" in page.inner_text("body")
