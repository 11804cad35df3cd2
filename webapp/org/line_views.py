"""Quan hệ báo cáo: the page, a person's line changed inline, the head's superior evaluator (org blueprint)."""
from flask import render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..forms import apply_form, bind
from ..htmx import is_partial, redirect_to
from . import line_service
from .line_forms import EvaluatorForm, LineForm
from .service import unit_by_code
from .views import bp


@bp.get("/units/<code>/reporting-lines")
@login_required
def reporting_lines(code: str):
    """Each person's direct manager, the problems on top; the officer changes them inline."""
    session = get_session()
    page = line_service.lines_page(session, current_user, unit_by_code(session, current_user, code))
    return render_template("org/reporting_lines.html", page=page, form_errors={})


@bp.post("/units/<code>/reporting-lines/<int:person_id>")
@login_required
def set_line(code: str, person_id: int):
    """Đổi lãnh đạo trực tiếp (empty: back to the default): htmx gets the row and the problems (out of band)."""
    session, form = get_session(), bind(LineForm)
    unit = unit_by_code(session, current_user, code)
    done = apply_form(form, lambda: line_service.set_manager(session, current_user, unit, person_id,
                                                             form.manager_id.data))
    return _answer(code, done, {person_id: form.manager_id.errors}, person_id)


@bp.post("/units/<code>/superior-evaluator")
@login_required
def set_evaluator(code: str):
    """Chọn cấp trên đánh giá thủ trưởng (admin, the bloc's organiser)."""
    session, form = get_session(), bind(EvaluatorForm)
    unit = unit_by_code(session, current_user, code)
    done = apply_form(form, lambda: line_service.set_superior_evaluator(session, current_user, unit,
                                                                        form.account_id.data))
    return _answer(code, done, {"evaluator": form.account_id.errors}, None)


def _answer(code: str, done, errors: dict, person_id: int | None):
    """Plain posts go back to the page (422 with the errors when refused); htmx gets the changed part."""
    status = 200 if done is not None else 422
    if not is_partial() and done is not None:
        return redirect_to(url_for(".reporting_lines", code=code))
    session = get_session()
    page = line_service.lines_page(session, current_user, unit_by_code(session, current_user, code))
    if not is_partial():
        return render_template("org/reporting_lines.html", page=page, form_errors=errors), status
    row = next((r for r in page.rows if r.person.id == person_id), None)
    template = "org/_line_changed.html" if row else "org/_evaluator_changed.html"
    return render_template(template, page=page, row=row, form_errors=errors), status
