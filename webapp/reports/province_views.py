"""Báo cáo tháng, Báo cáo sơ kết quý: the request page of organisers and the administrator (on reports.bp)."""
from datetime import date

from flask import request, url_for
from flask_login import current_user, login_required

from ..clock import local_today
from ..db import get_session
from ..errors import Forbidden
from ..forms import apply_form
from ..htmx import redirect_to, render
from . import naming, service
from .forms import FORMAT_LABELS, province_form
from .province import ProvinceRequest, may_sign, request_province_report
from .province_scope import PROVINCE_KINDS, may_report, scopes_for
from .views import bp


@bp.get("/reports/province")
@login_required
def province():
    """The request form (on last month: the report is made once a month is over) and the actor's recent reports."""
    session = get_session()
    scopes = _scopes(session)
    today = local_today()
    last_month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    return _page(session, scopes, province_form(scopes, period=f"{last_month:%m/%Y}"))


@bp.post("/reports/province")
@login_required
def create_province():
    """Insert the job, enqueue it, show it on the page; a refusal re-renders the form (422)."""
    session = get_session()
    scopes = _scopes(session)
    form = province_form(scopes, request.form)
    job = apply_form(form, lambda: request_province_report(session, current_user, ProvinceRequest(
        form.kind.data, form.file_format.data, form.period.data, form.scope.data, form.pilot_only.data,
        bool(form.sign.data))))
    if job is None:
        return _page(session, scopes, form, 422)
    return redirect_to(url_for(".province", job=job.id))


def _scopes(session) -> dict[str, str]:
    """The actor's scopes; nobody else has this page."""
    if not may_report(current_user):
        raise Forbidden("Chỉ cơ quan tổ chức cấp tỉnh và quản trị hệ thống lập được báo cáo này.")
    return scopes_for(session, current_user)


def _page(session, scopes, form, status: int = 200):
    """The page, or only its form for htmx."""
    jobs = [job for job in service.recent_jobs(session, current_user) if job.kind in PROVINCE_KINDS]
    return render("reports/province.html", "reports/_province_form.html", status=status, form=form, scopes=scopes,
                  kinds=service.JOB_KINDS, province_kinds=PROVINCE_KINDS, formats=FORMAT_LABELS, jobs=jobs,
                  labels=naming.labels_of(session, jobs), can_sign=may_sign(current_user))
