"""The monthly sheet: task points from approved work, self-assessment, review, approval, freeze."""
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from webapp.models import AuditLog, EvaluationSheet, Period
from webapp.evaluations import service

from .evaluation_data import approved, item, october_work, team

MONTH = date(2026, 10, 1)
ALL_FIVES = {"c_I_1": "5", "c_I_2": "5"}
THE_REST = {f"c_{g}_{n}": "2,5" for g in ("II", "III") for n in range(1, 5)}


def _work(session, t):
    """The October work of the staff member (63 task points)."""
    october_work(session, t)


def _sheet_id(session, t) -> int:
    """The staff member's October sheet."""
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    return session.exec(select(EvaluationSheet.id).where(EvaluationSheet.period_id == period.id,
                                                         EvaluationSheet.person_id == t.person.id)).one()


def _opened(login, session):
    """The staff member with October's work, signed in, their sheet opened (so created)."""
    t = team(session)
    _work(session, t)
    staff = login(t.staff.username)
    staff.get("/evaluations?month=2026-10")
    return t, staff, _sheet_id(session, t)


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
    t, staff, sheet_id = _opened(login, session)
    sheet = session.get(EvaluationSheet, sheet_id)
    sheet.state = "reviewed"
    session.commit()
    from webapp.evaluations.workflow import load
    from webapp.models import CriterionScore
    for code in ("I.1", "I.2", "II.1", "II.2", "II.3", "II.4", "III.1", "III.2", "III.3", "III.4"):
        session.add(CriterionScore(sheet_id=sheet_id, criterion_code=code, manager_score=Decimal("2.5")))
    session.flush()
    from webapp.evaluations.compute import freeze
    freeze(session, load(session, sheet_id))
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
    t, staff, sheet_id = _opened(login, session)
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
    response = head.post("/units/so-noi-vu/evaluations/close", data={"month": "2026-10", "confirmed": "yes"})
    assert response.status_code == 303
    page = head.get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    assert page.count('<tr id="result-') >= 30 and "Phân bố xếp loại" in page
    division = head.get(f"/units/so-noi-vu/evaluations?month=2026-10&division={t.person.division_id}").get_data(as_text=True)
    assert 3 <= division.count('<tr id="result-') < 10
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    assert period.state == "closing"
    staff_view = login(t.staff.username).get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    assert '<tr id="result-' not in staff_view  # nothing published yet
    assert login(username_of_other_unit(session)).get("/units/so-noi-vu/evaluations?month=2026-10").status_code == 403


def _reviewed_sheet(session, t, general: str = "2.5") -> int:
    """The staff member's sheet, scored by the manager (every criterion at `general` or its maximum)."""
    from webapp.models import CriterionScore
    service.close_month(session, _actor(session, t.head), MONTH)
    sheet_id = _sheet_id(session, t)
    for code, maximum in (("I.1", "5"), ("I.2", "5")) + tuple((f"{g}.{n}", "2.5") for g in ("II", "III") for n in range(1, 5)):
        session.add(CriterionScore(sheet_id=sheet_id, criterion_code=code, manager_score=Decimal(min(maximum, general, key=Decimal))))
    sheet = session.get(EvaluationSheet, sheet_id)
    sheet.state = "reviewed"
    session.commit()
    return sheet_id


def _actor(session, account):
    """The Actor of an account."""
    from webapp.auth.actor import Actor
    return Actor.from_account(account)


def test_a_disciplined_person_is_not_completing_whatever_their_points(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t, "5")
    head = login(t.head.username)
    page = head.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    response = head.post(f"/sheets/{sheet_id}/flags", data={"version": _version(page), "disciplined": "y",
                                                             "unit_plan_done": "y", "internal_unity": "y",
                                                             "reason": "Quyết định số 12/QĐ-SNV ngày 05/10/2026"})
    assert response.status_code == 303
    page = head.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    assert "93,00" in page and "Không hoàn thành nhiệm vụ" in page and "kỷ luật" in page
    log = session.exec(select(AuditLog).where(AuditLog.action == "sheet_flags_set")).one()
    assert log.reason.startswith("Quyết định số 12")


def test_flags_need_a_reason_and_change_nothing_without_one(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)
    head = login(t.head.username)
    page = head.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    response = head.post(f"/sheets/{sheet_id}/flags", data={"version": _version(page), "disciplined": "y"})
    assert response.status_code == 422 and "Vui lòng ghi căn cứ" in response.get_data(as_text=True)
    session.expire_all()
    assert not session.get(EvaluationSheet, sheet_id).disciplined


def test_a_stale_form_is_refused_with_a_clear_message(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)
    head = login(t.head.username)
    stale = _version(head.get(f"/sheets/{sheet_id}").get_data(as_text=True))
    assert head.post(f"/sheets/{sheet_id}/approve", data={"version": stale}).status_code == 303
    response = head.post(f"/sheets/{sheet_id}/approve", data={"version": stale})
    assert response.status_code == 409 and "vừa được người khác cập nhật" in response.get_data(as_text=True)


def test_publish_appeal_answer_and_lock(login, session, app):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)
    head = login(t.head.username)
    head.post(f"/sheets/{sheet_id}/approve", data={"version": _version(head.get(f"/sheets/{sheet_id}").get_data(as_text=True))})
    assert head.post("/units/so-noi-vu/evaluations/publish", data={"month": "2026-10", "confirmed": "yes"}).status_code == 303
    staff = login(t.staff.username)
    table = staff.get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    assert table.count('<tr id="result-') == 1  # only published sheets are shown to staff
    assert staff.post(f"/sheets/{sheet_id}/appeals", data={"text": "Đề nghị xem xét lại tiêu chí III.4"}).status_code == 303
    response = head.post("/units/so-noi-vu/evaluations/lock", data={"month": "2026-10", "confirmed": "yes"})
    assert response.status_code == 422 and "Chưa hết thời hạn kiến nghị" in response.get_data(as_text=True)
    from webapp.models import Appeal
    appeal = session.exec(select(Appeal).where(Appeal.sheet_id == sheet_id)).one()
    answered = head.post(f"/appeals/{appeal.id}/answer", data={"answer": "Giữ nguyên kết quả"})
    assert answered.status_code == 303, answered.get_data(as_text=True)[-1500:]
    app.config["APPEAL_WINDOW_DAYS"] = 0
    assert head.post("/units/so-noi-vu/evaluations/lock", data={"month": "2026-10", "confirmed": "yes"}).status_code == 303
    session.expire_all()
    assert session.get(EvaluationSheet, sheet_id).state == "locked"


def test_a_period_reopens_only_with_a_reason_that_is_kept(login, session):
    t = team(session)
    personnel = next(a for a in session.exec(select(type(t.staff)).where(type(t.staff).unit_id == t.unit.id,
                                                                          type(t.staff).role == "personnel")))
    user = login(personnel.username)
    assert user.post("/units/so-noi-vu/evaluations/close", data={"month": "2026-10", "confirmed": "yes"}).status_code == 303
    response = user.post("/units/so-noi-vu/evaluations/reopen", data={"month": "2026-10", "reason": ""})
    assert response.status_code == 422
    assert user.post("/units/so-noi-vu/evaluations/reopen", data={"month": "2026-10",
                                                                  "reason": "Bổ sung minh chứng"}).status_code == 303
    from webapp.models import PeriodReopening
    assert session.exec(select(PeriodReopening.reason)).all() == ["Bổ sung minh chứng"]
    assert login(t.staff.username).post("/units/so-noi-vu/evaluations/reopen", data={
        "month": "2026-10", "reason": "x"}).status_code == 403


def test_a_province_organiser_closes_every_unit_of_their_bloc_and_no_other(login, session):
    from ..helpers import organiser_of
    organiser = login(organiser_of(session, "chinhquyen"))
    assert organiser.post("/evaluations/close", data={"month": "2026-10", "confirmed": "yes"}).status_code == 303
    keys = session.exec(select(Period.unit_id).where(Period.key == "2026-10", Period.state == "closing")).all()
    assert len(keys) == 4  # the four pilot units of the government bloc
    assert session.exec(select(func.count()).select_from(EvaluationSheet)).one() >= 121
    assert login(t_staff(session)).post("/evaluations/close", data={"month": "2026-10", "confirmed": "yes"}).status_code == 403


def t_staff(session) -> str:
    """A staff username."""
    return team(session).staff.username


def test_a_leaders_d_falls_to_50_percent_when_one_of_their_staff_is_not_completing(session):
    t = team(session)
    sheet_ids = {}
    service.close_month(session, _actor(session, t.head), MONTH)
    manager_sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.manager.person_id)).one()
    staff_sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    staff_sheet.band = "khong_hoan_thanh"  # as reviewed: no work at all this month
    session.commit()
    from webapp.evaluations.compute import score_sheets
    period = session.get(Period, manager_sheet.period_id)
    result = score_sheets(session, [period])[manager_sheet.id].score
    assert result.d == Decimal("0.5") and sheet_ids == {}


def test_a_persons_year_page_shows_months_quarters_and_the_six_month_rule(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)
    head = login(t.head.username)
    head.post(f"/sheets/{sheet_id}/approve", data={"version": _version(head.get(f"/sheets/{sheet_id}").get_data(as_text=True))})
    page = login(t.staff.username).get(f"/people/{t.person.id}/scorecard?year=2026").get_data(as_text=True)
    assert "Quý 4" in page and "Không xếp loại" in page  # one month worked: below six months
    assert login(t.manager.username).get(f"/people/{t.person.id}/scorecard").status_code == 200
    other = login(username_of_other_unit(session))
    assert other.get(f"/people/{t.person.id}/scorecard").status_code == 403


def username_of_other_unit(session) -> str:
    """A staff member of phường Hạc Thành."""
    from ..helpers import username_of
    return username_of(session, "hac-thanh", "staff")


def test_the_month_close_writes_exactly_what_item_by_item_scoring_computes(session):
    from webapp.evaluations.compute import score_sheets
    from webapp.evaluations.inputs import work_facts, work_totals
    t = team(session)
    _work(session, t)
    k2 = item(session, t.unit, "2.00") or item(session, t.unit, "1.50")
    approved(session, t.person, k2, "3", date(2026, 10, 15), errors=1, late=True)
    approved(session, t.person, k2, "2", date(2026, 10, 16), late=True, delay_exempt=True)
    session.commit()
    service.close_month(session, _actor(session, t.head), MONTH)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    expected = score_sheets(session, [period])
    sheets = session.exec(select(EvaluationSheet).where(EvaluationSheet.period_id == period.id)).all()
    assert len(sheets) == len(expected) >= 30
    assert all(sheet.task_points == expected[sheet.id].score.task_points for sheet in sheets)
    by_item = work_facts(session, period.starts_on, period.ends_on, [t.unit.id])[t.person.id]
    totals = work_totals(session, period.starts_on, period.ends_on, [t.unit.id])[t.person.id]
    from webapp.evaluations.queries import rules_for
    from webapp.scoring import PersonPeriodFacts, score_person
    rules = rules_for(session, period)
    zeros = {c.code: Decimal(0) for c in rules.general.criteria}
    scores = [score_person(rules, PersonPeriodFacts(False, tuple(w.assigned), tuple(w.completed), zeros))
              for w in (by_item, totals)]
    assert scores[0].task_points == scores[1].task_points and scores[0].c_percent < 100


def _pipelined_close(session, monkeypatch):
    """The province close path (PostgreSQL only) with a chunk of 7 sheets, so a unit takes several statements."""
    from webapp.evaluations import bulk
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the pipelined month close runs on PostgreSQL only")
    monkeypatch.setattr(bulk, "CHUNK", 7)
    return bulk


def test_the_month_close_in_many_chunks_writes_what_item_by_item_scoring_computes(session, monkeypatch):
    from webapp.evaluations.compute import score_sheets, sheet_values
    from webapp.evaluations.queries import rules_for
    from webapp.models import CriterionScore
    bulk = _pipelined_close(session, monkeypatch)
    t = team(session)
    _work(session, t)
    session.commit()
    service.close_month(session, _actor(session, t.head), MONTH)  # inserts every sheet
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    for criterion in rules_for(session, period).general.criteria:  # the manager scores one sheet in full
        session.add(CriterionScore(sheet_id=_sheet_id(session, t), criterion_code=criterion.code,
                                   manager_score=criterion.max_points))
    session.commit()
    service.close_month(session, _actor(session, t.head), MONTH)  # updates them (ON CONFLICT)
    session.expire_all()
    scored = score_sheets(session, [period])  # item by item, with explanations, as the sheet page does
    expected = {sheet_id: tuple(sheet_values(result).values()) for sheet_id, result in scored.items()}
    sheets = session.exec(select(EvaluationSheet).where(EvaluationSheet.period_id == period.id)).all()
    written = {s.id: (s.task_points, s.general_points, s.total_points, s.band) for s in sheets}
    assert len(written) > 3 * bulk.CHUNK and written == expected
    assert written[_sheet_id(session, t)][3] != ""  # the scored sheet got its general part, total and band


def test_a_failing_chunk_fails_the_whole_close_and_leaves_no_sheet(session, monkeypatch):
    import psycopg
    bulk = _pipelined_close(session, monkeypatch)
    t = team(session)
    periods = service.month_periods(session, MONTH, [t.unit])
    session.commit()
    calls = iter(range(10_000))
    real = bulk.sheet_values

    def overlong_band_at_the_20th(result):
        values = real(result)
        return values | {"band": "x" * 17} if next(calls) == 19 else values  # band is VARCHAR(16)

    monkeypatch.setattr(bulk, "sheet_values", overlong_band_at_the_20th)
    with pytest.raises(psycopg.errors.StringDataRightTruncation):
        service.compute_month(session, periods)
    session.rollback()
    assert session.exec(select(func.count()).select_from(EvaluationSheet)
                        .where(EvaluationSheet.period_id == periods[0].id)).one() == 0


def test_one_sheet_scored_alone_equals_the_unit_scored_at_once(session):
    """The sheet page scores a sheet and what it reads (a leader: their people's bands), not the whole unit."""
    from webapp.evaluations.compute import score_sheet, score_sheets
    t = team(session)
    _work(session, t)
    service.close_month(session, _actor(session, t.head), MONTH)
    sheets = {s.person_id: s for s in session.exec(select(EvaluationSheet)).all()}
    staff_sheet = sheets[t.person.id]
    staff_sheet.band = "khong_hoan_thanh"  # as reviewed: the manager's đ and band depend on it
    session.commit()
    period = session.get(Period, staff_sheet.period_id)
    whole = score_sheets(session, [period], include_frozen=True)
    assert len(whole) > 3
    for sheet_id, expected in whole.items():
        assert score_sheet(session, period, sheet_id) == expected, sheet_id
    assert score_sheet(session, period, sheets[t.manager.person_id].id).score.d == Decimal("0.5")  # their staff's band
