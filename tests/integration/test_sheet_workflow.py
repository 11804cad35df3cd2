"""The sheet workflow guides: refused forms re-render the sheet, months are bounded, leaders' d, đ, e have
sources, the head decides bands and the cap, month actions are confirmed and say what they did, the period closes."""
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from webapp.clock import local_today
from webapp.evaluations import service
from webapp.models import AuditLog, EvaluationSheet, Period
from webapp.months import month_key

from .evaluation_data import team
from .test_evaluations import ALL_FIVES, MONTH, THE_REST, _actor, _opened, _reviewed_sheet, _sheet_id, _version, _work


def _state(session, sheet_id: int) -> tuple:
    """The sheet's state and version, read fresh."""
    session.expire_all()
    sheet = session.get(EvaluationSheet, sheet_id)
    return sheet.state, sheet.version


def _self_assessed(login, session):
    """The staff member's sheet, self-assessed through the page; the team and the manager's client."""
    t, staff, sheet_id = _opened(login, session)
    page = staff.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    staff.post(f"/sheets/{sheet_id}/self-assess", data={"version": _version(page), "self_band": "tot",
                                                        **ALL_FIVES, **THE_REST})
    return t, login(t.manager.username), sheet_id


@pytest.mark.parametrize("path, data, message", [
    ("approve", {}, "Thiếu phiên bản phiếu"),
    ("send-back", {"version": "keep"}, "Vui lòng nêu lý do trả lại"),
    ("send-back", {}, "Thiếu phiên bản phiếu"),
    ("flags", {"version": "keep"}, "Vui lòng ghi căn cứ"),
])
def test_a_refused_post_of_the_head_re_renders_the_sheet_with_its_message_and_changes_nothing(
        login, session, path, data, message):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)
    head = login(t.head.username)
    before = _state(session, sheet_id)
    if data.get("version") == "keep":
        data = {"version": _version(head.get(f"/sheets/{sheet_id}").get_data(as_text=True))}
    response = head.post(f"/sheets/{sheet_id}/{path}", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and 'id="sheet-' in body
    assert _state(session, sheet_id) == before


def test_the_managers_empty_send_back_and_flags_re_render_the_review_form_with_the_message(login, session):
    t, manager, sheet_id = _self_assessed(login, session)
    version = _version(manager.get(f"/sheets/{sheet_id}").get_data(as_text=True))
    for path, message in (("send-back", "Vui lòng nêu lý do trả lại"), ("flags", "Vui lòng ghi căn cứ")):
        response = manager.post(f"/sheets/{sheet_id}/{path}", data={"version": version})
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and message in body and 'name="c_I_1"' in body
    assert _state(session, sheet_id) == ("self_assessed", int(version))


def test_an_empty_appeal_re_renders_the_published_sheet_with_its_message(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)
    head = login(t.head.username)
    head.post(f"/sheets/{sheet_id}/approve", data={"version": _version(head.get(f"/sheets/{sheet_id}").get_data(as_text=True))})
    head.post("/units/so-noi-vu/evaluations/publish", data={"month": "2026-10", "confirmed": "yes"})
    response = login(t.staff.username).post(f"/sheets/{sheet_id}/appeals", data={"text": "  "})
    assert response.status_code == 422 and "Vui lòng nhập nội dung kiến nghị" in response.get_data(as_text=True)
    assert _state(session, sheet_id)[0] == "published"


def test_the_self_assessment_has_no_default_band_and_keeps_the_choice_after_an_error(login, session):
    t, staff, sheet_id = _opened(login, session)
    page = staff.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    assert '<option value="">— chọn —</option>' in page and " selected" not in page.split('id="self_band"')[1].split("</select>")[0]
    version = _version(page)
    missing = staff.post(f"/sheets/{sheet_id}/self-assess", data={"version": version, **ALL_FIVES, **THE_REST})
    assert missing.status_code == 422 and "Vui lòng chọn mức tự xếp loại" in missing.get_data(as_text=True)
    unknown = staff.post(f"/sheets/{sheet_id}/self-assess", data={"version": version, "self_band": "zzz",
                                                                   **ALL_FIVES, **THE_REST})
    assert unknown.status_code == 422 and "Mức tự xếp loại không hợp lệ" in unknown.get_data(as_text=True)
    bad_score = staff.post(f"/sheets/{sheet_id}/self-assess", data={"version": version, "self_band": "tot",
                                                                     **ALL_FIVES, **THE_REST, "c_I_1": "9"})
    assert bad_score.status_code == 422 and '<option value="tot" selected>' in bad_score.get_data(as_text=True)
    no_version = staff.post(f"/sheets/{sheet_id}/self-assess", data={"self_band": "tot", **ALL_FIVES, **THE_REST})
    assert no_version.status_code == 422 and "Thiếu phiên bản phiếu" in no_version.get_data(as_text=True)
    assert _state(session, sheet_id) == ("draft", int(version))


def test_after_self_assessing_the_person_sees_it_was_sent_with_their_total_and_band(login, session):
    t, staff, sheet_id = _opened(login, session)
    page = staff.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    response = staff.post(f"/sheets/{sheet_id}/self-assess", data={"version": _version(page), "self_band": "tot",
                                                                    **ALL_FIVES, **THE_REST}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Đã gửi tự đánh giá" in body
    assert 'id="own-total">93,00<' in body and 'id="own-band">Hoàn thành tốt nhiệm vụ<' in body  # 63 + 30


def test_long_texts_are_refused_in_vietnamese_at_their_field(login, session):
    t, manager, sheet_id = _self_assessed(login, session)
    version = _version(manager.get(f"/sheets/{sheet_id}").get_data(as_text=True))
    response = manager.post(f"/sheets/{sheet_id}/review", data={"version": version, "strengths": "Tốt",
                                                                "limitations": "x" * 4001, **ALL_FIVES, **THE_REST})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="error-limitations">Tối đa 4000 ký tự.' in body
    assert "Field cannot be longer" not in body and "x" * 4001 in body  # the text typed is kept
    assert _state(session, sheet_id)[0] == "self_assessed"


RANGE = "Tháng đánh giá phải từ 01/2026"
NEXT_MONTH = month_key(local_today().replace(day=28) + timedelta(days=5))


@pytest.mark.parametrize("month, message", [("9999-12", "Tháng không hợp lệ"), ("12/9999", "Tháng không hợp lệ"),
                                            ("2100-12", RANGE), (NEXT_MONTH, RANGE), ("2025-12", RANGE),
                                            ("2000-01", RANGE)])
def test_a_month_outside_the_rule_set_and_the_current_month_is_refused_and_opens_nothing(login, session, month,
                                                                                         message):
    from ..helpers import organiser_of
    t = team(session)
    head, organiser = login(t.head.username), login(organiser_of(session, "chinhquyen"))
    before = session.exec(select(func.count()).select_from(Period)).one()
    for user, path in ((head, "/units/so-noi-vu/evaluations/close"), (organiser, "/evaluations/close")):
        response = user.post(path, data={"month": month, "confirmed": "yes"})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert head.post("/units/so-noi-vu/evaluations/reopen", data={"month": month, "reason": "x"}).status_code == 422
    assert session.exec(select(func.count()).select_from(Period)).one() == before


def _manager_sheet(session, t) -> EvaluationSheet:
    """The division manager's October sheet after the head's close."""
    service.close_month(session, _actor(session, t.head), MONTH)
    return session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.manager.person_id)).one()


def test_a_leaders_sheet_shows_d_dd_e_with_their_sources_and_no_number_until_d_has_data(login, session):
    t = team(session)
    _work(session, t)
    sheet = _manager_sheet(session, t)
    page = login(t.head.username).get(f"/sheets/{sheet.id}").get_data(as_text=True)
    d_row = page.split('id="factor-d"')[1].split("</tr>")[0]
    assert "chưa đủ dữ liệu" in d_row and "người chưa có kết quả" in d_row and t.person.full_name in d_row
    assert "chưa ghi nhận" in page.split('id="factor-dd"')[1].split("</tr>")[0]
    assert "kế hoạch công tác" in page and "đoàn kết nội bộ" in page
    assert 'id="task-points">chưa đủ dữ liệu<' in page
    assert 'name="unit_plan_done" value="y"' not in page  # no hidden preset: chosen explicitly


def test_a_leaders_dd_and_e_must_be_chosen_and_are_shown_once_recorded(login, session):
    t = team(session)
    _work(session, t)
    sheet = _manager_sheet(session, t)
    assert (sheet.unit_plan_done, sheet.internal_unity) == (None, None)
    head = login(t.head.username)
    version = _version(head.get(f"/sheets/{sheet.id}").get_data(as_text=True))
    refused = head.post(f"/sheets/{sheet.id}/flags", data={"version": version, "reason": "Báo cáo số 5/BC-SNV"})
    assert refused.status_code == 422 and "Vui lòng chọn Đạt hoặc Không đạt" in refused.get_data(as_text=True)
    done = head.post(f"/sheets/{sheet.id}/flags", data={"version": version, "unit_plan_done": "y",
                                                         "internal_unity": "n", "reason": "Báo cáo số 5/BC-SNV"})
    assert done.status_code == 303
    session.expire_all()
    assert (session.get(EvaluationSheet, sheet.id).unit_plan_done, session.get(EvaluationSheet, sheet.id).internal_unity) == (True, False)
    page = head.get(f"/sheets/{sheet.id}").get_data(as_text=True)
    assert "100,00 %" in page.split('id="factor-dd"')[1].split("</tr>")[0]
    assert "50,00 %" in page.split('id="factor-e"')[1].split("</tr>")[0] and "Báo cáo số 5/BC-SNV" in page


def _all_approved(session, t, outstanding: int = 0) -> Period:
    """Every sheet of October approved: `outstanding` of them Xuất sắc, the rest Hoàn thành (none Tốt: over the cap)."""
    service.close_month(session, _actor(session, t.head), MONTH)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    sheets = session.exec(select(EvaluationSheet).where(EvaluationSheet.period_id == period.id)
                          .order_by(EvaluationSheet.id)).all()
    for n, sheet in enumerate(sheets):
        sheet.state, sheet.band, sheet.total_points = "approved", "xuat_sac" if n < outstanding else "hoan_thanh", 60
    session.commit()
    return period


def test_publication_over_the_cap_is_refused_until_the_head_records_a_decision_with_its_reason(login, session, app):
    t = team(session)
    period = _all_approved(session, t, outstanding=2)
    head = login(t.head.username)
    table = head.get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    assert "Vượt 2 người" in table and 'id="cap-decision-form"' in table
    refused = head.post("/units/so-noi-vu/evaluations/publish", data={"month": "2026-10", "confirmed": "yes"})
    assert refused.status_code == 422 and "vượt tỷ lệ Hoàn thành xuất sắc" in refused.get_data(as_text=True)
    empty = head.post("/units/so-noi-vu/evaluations/cap-decision", data={"month": "2026-10", "reason": ""})
    assert empty.status_code == 422 and 'id="error-reason">Vui lòng nêu lý do quyết định.' in empty.get_data(as_text=True)
    decided = head.post("/units/so-noi-vu/evaluations/cap-decision", data={
        "month": "2026-10", "reason": "Đơn vị có thành tích nổi bật (Quyết định 99/QĐ-UBND)"})
    assert decided.status_code == 303
    assert session.exec(select(AuditLog).where(AuditLog.action == "period_cap_decided")).one().reason.startswith("Đơn vị")
    published = head.post("/units/so-noi-vu/evaluations/publish", data={"month": "2026-10", "confirmed": "yes"},
                          follow_redirects=True)
    body = published.get_data(as_text=True)
    assert "Đã công khai" in body and "Quyết định 99/QĐ-UBND" in body
    session.expire_all()
    assert session.get(Period, period.id).cap_decision.endswith("99/QĐ-UBND)")


def test_the_head_lowers_a_band_before_approval_with_a_reason_shown_on_the_sheet_and_in_the_table(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t, "5")  # 63 + 30 = 93: Xuất sắc by points
    head = login(t.head.username)
    page = head.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    assert 'id="band-form"' in page
    version = _version(page)
    assert head.post(f"/sheets/{sheet_id}/band", data={"version": version, "band": "tot"}).status_code == 422
    done = head.post(f"/sheets/{sheet_id}/band", data={"version": version, "band": "tot",
                                                       "reason": "Giữ tỷ lệ xuất sắc của đơn vị"})
    assert done.status_code == 303
    session.expire_all()
    sheet = session.get(EvaluationSheet, sheet_id)
    assert (sheet.band, sheet.band_decision, sheet.band_decision_reason) == ("tot", "tot", "Giữ tỷ lệ xuất sắc của đơn vị")
    log = session.exec(select(AuditLog).where(AuditLog.action == "sheet_band_decided")).one()
    assert log.reason == "Giữ tỷ lệ xuất sắc của đơn vị"
    page = head.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    assert 'id="band">Hoàn thành tốt nhiệm vụ<' in page and "Giữ tỷ lệ xuất sắc" in page
    assert "Giữ tỷ lệ xuất sắc" in head.get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    head.post(f"/sheets/{sheet_id}/approve", data={"version": str(sheet.version)})
    session.expire_all()
    assert session.get(EvaluationSheet, sheet_id).band == "tot"  # approval keeps the head's decision


def test_the_head_cannot_raise_a_band_above_what_the_points_give(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)  # 63 + 25 = 88: Tốt
    head = login(t.head.username)
    version = _version(head.get(f"/sheets/{sheet_id}").get_data(as_text=True))
    response = head.post(f"/sheets/{sheet_id}/band", data={"version": version, "band": "xuat_sac", "reason": "x"})
    assert response.status_code == 422 and "Chỉ được giữ hoặc hạ mức xếp loại" in response.get_data(as_text=True)
    assert _state(session, sheet_id) == ("reviewed", int(version))


def test_a_cap_breach_while_sheets_are_unfinished_is_labelled_provisional(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t, "5")
    sheet = session.get(EvaluationSheet, sheet_id)
    sheet.band, sheet.total_points = "xuat_sac", 93  # as the review's rescoring writes it
    session.commit()
    page = login(t.head.username).get(f"/sheets/{sheet_id}").get_data(as_text=True)
    assert 'id="caps-provisional"' in page and "Tạm tính: vượt 1 người" in page


def test_month_actions_ask_for_confirmation_first_and_say_what_they_did(login, session):
    t = team(session)
    _work(session, t)
    head = login(t.head.username)
    step = head.get("/units/so-noi-vu/evaluations/close?month=2026-10").get_data(as_text=True)
    assert 'name="confirmed" value="yes"' in step and "Chốt số liệu" in step
    unconfirmed = head.post("/units/so-noi-vu/evaluations/close", data={"month": "2026-10"})
    assert unconfirmed.status_code == 303 and "/evaluations/close?month=2026-10" in unconfirmed.headers["Location"]
    assert session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one().state == "open"
    done = head.post("/units/so-noi-vu/evaluations/close", data={"month": "2026-10", "confirmed": "yes"},
                     follow_redirects=True).get_data(as_text=True)
    assert "Đã chốt số liệu tháng 10/2026 và tính điểm" in done
    publish = head.get("/units/so-noi-vu/evaluations/publish?month=2026-10").get_data(as_text=True)
    assert 'id="unfinished"' in publish and t.person.full_name in publish  # nobody approved yet: listed first
    table = head.get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    assert '<form method="get" action="/units/so-noi-vu/evaluations/publish">' in table  # the button opens the step


def test_locking_every_sheet_closes_the_period_through_the_periods_service(login, session, app):
    t = team(session)
    period = _all_approved(session, t)
    head = login(t.head.username)
    assert head.post("/units/so-noi-vu/evaluations/publish", data={"month": "2026-10", "confirmed": "yes"}).status_code == 303
    app.config["APPEAL_WINDOW_DAYS"] = 0
    done = head.post("/units/so-noi-vu/evaluations/lock", data={"month": "2026-10", "confirmed": "yes"},
                     follow_redirects=True).get_data(as_text=True)
    assert "Kỳ đánh giá đã được đóng" in done
    session.expire_all()
    assert session.get(Period, period.id).state == "closed"
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "period", AuditLog.entity_id == period.id)
                           .order_by(AuditLog.id)).all()
    assert actions.count("period_closed") == 1 and actions.count("period_closing") == 1


def test_a_staff_members_lock_request_is_refused_for_the_role_before_the_appeal_window(login, session):
    t = team(session)
    _all_approved(session, t)
    head = login(t.head.username)
    head.post("/units/so-noi-vu/evaluations/publish", data={"month": "2026-10", "confirmed": "yes"})
    staff = login(t.staff.username)
    response = staff.post("/units/so-noi-vu/evaluations/lock", data={"month": "2026-10", "confirmed": "yes"})
    assert response.status_code == 403
    from webapp.evaluations import unit_month
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    with pytest.raises(unit_month.Forbidden):
        unit_month.lock(session, _actor(session, t.staff), period)


def test_a_colleague_posting_an_empty_send_back_is_refused_for_the_role_not_the_reason(login, session):
    t = team(session)
    _work(session, t)
    sheet_id = _reviewed_sheet(session, t)
    assert login(t.staff.username).post(f"/sheets/{sheet_id}/send-back", data={}).status_code == 403


def test_a_quarter_without_an_approved_month_is_not_labelled_by_the_years_six_month_rule(session):
    from webapp.reports.documents import evaluation_summary
    t = team(session)
    service.close_month(session, _actor(session, t.head), MONTH)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    summary = evaluation_summary(session, t.unit, [period], "Quý 4 năm 2026", "quarter")
    names = {line["band_name"] for line in summary["lines"]}
    assert names and not any("6 tháng" in name for name in names)
    assert "Chưa có kết quả" in next(iter(names))


def test_the_evaluations_today_is_the_day_in_asia_ho_chi_minh(login, session, monkeypatch):
    from webapp.evaluations import views
    monkeypatch.setattr(views, "local_today", lambda: date(2026, 10, 31))
    t = team(session)
    page = login(t.staff.username).get("/evaluations").get_data(as_text=True)
    assert "Đánh giá, xếp loại tháng 10/2026" in page
    assert _sheet_id(session, t)  # the current month (Hà Nội's) is opened on first visit


def test_a_reopen_without_a_reason_re_renders_the_unit_table_with_the_message_at_its_field(login, session):
    t = team(session)
    head = login(t.head.username)
    head.post("/units/so-noi-vu/evaluations/close", data={"month": "2026-10", "confirmed": "yes"})
    response = head.post("/units/so-noi-vu/evaluations/reopen", data={"month": "2026-10", "reason": " "})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="unit-results"' in body
    assert 'id="error-reason">Vui lòng nêu lý do mở lại kỳ đánh giá.' in body
    assert session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one().state == "closing"


def test_locking_a_month_without_any_sheet_does_not_close_its_period(login, session, app):
    t = team(session)
    app.config["APPEAL_WINDOW_DAYS"] = 0
    done = login(t.head.username).post("/units/so-noi-vu/evaluations/lock", data={"month": "2026-10", "confirmed": "yes"},
                                       follow_redirects=True).get_data(as_text=True)
    assert "Kỳ đánh giá đã được đóng" not in done
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).first()
    assert period is None or period.state != "closed"  # the month's diary stays open
