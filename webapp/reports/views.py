"""Báo cáo: request a printable form, watch its job, download the file."""

from flask import Blueprint, request, send_file, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from ..clock import local_today
from ..db import get_session
from ..errors import DomainError
from ..htmx import redirect_to, render
from ..models import Division, Person
from ..months import month_key
from ..org.service import unit_by_code
from ..text import vn_name_key
from . import service
from .forms import ReportForm

bp = Blueprint("reports", __name__)


@bp.get("/units/<code>/reports")
@login_required
def index(code: str):
    """The request form and the actor's recent reports."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    form = ReportForm(data={"period": month_key(local_today())})
    return _page(session, unit, form)


def _page(session, unit, form, status: int = 200):
    """The reports page."""
    people = session.exec(select(Person).where(Person.unit_id == unit.id, Person.active).order_by(Person.id)).all()
    people = sorted(people, key=lambda p: vn_name_key(p.full_name))
    divisions = session.exec(select(Division).where(Division.unit_id == unit.id).order_by(Division.sort_order)).all()
    return render("reports/index.html", "reports/index.html", status=status, unit=unit, form=form, people=people,
                  divisions=divisions, jobs=service.recent_jobs(session, current_user), kinds=service.KINDS)


@bp.post("/units/<code>/reports")
@login_required
def create(code: str):
    """Insert the job, enqueue it, answer with its status fragment."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    form = ReportForm(request.form)
    if not form.validate():
        return _page(session, unit, form, 422)
    req = service.ReportRequest(form.kind.data, form.file_format.data, form.period.data, form.person_id.data,
                                form.division_id.data)
    job = service.request_report(session, current_user, unit, req)
    return redirect_to(url_for(".index", code=code, job=job.id))


@bp.get("/reports/<int:job_id>")
@login_required
def status(job_id: int):
    """The job's status fragment; it polls itself while queued or running."""
    session = get_session()
    job = service.fail_if_stalled(session, service.get_for(session, current_user, job_id))
    return render("reports/_job.html", "reports/_job.html", job=job, kinds=service.KINDS)


@bp.post("/reports/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    """Thử lại a failed report."""
    job = service.retry(get_session(), current_user, job_id)
    return render("reports/_job.html", "reports/_job.html", job=job, kinds=service.KINDS)


@bp.get("/reports/<int:job_id>/download")
@login_required
def download(job_id: int):
    """The file, to those allowed to see it."""
    path, name = service.download_path(get_session(), current_user, job_id)
    if not path.is_file():
        raise DomainError("Tệp báo cáo không còn.")
    return send_file(path, as_attachment=True, download_name=name)
