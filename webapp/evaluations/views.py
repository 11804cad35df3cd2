"""Đánh giá, xếp loại: the monthly sheet, its drill-down, the unit table and a person's year."""
from flask import Blueprint, flash, request, url_for
from flask_login import current_user, login_required

from ..clock import EARLIEST_DATE, LATEST_DATE, local_today
from ..db import get_session
from ..errors import DomainError, NotFound
from ..forms import db_int
from ..htmx import redirect_to, render
from ..models import Appeal, Person
from ..months import month_key, parse_month
from . import appeals, queries, service, workflow
from .compute import dd_from_okr
from .forms import (AnswerForm, AppealForm, ApproveForm, SendBackForm, band_form, flags_form, review_form, scores_of,
                    self_assess_form)

bp = Blueprint("evaluations", __name__)


def month_arg(action: bool = False):
    """?month=yyyy-mm, default the current month; for an action's step, within the months that may be evaluated
    (a page only looks: a month outside them shows nothing and opens nothing)."""
    text = request.args.get("month") or month_key(local_today())
    return service.evaluation_month(get_session(), text) if action else parse_month(text)


@bp.get("/evaluations")
@login_required
def index():
    """My sheet of the month and the sheets waiting for me."""
    session, first = get_session(), month_arg()
    mine = service.own_sheet(session, current_user, first, local_today())
    periods_ = [p.id for p in service.periods_of_actor(session, current_user, first)]
    return render("evaluations/index.html", "evaluations/index.html", month=first, mine=mine,
                  waiting=queries.queue(session, current_user, periods_), labels=workflow.STATE_LABELS)


@bp.get("/sheets/<int:sheet_id>")
@login_required
def sheet(sheet_id: int):
    """Phiếu theo dõi, đánh giá (Mẫu số 01)."""
    return _render_sheet(get_session(), sheet_id)


def _render_sheet(session, sheet_id: int, forms: dict | None = None, status: int = 200):
    """The sheet page; `forms` holds the refused form by its action, shown with its errors and input."""
    ctx = workflow.require_view(current_user, workflow.load(session, sheet_id))
    rules = queries.rules_for(session, ctx.period)
    allowed = queries.actions(current_user, ctx)
    result = queries.sheet_result(session, ctx)
    return render("evaluations/sheet.html", "evaluations/sheet.html", status=status, ctx=ctx, rules=rules,
                  criteria=queries.criterion_rows(session, ctx, rules), result=result,
                  allowed=allowed, forms=forms or {}, labels=workflow.STATE_LABELS,
                  appeals=queries.open_appeals_of(session, sheet_id),
                  leader=queries.leader_sources(session, ctx, rules, result) if ctx.sheet.is_leader else None,
                  own=queries.own_result(session, ctx, rules, result),
                  caps=queries.unit_caps(session, ctx.period, rules) if allowed & {"approve", "band"} else None)


def refused(form, error: DomainError) -> None:
    """Put a refusal of the service at its field of the form (or the form's own errors)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors = [*form.form_errors, error.message]


def _sheet_post(sheet_id: int, action: str, make_form, verb, done: str):
    """The sheet POSTs: role check → validate → (422 with the sheet and the message at its field) → verb → redirect."""
    session = get_session()
    ctx = workflow.require_may(action, current_user, workflow.load(session, sheet_id))
    rules = queries.rules_for(session, ctx.period)
    form = make_form(ctx, rules)
    if form.validate():
        try:
            verb(session, form, rules)
        except DomainError as error:
            if error.status != 422:
                raise
            session.rollback()  # nothing the verb began stays
            refused(form, error)
        else:
            flash(done)
            return redirect_to(url_for(".sheet", sheet_id=sheet_id))
    return _render_sheet(session, sheet_id, {action: form}, 422)


@bp.post("/sheets/<int:sheet_id>/self-assess")
@login_required
def self_assess(sheet_id: int):
    """Tự đánh giá."""
    return _sheet_post(sheet_id, "self_assess", lambda ctx, rules: self_assess_form(rules, request.form),
                       lambda session, form, rules: workflow.self_assess(
                           session, current_user, sheet_id, form.version.data, scores_of(form, rules), form.self_band.data),
                       "Đã gửi tự đánh giá đến lãnh đạo trực tiếp.")


@bp.post("/sheets/<int:sheet_id>/review")
@login_required
def review(sheet_id: int):
    """Lãnh đạo trực tiếp đánh giá."""
    return _sheet_post(sheet_id, "review", lambda ctx, rules: review_form(rules, request.form),
                       lambda session, form, rules: workflow.review(
                           session, current_user, sheet_id, form.version.data, scores_of(form, rules),
                           form.strengths.data, form.limitations.data or ""),
                       "Đã ghi kết quả đánh giá; phiếu chuyển đến thủ trưởng phê duyệt.")


@bp.post("/sheets/<int:sheet_id>/approve")
@login_required
def approve(sheet_id: int):
    """Thủ trưởng phê duyệt: the result is frozen."""
    return _sheet_post(sheet_id, "approve", lambda ctx, rules: ApproveForm(request.form),
                       lambda session, form, rules: workflow.approve(
                           session, current_user, sheet_id, form.version.data, form.comments.data or ""),
                       "Đã phê duyệt: kết quả của phiếu đã được chốt.")


@bp.post("/sheets/<int:sheet_id>/send-back")
@login_required
def send_back(sheet_id: int):
    """Trả lại kèm lý do."""
    return _sheet_post(sheet_id, "send_back", lambda ctx, rules: SendBackForm(request.form),
                       lambda session, form, rules: workflow.send_back(
                           session, current_user, sheet_id, form.version.data, form.reason.data),
                       "Đã trả lại phiếu kèm lý do.")


@bp.post("/sheets/<int:sheet_id>/flags")
@login_required
def flags(sheet_id: int):
    """Kỷ luật, suy thoái, tham nhũng; đ and e of a leader."""
    return _sheet_post(sheet_id, "flags", lambda ctx, rules: flags_form(ctx.sheet.is_leader, request.form,
                                                                        dd_optional=dd_from_okr()),
                       lambda session, form, rules: workflow.set_flags(
                           session, current_user, sheet_id, form.version.data, _flag_values(form), form.reason.data),
                       "Đã ghi nhận.")


def _flag_values(form) -> dict:
    """The checked findings, and đ and e as chosen."""
    return {"disciplined": form.disciplined.data, "degraded": form.degraded.data,
            "corruption_in_unit": form.corruption_in_unit.data,
            "unit_plan_done": form.met("unit_plan_done"), "internal_unity": form.met("internal_unity")}


@bp.post("/sheets/<int:sheet_id>/band")
@login_required
def band(sheet_id: int):
    """Thủ trưởng quyết định mức xếp loại trước khi phê duyệt (kèm lý do)."""
    return _sheet_post(sheet_id, "band", lambda ctx, rules: band_form(rules, request.form),
                       lambda session, form, rules: workflow.decide_band(
                           session, current_user, sheet_id, form.version.data, form.band.data, form.reason.data),
                       "Đã ghi quyết định mức xếp loại kèm lý do.")


@bp.post("/sheets/<int:sheet_id>/appeals")
@login_required
def appeal(sheet_id: int):
    """Kiến nghị."""
    return _sheet_post(sheet_id, "appeal", lambda ctx, rules: AppealForm(request.form),
                       lambda session, form, rules: appeals.file_appeal(session, current_user, sheet_id, form.text.data),
                       "Đã gửi kiến nghị.")


@bp.post("/appeals/<int:appeal_id>/answer")
@login_required
def answer(appeal_id: int):
    """Trả lời kiến nghị."""
    session, form = get_session(), AnswerForm(request.form)
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound("Không tìm thấy kiến nghị.")
    appeals.require_answerer(current_user, workflow.load(session, appeal.sheet_id))
    if not form.validate():
        return _render_sheet(session, appeal.sheet_id, {"answer": form}, 422)
    appeals.answer_appeal(session, current_user, appeal_id, form.answer.data)
    flash("Đã trả lời kiến nghị.")
    return redirect_to(url_for(".sheet", sheet_id=appeal.sheet_id))


@bp.get("/sheets/<int:sheet_id>/work")
@login_required
def work(sheet_id: int):
    """Drill-down: the assignments and approved entries behind a, b, c."""
    session = get_session()
    ctx = workflow.require_details(current_user, workflow.load(session, sheet_id))
    return render("evaluations/work.html", "evaluations/work.html", ctx=ctx,
                  result=queries.sheet_result(session, ctx), **queries.drilldown(session, ctx))


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
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise DomainError("Năm không hợp lệ.")
    return render("evaluations/person.html", "evaluations/person.html", person=person, year=year,
                  labels=workflow.STATE_LABELS,
                  **queries.person_year(session, person, year))


from . import unit_views  # noqa: E402,F401  (the unit's table and month actions register on bp)
