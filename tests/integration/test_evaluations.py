"""The monthly sheet: task points from approved work, self-assessment, review, approval, freeze."""
import re
from datetime import date
from decimal import Decimal

from sqlmodel import select

from webapp.models import AuditLog, EvaluationSheet, Period
from webapp.evaluations import service

from .evaluation_data import approved, assign, item, team

MONTH = date(2026, 10, 1)
ALL_FIVES = {"c_I_1": "5", "c_I_2": "5"}
THE_REST = {f"c_{g}_{n}": "2,5" for g in ("II", "III") for n in range(1, 5)}


def _work(session, t):
    """K 1,5 × 4 assigned and done with two errors; K 1 × 4 assigned and done: a 100, b 70, c 100 → 63."""
    k15, k1 = item(session, t.unit, "1.50"), item(session, t.unit, "1.00")
    first = assign(session, t.person, k15, "4", date(2026, 10, 20))
    second = assign(session, t.person, k1, "4", date(2026, 10, 20))
    approved(session, t.person, k15, "4", date(2026, 10, 12), first, errors=2)
    approved(session, t.person, k1, "4", date(2026, 10, 13), second)
    session.commit()


def _sheet_id(session, t) -> int:
    """The staff member's October sheet."""
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    return session.exec(select(EvaluationSheet.id).where(EvaluationSheet.period_id == period.id,
                                                         EvaluationSheet.person_id == t.person.id)).one()


def _version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_the_sheet_follows_approved_work_through_the_whole_workflow(login, session):
    t = team(session)
    _work(session, t)
    staff = login(t.staff.username)
    page = staff.get("/evaluations?month=2026-10").get_data(as_text=True)
    sheet_id = _sheet_id(session, t)
    page = staff.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    assert "63,00" in page and "70,00 %" in page
    response = staff.post(f"/sheets/{sheet_id}/self-assess",
                          data={"version": _version(page), "self_band": "xuat_sac", **ALL_FIVES, **THE_REST})
    assert response.status_code == 303, response.get_data(as_text=True)[:800]

    manager = login(t.manager.username)
    assert f"/sheets/{sheet_id}" in manager.get("/evaluations?month=2026-10").get_data(as_text=True)
    page = manager.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    scores = {**ALL_FIVES, **THE_REST, "c_III_4": "0"}  # 27,5 general points
    response = manager.post(f"/sheets/{sheet_id}/review", data={"version": _version(page), "strengths": "Chủ động, đúng hạn",
                                                              "limitations": "", **scores})
    assert response.status_code == 303, response.get_data(as_text=True)[:800]

    head = login(t.head.username)
    page = head.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    assert 'id="cap-check"' in page and "Phê duyệt" in page
    assert head.post(f"/sheets/{sheet_id}/approve", data={"version": _version(page)}).status_code == 303
    sheet = session.get(EvaluationSheet, sheet_id)
    session.refresh(sheet)
    assert (sheet.state, sheet.task_points, sheet.general_points, sheet.total_points, sheet.band) == (
        "approved", Decimal("63.00"), Decimal("27.50"), Decimal("90.50"), "xuat_sac")
    assert sheet.frozen_result["rule_set"]["code"] == "nd-335-2025"
    actions = set(session.exec(select(AuditLog.action).where(AuditLog.entity_id == sheet_id,
                                                               AuditLog.entity == "evaluationsheet")).all())
    assert {"sheet_self_assessed", "sheet_reviewed", "sheet_approved"} <= actions


def test_task_points_are_frozen_at_approval(login, session):
    t = team(session)
    _work(session, t)
    staff = login(t.staff.username)
    staff.get("/evaluations?month=2026-10")
    sheet_id = _sheet_id(session, t)
    sheet = session.get(EvaluationSheet, sheet_id)
    sheet.state = "reviewed"
    session.commit()
    from webapp.evaluations.workflow import load
    from webapp.models import CriterionScore
    for code in ("I.1", "I.2", "II.1", "II.2", "II.3", "II.4", "III.1", "III.2", "III.3", "III.4"):
        session.add(CriterionScore(sheet_id=sheet_id, criterion_code=code, manager_score=Decimal("2.5")))
    session.flush()
    service.freeze(session, load(session, sheet_id))
    sheet.state = "approved"  # what workflow.approve does after freezing
    session.commit()
    approved(session, t.person, item(session, t.unit, "1.00"), "10", date(2026, 10, 14))
    session.commit()
    service.compute_month(session, [session.get(Period, sheet.period_id)])
    session.commit()
    session.refresh(sheet)
    assert sheet.task_points == Decimal("63.00")  # unchanged by the later approval


def test_the_drill_down_lists_the_entries_and_assignments_behind_a_b_c(login, session):
    t = team(session)
    _work(session, t)
    staff = login(t.staff.username)
    staff.get("/evaluations?month=2026-10")
    page = staff.get(f"/sheets/{_sheet_id(session, t)}/work").get_data(as_text=True)
    assert page.count('<tr id="entry-') == 2 and page.count('<tr id="assignment-') == 2
    assert "b = 7,00 / 10,00 = 70,00 %" in page


def test_a_staff_member_cannot_review_or_open_a_colleagues_sheet(login, session):
    t = team(session)
    _work(session, t)
    login(t.staff.username).get("/evaluations?month=2026-10")
    sheet_id = _sheet_id(session, t)
    other = session.exec(select(EvaluationSheet).where(EvaluationSheet.id != sheet_id)).first()
    colleague = next(a for a in session.exec(select(type(t.staff)).where(type(t.staff).unit_id == t.unit.id,
                                                                          type(t.staff).role == "staff"))
                     if a.id != t.staff.id)
    user = login(colleague.username)
    assert user.get(f"/sheets/{sheet_id}").status_code == 403
    assert user.post(f"/sheets/{sheet_id}/review", data={"version": "1", **ALL_FIVES, **THE_REST,
                                                         "strengths": "x"}).status_code == 403
    assert other is None or other.id != sheet_id


def test_bad_scores_get_vietnamese_messages_and_change_nothing(login, session):
    t = team(session)
    _work(session, t)
    staff = login(t.staff.username)
    staff.get("/evaluations?month=2026-10")
    sheet_id = _sheet_id(session, t)
    page = staff.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    response = staff.post(f"/sheets/{sheet_id}/self-assess", data={
        "version": _version(page), "self_band": "tot", **ALL_FIVES, **THE_REST, "c_I_1": "7", "c_II_1": "1,3"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Điểm từ 0 đến 5" in body and "bội số của 0,25" in body
    assert session.get(EvaluationSheet, sheet_id).state == "draft"


def test_the_unit_table_shows_bands_and_the_cap_check_after_a_close(login, session):
    t = team(session)
    _work(session, t)
    head = login(t.head.username)
    response = head.post("/units/so-noi-vu/evaluations/close", data={"month": "2026-10"})
    assert response.status_code == 303
    page = head.get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    assert page.count('<tr id="result-') >= 30 and "Phân bố xếp loại" in page
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    assert period.state == "closing"
    assert login(t.staff.username).get("/units/so-noi-vu/evaluations?month=2026-10").status_code == 403
