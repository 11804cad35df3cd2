"""Đánh giá, xếp loại of a unit's month: its table, the confirmed month steps (close, publish, lock), the cap
decision, reopening, and the organiser's close of a whole bloc. The routes live on the evaluations blueprint."""
from flask import flash, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..errors import DomainError
from ..forms import db_int
from ..htmx import redirect_to, render
from ..models import Period
from ..months import month_key
from ..org.service import unit_by_code
from ..periods import service as periods
from . import queries, service, unit_month, workflow
from .forms import CapDecisionForm, MonthForm, ReopenForm
from .views import bp, month_arg, refused


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
    return _render_unit(session, unit_by_code(session, current_user, code), month_arg())


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
            refused(form, error)
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
        return _confirm_page(session, unit, month_arg(action=True), action)
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
        count = unit_month.publish(session, current_user, period)
        return f"Đã công khai {count} phiếu tháng {first:%m/%Y}."
    return _month_step(code, "publish", do)


@bp.route("/units/<code>/evaluations/lock", methods=["GET", "POST"])
@login_required
def lock_month(code: str):
    """Khóa phiếu of a unit's month (after its confirmation step); the period closes once every sheet is locked."""
    def do(session, unit, first):
        (period,) = service.month_periods(session, first, [unit])
        summary = unit_month.lock(session, current_user, period)
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
        unit_month.decide_cap(session, current_user, period, reason)
    return _unit_post(code, "cap", lambda actor, unit: unit_month.require_cap_decider(actor, unit.id),
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
        first = month_arg(action=True)
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
