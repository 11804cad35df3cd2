"""Đánh giá, xếp loại: the monthly sheet, its drill-down, the unit table and a person's year."""
from flask import Blueprint, flash, request, url_for
from flask_login import current_user, login_required

from ..clock import local_today
from ..db import get_session
from ..errors import DomainError, NotFound
from ..forms import db_int
from ..htmx import redirect_to, render
from ..models import Appeal, Period, Person
from ..months import month_key, parse_month
from ..org.service import unit_by_code
from ..periods import service as periods
from . import appeals, queries, service, workflow
from .forms import (AnswerForm, AppealForm, ApproveForm, CapDecisionForm, MonthForm, ReopenForm, SendBackForm,
                    band_form, flags_form, review_form, scores_of, self_assess_form)

bp = Blueprint("evaluations", __name__)


def _month_arg(action: bool = False):
    """?month=yyyy-mm, default the current month; for an action's step, within the months that may be evaluated
    (a page only looks: a month outside them shows nothing and opens nothing)."""
    text = request.args.get("month") or month_key(local_today())
    return service.evaluation_month(get_session(), text) if action else parse_month(text)


@bp.get("/evaluations")
@login_required
def index():
    """My sheet of the month and the sheets waiting for me."""
    session, first = get_session(), _month_arg()
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


def _refused(form, error: DomainError) -> None:
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
            _refused(form, error)
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
    return _sheet_post(sheet_id, "flags", lambda ctx, rules: flags_form(ctx.sheet.is_leader, request.form),
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


def _unit_period(session, unit, first) -> Period:
    """The unit's period of the month, or an unsaved open one when not opened yet (nothing to show)."""
    found = service.find_periods(session, first, [unit])
    return found[0] if found else Period(unit_id=unit.id, key=month_key(first), starts_on=first, ends_on=first,
                                         state="open")


@bp.get("/units/<code>/evaluations")
@login_required
def unit_results(code: str):
    """Bảng tổng hợp đánh giá, xếp loại of a unit's month, with the cap check."""
    session = get_session()
    return _render_unit(session, unit_by_code(session, current_user, code), _month_arg())


def _render_unit(session, unit, first, forms: dict | None = None, status: int = 200):
    """The unit's table; `forms` holds a refused form (reopen, cap decision) shown with its message."""
    scope = service.unit_results_scope(current_user, unit)
    period = _unit_period(session, unit, first)
    rules = queries.rules_for(session, period)
    division_id = current_user.division_id if scope == "division" else request.args.get("division", type=db_int)
    published_only = scope == "published"
    return render("evaluations/unit.html", "evaluations/unit.html", status=status, unit=unit, period=period,
                  month=first, rules=rules, labels=workflow.STATE_LABELS, published_only=published_only,
                  division_id=division_id, divisions=queries.divisions_of(session, unit), forms=forms or {},
                  **queries.unit_table(session, period, rules, published_only, division_id))


def _unit_post(code: str, name: str, may, form, verb, done: str):
    """The unit's reason forms: role check → validate → (422 with the table and the message at its field) → verb
    → redirect."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    may(current_user, unit)
    first = service.evaluation_month(session, form.month.data or "")
    if form.validate():
        try:
            verb(session, unit, first, form.reason.data)
        except DomainError as error:
            if error.status != 422:
                raise
            session.rollback()
            _refused(form, error)
        else:
            flash(done)
            return redirect_to(url_for(".unit_results", code=code, month=month_key(first)))
    return _render_unit(session, unit, first, {name: form}, 422)


MONTH_ACTIONS = {
    "close": ("Chốt số liệu và tính điểm", "Kỳ đánh giá chuyển sang “Chốt số liệu”: không thêm, sửa nhật ký của "
              "tháng được nữa; điểm nhiệm vụ của mọi phiếu chưa phê duyệt được tính lại."),
    "publish": ("Công khai kết quả", "Các phiếu đã được thủ trưởng phê duyệt được công khai trong nội bộ cơ quan, "
                "đơn vị; từ đó bắt đầu thời hạn kiến nghị."),
    "lock": ("Khóa phiếu", "Các phiếu đã công khai, đã hết thời hạn kiến nghị được khóa; khi mọi phiếu đã khóa, "
             "kỳ đánh giá được đóng (không thay đổi được nữa)."),
}


def _month_step(code: str, action: str, do):
    """GET: the confirmation step of a month action; POST (confirmed): do it, say what it did."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    service.require_month_action(current_user, unit, action)
    if request.method == "GET":
        return _confirm_page(session, unit, _month_arg(action=True), action)
    form = MonthForm(request.form)
    if not form.validate():
        raise DomainError("Thiếu tháng.", field="month")
    first = service.evaluation_month(session, form.month.data)
    if form.confirmed.data != "yes":
        return redirect_to(url_for(f".{action}_month", code=code, month=month_key(first)))
    flash(do(session, unit, first))
    return redirect_to(url_for(".unit_results", code=code, month=month_key(first)))


def _confirm_page(session, unit, first, action: str, status: int = 200):
    """What the action will do, with the month's counts and (to publish) the sheets still unfinished."""
    period = _unit_period(session, unit, first)
    title, effect = MONTH_ACTIONS[action]
    return render("evaluations/confirm.html", "evaluations/confirm.html", status=status, unit=unit, month=first,
                  action=action, title=title, effect=effect, period=period, labels=workflow.STATE_LABELS,
                  counts=service.month_counts(session, period) if period.id else {},
                  unfinished=queries.unfinished(session, period) if period.id else [],
                  target=url_for(f".{action}_month", code=unit.code))


@bp.route("/units/<code>/evaluations/close", methods=["GET", "POST"])
@login_required
def close_month(code: str):
    """Chốt số liệu of a unit's month (after its confirmation step)."""
    def do(session, unit, first):
        summary = service.close_month(session, current_user, first, unit)
        return f"Đã chốt số liệu tháng {first:%m/%Y} và tính điểm {summary.sheets} phiếu."
    return _month_step(code, "close", do)


@bp.route("/units/<code>/evaluations/publish", methods=["GET", "POST"])
@login_required
def publish_month(code: str):
    """Công khai kết quả of a unit's month (after its confirmation step)."""
    def do(session, unit, first):
        (period,) = service.month_periods(session, first, [unit])
        count = workflow.publish(session, current_user, period)
        return f"Đã công khai {count} phiếu tháng {first:%m/%Y}."
    return _month_step(code, "publish", do)


@bp.route("/units/<code>/evaluations/lock", methods=["GET", "POST"])
@login_required
def lock_month(code: str):
    """Khóa phiếu of a unit's month (after its confirmation step); the period closes once every sheet is locked."""
    def do(session, unit, first):
        (period,) = service.month_periods(session, first, [unit])
        summary = workflow.lock(session, current_user, period)
        closed = ("Kỳ đánh giá đã được đóng." if summary.period_closed else
                  f"Còn {summary.unlocked} phiếu chưa khóa nên kỳ đánh giá chưa đóng." if summary.unlocked else
                  "Tháng chưa có phiếu nào nên kỳ đánh giá chưa đóng.")
        return f"Đã khóa {summary.locked} phiếu tháng {first:%m/%Y}. {closed}"
    return _month_step(code, "lock", do)


@bp.post("/units/<code>/evaluations/cap-decision")
@login_required
def cap_decision(code: str):
    """Thủ trưởng ghi quyết định giữ kết quả vượt tỷ lệ xuất sắc, kèm lý do."""
    def verb(session, unit, first, reason):
        (period,) = service.month_periods(session, first, [unit])
        workflow.decide_cap(session, current_user, period, reason)
    return _unit_post(code, "cap", lambda actor, unit: workflow.require_cap_decider(actor, unit.id),
                      CapDecisionForm(request.form), verb,
                      "Đã ghi quyết định của thủ trưởng về tỷ lệ Hoàn thành xuất sắc.")


@bp.post("/units/<code>/evaluations/reopen")
@login_required
def reopen(code: str):
    """Mở lại kỳ đánh giá with a reason (head or personnel officer)."""
    def verb(session, unit, first, reason):
        (period,) = service.month_periods(session, first, [unit])
        periods.reopen(session, current_user, period, reason)
    return _unit_post(code, "reopen", lambda actor, unit: service.require_month_action(actor, unit, "reopen"),
                      ReopenForm(request.form), verb, "Đã mở lại kỳ đánh giá.")


@bp.route("/evaluations/close", methods=["GET", "POST"])
@login_required
def close_all():
    """Chốt số liệu of every unit in the actor's scope (a province organiser's bloc, or all), after confirming."""
    session = get_session()
    service.require_closer(current_user)
    if request.method == "GET":
        first = _month_arg(action=True)
        title, effect = MONTH_ACTIONS["close"]
        return render("evaluations/confirm.html", "evaluations/confirm.html", unit=None, month=first, action="close",
                      title=title, effect=effect, period=None, counts={}, unfinished=[], labels=workflow.STATE_LABELS,
                      target=url_for(".close_all"))
    form = MonthForm(request.form)
    if not form.validate():
        raise DomainError("Thiếu tháng.", field="month")
    first = service.evaluation_month(session, form.month.data)
    if form.confirmed.data != "yes":
        return redirect_to(url_for(".close_all", month=month_key(first)))
    summary = service.close_month(session, current_user, first)
    flash(f"Đã chốt số liệu tháng {first:%m/%Y} của {summary.units} cơ quan, đơn vị và tính điểm "
          f"{summary.sheets} phiếu.")
    return redirect_to(url_for(".index", month=month_key(first)))


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
