"""OKR meets KPI: a unit leader's đ read from the unit's OKR progress at the month's end, against the quarter's
pace, when configured; the default unchanged; the reviewer's explicit choice, with its reason, overrides it."""
from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlmodel import select

from webapp.evaluations import service as evaluations
from webapp.evaluations import workflow
from webapp.evaluations.compute import score_sheets
from webapp.models import AuditLog, CheckIn, EvaluationSheet, Period
from webapp.okr import keyresults, service
from webapp.okr.keyresults import CheckInInput
from webapp.okr.kpi import months_between, unit_okr_figures

from .okr_data import entry, items_key_result, kr_input, okr_team, unit_objective

OCTOBER, OCTOBER_END = date(2026, 10, 1), date(2026, 10, 31)


@pytest.fixture
def t(make):
    return okr_team(make)


def _checked_in(session, t, key_result, value: str, day: date) -> CheckIn:
    """The head's check-in, recorded on that day."""
    row = keyresults.check_in(session, t.head, key_result.id, CheckInInput("on_track", Decimal(value),
                                                                           evidence_doc_number="12/BC-SNV"))
    row.created_at = datetime(day.year, day.month, day.day, 3, tzinfo=timezone.utc)
    session.commit()
    return row


def _quarter_plan(session, t, value: str = "35", agree: bool = True):
    """A Q4 unit objective: 50 % from work (target 20 converted), 50 % by check-in (target 120, at `value`)."""
    objective = unit_objective(session, t)
    items_key_result(session, t.head, objective, t.item, weight="50")
    typed = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "50", target="120"))
    if agree:
        service.agree(session, t.organiser, objective.id)
    _checked_in(session, t, typed, value, date(2026, 10, 30))
    return objective, typed


def test_a_month_reads_its_quarters_objectives_at_its_end_against_the_quarters_pace(session, t):
    _quarter_plan(session, t)
    entry(session, t.person, t.item, "2", date(2026, 10, 20))  # 2 × 1,5 = 3 of 20: 15 %
    entry(session, t.person, t.item, "9", date(2026, 11, 2))  # after October: not yet
    figure = unit_okr_figures(session, [t.unit.id], OCTOBER, OCTOBER_END)[t.unit.id]
    done = (Fraction(15, 100) + Fraction(35, 120)) / 2  # 22,08 % of the quarter's targets
    assert figure.elapsed == Fraction(1, 3) and figure.done == Decimal("0.2208")
    assert figure.progress == Decimal("0.6625") == (Decimal(done.numerator * 3) / done.denominator).quantize(
        Decimal("0.0001"))


def test_a_check_in_recorded_after_the_months_end_counts_for_the_next_month_only(session, t):
    _, typed = _quarter_plan(session, t, value="0")
    _checked_in(session, t, typed, "120", date(2026, 11, 3))
    assert unit_okr_figures(session, [t.unit.id], OCTOBER, OCTOBER_END)[t.unit.id].done == 0
    november = unit_okr_figures(session, [t.unit.id], date(2026, 11, 1), date(2026, 11, 30))[t.unit.id]
    assert november.done == Decimal("0.5") and november.elapsed == Fraction(2, 3)


def test_draft_objectives_are_not_the_units_plan_and_a_year_objective_serves_when_no_quarter_has_one(session, t):
    _quarter_plan(session, t, agree=False)
    assert unit_okr_figures(session, [t.unit.id], OCTOBER, OCTOBER_END) == {}
    year = unit_objective(session, t, period="Năm 2026", title="Kế hoạch năm")
    typed = keyresults.add_key_result(session, t.head, year.id, kr_input("checkin", "100", target="100"))
    service.agree(session, t.organiser, year.id)
    _checked_in(session, t, typed, "50", date(2026, 10, 15))
    figure = unit_okr_figures(session, [t.unit.id], OCTOBER, OCTOBER_END)[t.unit.id]
    assert (figure.elapsed, figure.done, figure.progress) == (Fraction(10, 12), Decimal("0.5"), Decimal("0.6"))


def test_months_are_counted_calendar_month_by_calendar_month():
    assert [months_between(date(2026, 10, 1), d) for d in (date(2026, 10, 31), date(2026, 12, 31))] == [1, 3]
    assert months_between(date(2026, 1, 1), date(2026, 12, 31)) == 12


def _heads_sheet(session, t) -> tuple[EvaluationSheet, Period]:
    """The head's October sheet after the close."""
    evaluations.close_month(session, t.head, OCTOBER)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.head.person_id)).one()
    return sheet, period


def _dd_step(session, sheet, period):
    session.expire_all()
    return next(s for s in score_sheets(session, [period], include_frozen=True)[sheet.id].score.steps
                if s.code == "dd")


def test_by_default_the_heads_dd_stays_what_the_reviewer_records(session, t):
    _quarter_plan(session, t, value="120")
    sheet, period = _heads_sheet(session, t)
    assert "OKR" not in _dd_step(session, sheet, period).formula


def test_configured_the_heads_dd_follows_the_units_okr_and_the_reviewers_choice_overrides_it(app, session, t):
    app.config["LEADER_DD_FROM_OKR"] = True
    _quarter_plan(session, t, value="105")  # 105/120 = 87,5 %, by check-in only
    entry(session, t.person, t.item, "2", date(2026, 10, 20))  # + 15 % of the work key result
    sheet, period = _heads_sheet(session, t)
    step = _dd_step(session, sheet, period)
    assert step.value == Decimal("1") and step.formula == "đ = 100,00 % (theo tiến độ OKR của đơn vị: 153,75 %)"
    workflow.set_flags(session, t.organiser, sheet.id, session.get(EvaluationSheet, sheet.id).version,
                       {"unit_plan_done": False, "internal_unity": True}, "Kết luận số 7/KL-UBND")
    step = _dd_step(session, sheet, period)
    assert step.value == Decimal("0.5") and "OKR" not in step.formula
    audit = session.exec(select(AuditLog).where(AuditLog.action == "sheet_flags_set")).one()
    assert audit.reason == "Kết luận số 7/KL-UBND" and audit.after["unit_plan_done"] is False


def test_configured_a_division_managers_dd_stays_recorded(app, session, t):
    app.config["LEADER_DD_FROM_OKR"] = True
    _quarter_plan(session, t, value="120")
    evaluations.close_month(session, t.head, OCTOBER)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.manager.person_id)).one()
    assert "OKR" not in _dd_step(session, sheet, period).formula


def test_the_heads_sheet_shows_dd_with_its_okr_source_and_offers_the_okr_choice(app, session, login, t):
    app.config["LEADER_DD_FROM_OKR"] = True
    _quarter_plan(session, t, value="35")
    sheet, _ = _heads_sheet(session, t)
    page = login(t.organiser.username).get(f"/sheets/{sheet.id}").get_data(as_text=True)
    row = page.split('id="factor-dd"')[1].split("</tr>")[0]
    assert "50,00 %" in row and "theo tiến độ OKR của đơn vị: 43,75 %" in row
    assert "Theo tiến độ OKR của đơn vị</option>" in page


def test_configured_the_reviewer_may_leave_dd_to_the_okr_and_by_default_must_choose(app, session, login, t):
    _quarter_plan(session, t, value="35")
    sheet, _ = _heads_sheet(session, t)
    organiser = login(t.organiser.username)
    form = {"internal_unity": "y", "reason": "Báo cáo số 3/BC-SNV"}
    refused = organiser.post(f"/sheets/{sheet.id}/flags", data={"version": str(sheet.version), **form})
    assert refused.status_code == 422 and "Vui lòng chọn Đạt hoặc Không đạt" in refused.get_data(as_text=True)
    app.config["LEADER_DD_FROM_OKR"] = True
    assert organiser.post(f"/sheets/{sheet.id}/flags", data={"version": str(sheet.version), **form,
                                                             "unit_plan_done": "x"}).status_code == 422
    assert organiser.post(f"/sheets/{sheet.id}/flags", data={"version": str(sheet.version), **form}).status_code == 303
    session.expire_all()
    saved = session.get(EvaluationSheet, sheet.id)
    assert (saved.unit_plan_done, saved.internal_unity) == (None, True)
