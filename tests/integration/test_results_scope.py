"""Who may see and act on results: reports, the unit table, reviews and appeals stay within scope."""
from datetime import date, timedelta

from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.evaluations import service
from webapp.models import Appeal, EvaluationSheet, Period, UserAccount

from .evaluation_data import october_work, team

OCTOBER = date(2026, 10, 1)


def _closed_october(session, t):
    """October's work scored by a month close run by the head."""
    october_work(session, t)
    service.close_month(session, Actor.from_account(t.head), OCTOBER)


def _report(user, **data):
    """POST a report request; the status code."""
    return user.post("/units/so-noi-vu/reports", data={"file_format": "pdf", "period": "2026-10", **data}).status_code


def test_a_staff_member_cannot_print_the_units_summary_or_hours_by_naming_themselves(login, session):
    t = team(session)
    _closed_october(session, t)
    staff = login(t.staff.username)
    assert _report(staff, kind="summary", person_id=t.person.id) == 403
    assert _report(staff, kind="hours", person_id=t.person.id) == 403
    assert _report(staff, kind="diary", person_id=t.person.id) == 303


def test_a_manager_prints_hours_and_results_of_their_own_division_only(login, session):
    t = team(session)
    _closed_october(session, t)
    manager = login(t.manager.username)
    other = session.exec(select(UserAccount.division_id).where(
        UserAccount.unit_id == t.unit.id, UserAccount.role == "manager", UserAccount.division_id != t.manager.division_id)).first()
    assert _report(manager, kind="hours", division_id=other, person_id=t.person.id) == 403
    assert _report(manager, kind="summary") == 403
    assert _report(manager, kind="summary", division_id=t.manager.division_id) == 303
    assert _report(manager, kind="hours", division_id=t.manager.division_id) == 303


def test_a_manager_sees_only_their_divisions_results_in_the_unit_table(login, session):
    t = team(session)
    _closed_october(session, t)
    page = login(t.manager.username).get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    division_size = len(session.exec(select(EvaluationSheet).join(UserAccount, UserAccount.person_id == EvaluationSheet.person_id)
                                     .where(UserAccount.division_id == t.manager.division_id)).all())
    assert page.count('<tr id="result-') == division_size < 30


def test_the_head_approves_but_does_not_review_a_staff_members_sheet_in_place_of_their_manager(login, session):
    t = team(session)
    _closed_october(session, t)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    sheet.state = "self_assessed"
    session.commit()
    head = login(t.head.username)
    assert f"/sheets/{sheet.id}" not in head.get("/evaluations?month=2026-10").get_data(as_text=True)
    response = head.post(f"/sheets/{sheet.id}/review", data={"version": str(sheet.version), "strengths": "x",
                                                             **{f"c_{c}": "2" for c in ("I_1", "I_2")}})
    assert response.status_code in (403, 422)
    session.refresh(sheet)
    assert sheet.state == "self_assessed"


def test_nobody_answers_their_own_appeal(login, session):
    t = team(session)
    _closed_october(session, t)
    head_sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.head.person_id)).one()
    head_sheet.state, head_sheet.published_at = "published", head_sheet.created_at if hasattr(head_sheet, "created_at") else None
    from webapp.clock import utcnow
    head_sheet.published_at = utcnow()
    session.add(Appeal(sheet_id=head_sheet.id, filed_by_id=t.head.id, text="Đề nghị xem xét lại"))
    session.commit()
    appeal = session.exec(select(Appeal).where(Appeal.sheet_id == head_sheet.id)).one()
    assert login(t.head.username).post(f"/appeals/{appeal.id}/answer", data={"answer": "Tự trả lời"}).status_code == 403
    from ..helpers import organiser_of
    assert login(organiser_of(session, "chinhquyen")).post(f"/appeals/{appeal.id}/answer",
                                                           data={"answer": "Giữ nguyên"}).status_code == 303


def test_a_month_close_leaves_a_closed_period_untouched(session):
    t = team(session)
    _closed_october(session, t)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    period.state = "closed"
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    session.delete(sheet)
    session.commit()
    service.close_month(session, Actor.from_account(t.head), OCTOBER)
    assert session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id,
                                                      EvaluationSheet.period_id == period.id)).first() is None


def test_looking_at_a_closed_or_future_month_creates_nothing(login, session):
    t = team(session)
    _closed_october(session, t)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    period.state = "closed"
    session.commit()
    before = len(session.exec(select(EvaluationSheet)).all())
    staff = login(t.staff.username)
    assert staff.get("/evaluations?month=2026-09").status_code == 200  # no period: none is opened for a look
    assert staff.get(f"/evaluations?month={(date.today() + timedelta(days=62)):%Y-%m}").status_code == 200
    assert login(t.head.username).get("/units/so-noi-vu/evaluations?month=2031-01").status_code == 200
    assert len(session.exec(select(EvaluationSheet)).all()) == before
    assert session.exec(select(Period).where(Period.key.in_(("2031-01",)))).first() is None


def test_bad_years_and_scores_get_vietnamese_messages(login, session):
    t = team(session)
    _closed_october(session, t)
    staff = login(t.staff.username)
    response = staff.get(f"/people/{t.person.id}/scorecard?year=10000")
    assert response.status_code == 422 and "Năm không hợp lệ" in response.get_data(as_text=True)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    response = staff.post(f"/sheets/{sheet.id}/self-assess", data={"version": str(sheet.version), "self_band": "tot",
                                                                   "c_I_1": "sNaN"})
    assert response.status_code == 422


def test_the_year_summary_applies_the_six_month_rule(login, session):
    from webapp.reports.documents import evaluation_summary
    t = team(session)
    _closed_october(session, t)
    periods = session.exec(select(Period).where(Period.unit_id == t.unit.id)).all()
    summary = evaluation_summary(session, t.unit, list(periods), "Năm 2026", "year")
    scored = [line for line in summary["lines"] if line["months"]]
    assert summary["kind"] == "year" and all("Không xếp loại" in line["band_name"] for line in summary["lines"])
    assert scored == [] or all(line["months"] < 6 for line in scored)


def test_a_leaders_d_reads_the_people_whose_reporting_line_points_at_them(session):
    from webapp.evaluations.compute import SheetRow, managed_by
    from webapp.scoring.facts import Flags
    row = lambda i, role, to, leader=False: SheetRow(i, i, 1, 1, role, leader, "draft", "", Flags(), True, True,  # noqa: E731
                                                     reports_to=to)
    head, manager, personnel, staff = row(1, "head", None, True), row(2, "manager", 1, True), row(3, "personnel", 1), \
        row(4, "staff", 2)
    managed = managed_by([head, manager, personnel, staff])
    assert {r.id for r in managed[1]} == {2, 3} and [r.id for r in managed[2]] == [4]


def test_a_leader_is_approved_only_once_the_people_behind_their_d_have_results(login, session):
    import pytest

    from webapp.errors import DomainError
    from webapp.evaluations.workflow import load
    from webapp.models import CriterionScore
    t = team(session)
    _closed_october(session, t)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.manager.person_id)).one()
    for code in ("I.1", "I.2", "II.1", "II.2", "II.3", "II.4", "III.1", "III.2", "III.3", "III.4"):
        session.add(CriterionScore(sheet_id=sheet.id, criterion_code=code, manager_score=2))
    session.commit()
    with pytest.raises(DomainError, match="chưa có kết quả"):
        service.freeze(session, load(session, sheet.id))


def test_colleagues_see_a_published_result_but_not_the_diary_behind_it(login, session):
    t = team(session)
    _closed_october(session, t)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    sheet.state = "published"
    session.commit()
    colleague = next(a for a in session.exec(select(UserAccount).where(UserAccount.unit_id == t.unit.id,
                                                                       UserAccount.role == "staff"))
                     if a.id != t.staff.id)
    user = login(colleague.username)
    assert user.get(f"/sheets/{sheet.id}").status_code == 200
    assert user.get(f"/sheets/{sheet.id}/work").status_code == 403
    assert login(t.staff.username).get(f"/sheets/{sheet.id}/work").status_code == 200


def test_the_audit_keeps_the_scores_that_count(login, session):
    from webapp.models import AuditLog
    t = team(session)
    _closed_october(session, t)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    scores = {f"c_{g}_{n}": "2,5" for g in ("II", "III") for n in range(1, 5)}
    response = login(t.staff.username).post(f"/sheets/{sheet.id}/self-assess", data={
        "version": str(sheet.version), "self_band": "tot", "c_I_1": "5", "c_I_2": "4,5", **scores})
    assert response.status_code == 303
    log = session.exec(select(AuditLog).where(AuditLog.action == "sheet_self_assessed")).one()
    assert log.after["self_scores"]["I.2"] == "4.5"
