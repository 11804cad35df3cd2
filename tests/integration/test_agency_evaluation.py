"""The yearly agency evaluation through its services and pages: the head self-assesses, the superior level of the
unit's bloc scores and approves; every step is role- and scope-checked, bounded, audited; the task part comes from
the unit's OKR and plan completion and is explained on the result page."""
from decimal import Decimal

import pytest
from sqlmodel import select

from webapp.agency import service
from webapp.errors import Conflict, DomainError, Forbidden
from webapp.models import AgencyEvaluation, AuditLog

from .agency_data import YEAR, agency_team, form, scores, year_of_work


@pytest.fixture
def t(make, session):
    team = agency_team(make)
    year_of_work(session, make, team)
    return team


def _self_assessed(session, t, *values: str):
    return service.self_assess(session, t.head, t.unit.code, YEAR, 0, scores(*(values or ("6",) * 5)), "Tự nhận xét")


def test_the_head_self_assesses_and_the_task_part_comes_from_the_units_okr_and_plan(session, t):
    row = _self_assessed(session, t, "6", "6", "5.5", "5", "6")
    assert (row.state, row.version) == ("self_assessed", 2)
    # OKR 8 / 10 = 80 %, plan 4,5 / 6 = 75 %: 70 × (50 % × 80 % + 50 % × 75 %) = 54,25
    assert row.task_points == Decimal("54.25")
    assert row.result["figures"]["okr_completion"] == "0.8000"
    figures = row.result["figures"]
    assert (Decimal(figures["plan_completed"]), Decimal(figures["plan_assigned"])) == (Decimal("4.5"), 6)
    assert row.result["self"]["total"] == "82.75" and row.self_band == "tot"
    assert row.general_points is None and row.band == ""  # the superior's scores count, not yet given


def test_the_superior_of_the_bloc_scores_then_approves_and_every_step_is_audited(session, t):
    row = _self_assessed(session, t)
    row = service.score(session, t.organiser, t.unit.code, YEAR, row.version, scores("6", "6", "6", "6", "6"),
                        "Hoàn thành tốt")
    assert (row.state, row.general_points, row.total_points, row.band) == ("scored", 30, Decimal("84.25"), "tot")
    row = service.approve(session, t.organiser, t.unit.code, YEAR, row.version)
    assert row.state == "approved" and row.approved_by_id == t.organiser.account_id
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "agencyevaluation",
                                                         AuditLog.entity_id == row.id).order_by(AuditLog.id)).all()
    assert actions == ["agency_self_assessed", "agency_scored", "agency_approved"]


def test_the_administrator_is_a_superior_level_of_every_unit(session, t):
    row = _self_assessed(session, t)
    assert service.score(session, t.admin, t.unit.code, YEAR, row.version, scores(*"66666"), "Tốt").state == "scored"


@pytest.mark.parametrize("who, verb", [
    ("other_organiser", "score"), ("other_organiser", "approve"), ("other_organiser", "send_back"),
    ("head", "score"), ("head", "approve"), ("staff", "score")])
def test_only_the_superior_level_of_the_units_bloc_scores_returns_or_approves(session, t, who, verb):
    row = _self_assessed(session, t)
    args = {"score": (scores(*"66666"), "Nhận xét"), "approve": (), "send_back": ("Lý do",)}[verb]
    with pytest.raises(Forbidden, match="Chỉ cấp trên"):
        getattr(service, verb)(session, getattr(t, who), t.unit.code, YEAR, row.version, *args)
    assert session.get(AgencyEvaluation, row.id).state == "self_assessed"


@pytest.mark.parametrize("who", ["organiser", "staff", "other_organiser"])
def test_only_the_units_head_self_assesses(session, t, who):
    with pytest.raises(Forbidden, match="Chỉ thủ trưởng"):
        service.self_assess(session, getattr(t, who), t.unit.code, YEAR, 0, scores(*"66666"), "")
    assert service.find(session, t.unit.id, YEAR) is None


@pytest.mark.parametrize("values, message", [(("6.5", "6", "6", "6", "6"), "CQ.1 phải từ 0 đến 6"),
                                             (("6", "6", "6", "6", "5.1"), "bội số của 0.25")])
def test_scores_beyond_a_criterions_maximum_are_refused_and_nothing_changes(session, t, values, message):
    row = _self_assessed(session, t)
    with pytest.raises(DomainError, match=message):
        service.score(session, t.organiser, t.unit.code, YEAR, row.version, scores(*values), "Nhận xét")
    assert session.get(AgencyEvaluation, row.id).state == "self_assessed"


def test_a_year_still_to_come_cannot_be_evaluated(session, t):
    with pytest.raises(DomainError, match="Năm đánh giá không hợp lệ"):
        service.self_assess(session, t.head, t.unit.code, YEAR + 1, 0, scores(*"66666"), "")


def test_a_stale_form_changes_nothing_and_says_why(session, t):
    row = _self_assessed(session, t)
    version = row.version
    service.score(session, t.organiser, t.unit.code, YEAR, version, scores(*"66666"), "Nhận xét")
    with pytest.raises(Conflict, match="Cấp trên đã chấm điểm"):
        service.approve(session, t.organiser, t.unit.code, YEAR, version)
    assert session.get(AgencyEvaluation, row.id).state == "scored"


def test_the_superior_returns_to_the_head_with_a_reason_and_the_head_assesses_again(session, t):
    row = _self_assessed(session, t)
    with pytest.raises(DomainError, match="lý do"):
        service.send_back(session, t.organiser, t.unit.code, YEAR, row.version, "  ")
    row = service.send_back(session, t.organiser, t.unit.code, YEAR, row.version, "Bổ sung minh chứng")
    assert row.state == "draft"
    reason = session.exec(select(AuditLog.reason).where(AuditLog.action == "agency_returned")).one()
    assert reason == "Bổ sung minh chứng"
    again = service.self_assess(session, t.head, t.unit.code, YEAR, row.version, scores(*"55555"), "")
    assert again.state == "self_assessed" and again.id == row.id


def test_an_approved_result_is_final(session, t):
    row = _self_assessed(session, t)
    row = service.score(session, t.organiser, t.unit.code, YEAR, row.version, scores(*"66666"), "Tốt")
    row = service.approve(session, t.organiser, t.unit.code, YEAR, row.version)
    with pytest.raises(Conflict):
        service.score(session, t.organiser, t.unit.code, YEAR, row.version, scores(*"55555"), "Sửa")


def test_the_pages_walk_head_then_superior_and_explain_every_number(login, session, t):
    head = login(t.head.username)
    page = head.get(f"/units/{t.unit.code}/agency-evaluation?year={YEAR}").get_data(as_text=True)
    assert "Mức hoàn thành kế hoạch công tác" in page and "4,50 / 6,00 = 75,00 %" in page
    response = head.post(f"/units/{t.unit.code}/agency-evaluation/self-assess?year={YEAR}",
                         form("6", "6", "6", "6", "6", version="0", comment="Hoàn thành kế hoạch"))
    assert response.status_code == 303
    organiser = login(t.organiser.username)
    listing = organiser.get(f"/agency-evaluations?year={YEAR}").get_data(as_text=True)
    assert "Sở Thử nghiệm Đánh giá" in listing and "Thủ trưởng đã tự đánh giá" in listing
    row = service.find(session, t.unit.id, YEAR)
    refused = organiser.post(f"/units/{t.unit.code}/agency-evaluation/score?year={YEAR}",
                             form("7", "6", "6", "6", "6", version=str(row.version), comment="Tốt"))
    assert refused.status_code == 422 and "Điểm từ 0 đến 6." in refused.get_data(as_text=True)
    organiser.post(f"/units/{t.unit.code}/agency-evaluation/score?year={YEAR}",
                   form("6", "6", "6", "5,5", "6", version=str(row.version), comment="Tốt"))
    session.expire_all()
    row = service.find(session, t.unit.id, YEAR)
    assert organiser.post(f"/units/{t.unit.code}/agency-evaluation/approve?year={YEAR}",
                          {"version": str(row.version)}).status_code == 303
    result = head.get(f"/units/{t.unit.code}/agency-evaluation?year={YEAR}").get_data(as_text=True)
    assert "Đã phê duyệt" in result and "83,75" in result and "Hoàn thành tốt nhiệm vụ" in result
    assert "70,00 × (50,00 % × 80,00 % + 50,00 % × 75,00 %) = 54,25" in result
    assert "29,50 + 54,25 = 83,75" in result


def test_an_organiser_of_another_bloc_cannot_open_the_units_year(login, t):
    response = login(t.other_organiser.username).get(f"/units/{t.unit.code}/agency-evaluation?year={YEAR}")
    assert response.status_code == 403


def test_a_member_of_staff_sees_the_units_result_only_once_approved(login, session, t):
    staff = login(t.staff.username)
    assert staff.get(f"/units/{t.unit.code}/agency-evaluation?year={YEAR}").status_code == 403
    row = _self_assessed(session, t)
    row = service.score(session, t.organiser, t.unit.code, YEAR, row.version, scores(*"66666"), "Tốt")
    service.approve(session, t.organiser, t.unit.code, YEAR, row.version)
    assert staff.get(f"/units/{t.unit.code}/agency-evaluation?year={YEAR}").status_code == 200


def test_the_organisers_list_holds_only_the_units_of_their_bloc(login, session, t):
    listing = login(t.other_organiser.username).get(f"/agency-evaluations?year={YEAR}").get_data(as_text=True)
    assert "Sở Thử nghiệm Đánh giá" not in listing and "Khối Đảng" in listing
