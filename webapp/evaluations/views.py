"""Đánh giá, xếp loại: the monthly sheet, its drill-down, the unit table and a person's year."""
from datetime import date

from flask import Blueprint, request, url_for
from flask_login import current_user, login_required

from ..clock import local_today
from ..db import get_session
from ..errors import DomainError, NotFound
from ..forms import db_int
from ..htmx import redirect_to, render
from ..models import Period, Person
from ..months import month_key, parse_month
from ..org.service import unit_by_code
from ..periods import service as periods
from . import queries, service, workflow
from .forms import (
    AnswerForm,
    AppealForm,
    ApproveForm,
    FlagsForm,
    MonthForm,
    ReopenForm,
    SendBackForm,
    review_form,
    scores_of,
    self_assess_form,
)

bp = Blueprint("evaluations", __name__)


def _month_arg() -> date:
    """?month=yyyy-mm, default the current month."""
    return parse_month(request.args.get("month") or month_key(local_today()))


@bp.get("/evaluations")
@login_required
def index():
    """My sheet of the month and the sheets waiting for me."""
    session, first = get_session(), _month_arg()
    mine = service.own_sheet(session, current_user, first, local_today())
    periods = [p.id for p in service.periods_of_actor(session, current_user, first)]
    return render("evaluations/index.html", "evaluations/index.html", month=first, mine=mine,
                  waiting=queries.queue(session, current_user, periods), labels=workflow.STATE_LABELS)


@bp.get("/sheets/<int:sheet_id>")
@login_required
def sheet(sheet_id: int):
    """Phiếu theo dõi, đánh giá (Mẫu số 01)."""
    return _render_sheet(get_session(), sheet_id)


def _render_sheet(session, sheet_id: int, form=None, status: int = 200):
    """The sheet page with the form of the actor's next action."""
    ctx = workflow.require_view(current_user, workflow.load(session, sheet_id))
    rules = queries.rules_for(session, ctx.period)
    allowed = queries.actions(current_user, ctx)
    return render("evaluations/sheet.html", "evaluations/sheet.html", status=status, ctx=ctx, rules=rules,
                  criteria=queries.criterion_rows(session, ctx, rules), result=queries.sheet_result(session, ctx),
                  allowed=allowed, form=form, labels=workflow.STATE_LABELS,
                  appeals=queries.open_appeals_of(session, sheet_id),
                  caps=_caps(session, ctx, rules) if "approve" in allowed else ())


def _caps(session, ctx, rules):
    """The unit's cap check, shown to the head before approving."""
    return queries.unit_table(session, ctx.period, rules)["caps"]


@bp.post("/sheets/<int:sheet_id>/self-assess")
@login_required
def self_assess(sheet_id: int):
    """Tự đánh giá."""
    session = get_session()
    ctx = workflow.load(session, sheet_id)
    rules = queries.rules_for(session, ctx.period)
    form = self_assess_form(rules, request.form)
    if not form.validate():
        return _render_sheet(session, sheet_id, form, 422)
    workflow.self_assess(session, current_user, sheet_id, form.version.data, scores_of(form, rules), form.self_band.data)
    return redirect_to(url_for(".sheet", sheet_id=sheet_id))


@bp.post("/sheets/<int:sheet_id>/review")
@login_required
def review(sheet_id: int):
    """Lãnh đạo trực tiếp đánh giá."""
    session = get_session()
    ctx = workflow.load(session, sheet_id)
    rules = queries.rules_for(session, ctx.period)
    form = review_form(rules, request.form)
    if not form.validate():
        return _render_sheet(session, sheet_id, form, 422)
    workflow.review(session, current_user, sheet_id, form.version.data, scores_of(form, rules),
                    form.strengths.data, form.limitations.data or "", service.refresh)
    return redirect_to(url_for(".sheet", sheet_id=sheet_id))


@bp.post("/sheets/<int:sheet_id>/approve")
@login_required
def approve(sheet_id: int):
    """Thủ trưởng phê duyệt: the result is frozen."""
    form = ApproveForm(request.form)
    if not form.validate():
        return _render_sheet(get_session(), sheet_id, form, 422)
    workflow.approve(get_session(), current_user, sheet_id, form.version.data, service.freeze, form.comments.data or "")
    return redirect_to(url_for(".sheet", sheet_id=sheet_id))


@bp.post("/sheets/<int:sheet_id>/send-back")
@login_required
def send_back(sheet_id: int):
    """Trả lại kèm lý do."""
    form = SendBackForm(request.form)
    if not form.validate():
        return _render_sheet(get_session(), sheet_id, form, 422)
    workflow.send_back(get_session(), current_user, sheet_id, form.version.data, form.reason.data)
    return redirect_to(url_for(".sheet", sheet_id=sheet_id))


@bp.post("/sheets/<int:sheet_id>/flags")
@login_required
def flags(sheet_id: int):
    """Kỷ luật, suy thoái, tham nhũng; đ and e of a leader."""
    form = FlagsForm(request.form)
    if not form.validate():
        return _render_sheet(get_session(), sheet_id, form, 422)
    workflow.set_flags(get_session(), current_user, sheet_id, form.version.data,
                       {name: getattr(form, name).data for name in workflow.FLAG_FIELDS}, form.reason.data, service.refresh)
    return redirect_to(url_for(".sheet", sheet_id=sheet_id))


@bp.post("/sheets/<int:sheet_id>/appeals")
@login_required
def appeal(sheet_id: int):
    """Kiến nghị."""
    form = AppealForm(request.form)
    if not form.validate():
        return _render_sheet(get_session(), sheet_id, form, 422)
    workflow.file_appeal(get_session(), current_user, sheet_id, form.text.data)
    return redirect_to(url_for(".sheet", sheet_id=sheet_id))


@bp.post("/appeals/<int:appeal_id>/answer")
@login_required
def answer(appeal_id: int):
    """Trả lời kiến nghị."""
    form = AnswerForm(request.form)
    if not form.validate():
        raise DomainError(form.answer.errors[0], field="answer")
    appeal = workflow.answer_appeal(get_session(), current_user, appeal_id, form.answer.data)
    return redirect_to(url_for(".sheet", sheet_id=appeal.sheet_id))


@bp.get("/sheets/<int:sheet_id>/work")
@login_required
def work(sheet_id: int):
    """Drill-down: the assignments and approved entries behind a, b, c."""
    session = get_session()
    ctx = workflow.require_details(current_user, workflow.load(session, sheet_id))
    return render("evaluations/work.html", "evaluations/work.html", ctx=ctx,
                  result=queries.sheet_result(session, ctx), **queries.drilldown(session, ctx))


@bp.get("/units/<code>/evaluations")
@login_required
def unit_results(code: str):
    """Bảng tổng hợp đánh giá, xếp loại of a unit's month, with the cap check."""
    session, first = get_session(), _month_arg()
    unit = unit_by_code(session, current_user, code)
    scope = service.unit_results_scope(current_user, unit)
    period = service.find_periods(session, first, [unit])
    period = period[0] if period else Period(unit_id=unit.id, key=month_key(first), starts_on=first,
                                                     ends_on=first, state="open")  # not opened yet: nothing to show
    rules = queries.rules_for(session, period)
    division_id = current_user.division_id if scope == "division" else request.args.get("division", type=db_int)
    published_only = scope == "published"
    return render("evaluations/unit.html", "evaluations/unit.html", unit=unit, period=period, month=first,
                  rules=rules, labels=workflow.STATE_LABELS, published_only=published_only, division_id=division_id,
                  divisions=queries.divisions_of(session, unit),
                  **queries.unit_table(session, period, rules, published_only, division_id))


@bp.post("/units/<code>/evaluations/<action>")
@login_required
def unit_action(code: str, action: str):
    """Chốt số liệu (close), công khai (publish) or khóa (lock) a unit's month."""
    session, form = get_session(), MonthForm(request.form)
    if not form.validate():
        raise DomainError("Thiếu tháng.")
    first = parse_month(form.month.data)
    unit = unit_by_code(session, current_user, code)
    service.unit_action(session, current_user, unit, first, action)
    return redirect_to(url_for(".unit_results", code=code, month=month_key(first)))


@bp.post("/units/<code>/evaluations/reopen")
@login_required
def reopen(code: str):
    """Mở lại kỳ đánh giá with a reason (head or personnel officer)."""
    session, form = get_session(), ReopenForm(request.form)
    if not form.validate():
        raise DomainError(next(iter(form.errors.values()))[0], field="reason")
    first = parse_month(form.month.data)
    unit = unit_by_code(session, current_user, code)
    (period,) = service.month_periods(session, first, [unit])
    periods.reopen(session, current_user, period, form.reason.data)
    return redirect_to(url_for(".unit_results", code=code, month=month_key(first)))


@bp.post("/evaluations/close")
@login_required
def close_all():
    """Chốt số liệu of every unit in the actor's scope (a province organiser's bloc, or all)."""
    session, form = get_session(), MonthForm(request.form)
    if not form.validate():
        raise DomainError("Thiếu tháng.")
    first = parse_month(form.month.data)
    summary = service.close_month(session, current_user, first)
    return redirect_to(url_for(".index", month=month_key(first), closed=summary.sheets))


@bp.get("/people/<int:person_id>/scorecard")
@login_required
def person_scorecard(person_id: int):
    """A person's months, quarters and year."""
    session = get_session()
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy cán bộ, công chức.")
    service.require_person_view(session, current_user, person)
    year = request.args.get("year", type=db_int) or local_today().year
    if not 2000 <= year <= 2100:
        raise DomainError("Năm không hợp lệ.")
    return render("evaluations/person.html", "evaluations/person.html", person=person, year=year,
                  labels=workflow.STATE_LABELS,
                  **queries.person_year(session, person, year))
