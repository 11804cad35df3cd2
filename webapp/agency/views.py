"""Đánh giá, xếp loại cơ quan, đơn vị: the superior's list of units for a year, a unit's year, its workflow steps."""
from flask import Blueprint, flash, request, url_for
from flask_login import current_user, login_required

from ..clock import EARLIEST_DATE, LATEST_DATE, local_today
from ..db import get_session
from ..errors import DomainError, Forbidden
from ..evaluations.views import refused
from ..forms import db_int
from ..htmx import redirect_to, render
from . import access, queries, service
from .forms import ApproveForm, ReturnForm, score_form, scores_of, self_form

bp = Blueprint("agency", __name__)


def year_arg() -> int:
    """?year=yyyy, default the current year, within the app's years."""
    year = request.args.get("year", type=db_int) or local_today().year
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise DomainError("Năm không hợp lệ.")
    return year


@bp.get("/agency-evaluations")
@login_required
def index():
    """The superior level's units for the year; a unit's head or personnel officer goes to their unit's year."""
    year = year_arg()
    if current_user.role in ("head", "personnel") and current_user.unit_code:
        return redirect_to(url_for(".unit_year", code=current_user.unit_code, year=year))
    if current_user.role not in ("organiser", "admin"):
        raise Forbidden("Trang này dành cho cấp trên đánh giá cơ quan, đơn vị.")
    context = queries.overview(get_session(), current_user, year)
    return render("agency/index.html", "agency/index.html", **context)


@bp.get("/units/<code>/agency-evaluation")
@login_required
def unit_year(code: str):
    """Kết quả đánh giá, xếp loại of a unit's year: every number with the figures it came from; printable."""
    return _page(code, year_arg())


def _page(code: str, year: int, forms: dict | None = None, status: int = 200):
    """The unit's year page; `forms` holds a refused form by its action."""
    session = get_session()
    context = queries.unit_year(session, current_user, service.unit_of(session, code), year)
    return render("agency/unit.html", "agency/unit.html", status=status, forms=forms or {}, **context)


def _post(code: str, action: str, make_form, verb, done: str):
    """Role check → validate → verb → redirect; a refusal shows the page again with the message at its field."""
    session, year = get_session(), year_arg()
    unit = service.unit_of(session, code)
    (access.require_head if action == "self_assess" else access.require_superior)(current_user, unit)
    _, rules = service.rules_for_year(session, year)
    form = make_form(rules)
    if form.validate():
        try:
            verb(session, form, rules, year)
        except DomainError as error:
            if error.status != 422:
                raise
            session.rollback()
            refused(form, error)
        else:
            flash(done)
            return redirect_to(url_for(".unit_year", code=code, year=year))
    return _page(code, year, {action: form}, 422)


@bp.post("/units/<code>/agency-evaluation/self-assess")
@login_required
def self_assess(code: str):
    """Thủ trưởng tự đánh giá."""
    return _post(code, "self_assess", lambda rules: self_form(rules, request.form),
                 lambda session, form, rules, year: service.self_assess(
                     session, current_user, code, year, form.version.data, scores_of(form, rules),
                     form.comment.data or ""),
                 "Đã gửi tự đánh giá của cơ quan, đơn vị đến cấp trên.")


@bp.post("/units/<code>/agency-evaluation/score")
@login_required
def score(code: str):
    """Cấp trên chấm điểm tiêu chí chung."""
    return _post(code, "score", lambda rules: score_form(rules, request.form),
                 lambda session, form, rules, year: service.score(
                     session, current_user, code, year, form.version.data, scores_of(form, rules), form.comment.data),
                 "Đã ghi điểm của cấp trên; kết quả chờ phê duyệt.")


@bp.post("/units/<code>/agency-evaluation/send-back")
@login_required
def send_back(code: str):
    """Cấp trên trả lại kèm lý do."""
    return _post(code, "send_back", lambda rules: ReturnForm(request.form),
                 lambda session, form, rules, year: service.send_back(
                     session, current_user, code, year, form.version.data, form.reason.data),
                 "Đã trả lại cho thủ trưởng cơ quan, đơn vị kèm lý do.")


@bp.post("/units/<code>/agency-evaluation/approve")
@login_required
def approve(code: str):
    """Cấp trên phê duyệt: the result is final."""
    return _post(code, "approve", lambda rules: ApproveForm(request.form),
                 lambda session, form, rules, year: service.approve(
                     session, current_user, code, year, form.version.data),
                 "Đã phê duyệt kết quả đánh giá, xếp loại của cơ quan, đơn vị.")
