"""Tổng kết thí điểm: the page (a month span picked, the four pilot units side by side) and its report jobs."""
from flask import Blueprint, request, url_for
from flask_login import current_user, login_required

from ..clock import local_today
from ..db import get_session
from ..errors import DomainError
from ..htmx import redirect_to, render
from ..reports.forms import FORMAT_LABELS
from ..reports.naming import labels_of
from ..reports.service import JOB_KINDS
from ..reports.unitless import PILOT_REVIEW
from ..signing import province as signed
from . import report, service
from .access import require_viewer
from .span import default_span
from .table import DEFINITIONS, sections, top_rows

bp = Blueprint("pilot", __name__)


def _refusal(error: DomainError) -> dict[str, str]:
    """A refused field's message by field; refusals of the role or the scope are raised again."""
    if type(error) is not DomainError or not error.field:
        raise error
    get_session().rollback()
    return {error.field: error.message}


def _page(from_text: str, to_text: str, errors: dict | None = None):
    """The page (or, for htmx, its figures) for the span typed; a refused span shows its messages (422)."""
    session = get_session()
    require_viewer(current_user)
    errors, review = dict(errors or {}), None
    if not errors:
        try:
            review = service.review(session, current_user, from_text, to_text, local_today())
        except DomainError as error:
            errors = _refusal(error)
    jobs = report.recent_jobs(session, current_user)
    return render("pilot/index.html", "pilot/_review.html", status=422 if errors else 200, review=review,
                  sections=sections(review) if review else [], top=top_rows(review) if review else [],
                  definitions=DEFINITIONS, errors=errors, from_text=from_text, to_text=to_text, jobs=jobs,
                  labels=labels_of(session, jobs), kinds=JOB_KINDS, formats=FORMAT_LABELS,
                  can_sign=signed.may_sign(current_user, PILOT_REVIEW))


@bp.get("/pilot-review")
@login_required
def index():
    """?from_month=mm/yyyy&to_month=mm/yyyy (default: the last three months); the actor's review jobs below."""
    first, last = default_span(local_today())
    return _page(request.args.get("from_month", first), request.args.get("to_month", last))


@bp.post("/pilot-review/report")
@login_required
def create_report():
    """Ask for the PDF or workbook of the span; the page then shows the job until its file is ready."""
    form = request.form
    from_text, to_text = form.get("from_month", ""), form.get("to_month", "")
    try:
        job = report.request_report(get_session(), current_user, from_text, to_text, form.get("file_format", ""),
                                    form.get("sign") == "y")
    except DomainError as error:
        return _page(from_text, to_text, _refusal(error))
    return redirect_to(url_for(".index", from_month=from_text, to_month=to_text, job=job.id, _anchor="pilot-jobs"))
