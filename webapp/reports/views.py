"""Báo cáo: request a printable form, watch its job, download the file."""
import click
from flask import Blueprint, request, send_file, url_for
from flask_login import current_user, login_required

from ..clock import local_today
from ..db import get_session
from ..errors import DomainError
from ..forms import apply_form
from ..htmx import redirect_to, render
from ..org.service import unit_by_code
from . import naming, outbox, service
from .forms import FORMAT_LABELS, report_form

bp = Blueprint("reports", __name__, cli_group=None)


@bp.cli.command("reports-sweep")
def sweep_command() -> None:
    """Quét báo cáo: gửi lại yêu cầu bị mất khỏi hàng đợi, đánh dấu lỗi yêu cầu bị gián đoạn, xóa tệp hết hạn."""
    from ..catalog import batch_approval
    from ..db import new_session

    with new_session() as session:
        stale, purged = outbox.sweep(session)
        sent, failed = batch_approval.sweep(session)
    click.echo(f"Đã quét báo cáo: {stale} bị gián đoạn, {purged} tệp hết hạn đã xóa.")
    click.echo(f"Đã quét việc duyệt danh mục trong nền: {sent} gửi lại, {failed} bị gián đoạn.")


@bp.get("/units/<code>/reports")
@login_required
def index(code: str):
    """The request form and the actor's recent reports."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    options = service.options_for(session, current_user, unit)
    return _page(session, unit, options, report_form(options, period=f"{local_today():%m/%Y}"))


def _page(session, unit, options, form, status: int = 200):
    """The reports page, or only its form for htmx (a refused request, with its errors)."""
    jobs = service.recent_jobs(session, current_user)
    return render("reports/index.html", "reports/_form.html", status=status, unit=unit, form=form, options=options,
                  jobs=jobs, labels=naming.labels_of(session, jobs), kinds=service.JOB_KINDS, formats=FORMAT_LABELS)


@bp.post("/units/<code>/reports")
@login_required
def create(code: str):
    """Insert the job, enqueue it, go to the page showing it; a refusal re-renders the form (422)."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    options = service.options_for(session, current_user, unit)
    form = report_form(options, request.form)
    job = apply_form(form, lambda: service.request_report(session, current_user, unit, service.ReportRequest(
        form.kind.data, form.file_format.data, form.period.data, form.person_id.data, form.division_id.data,
        bool(form.sign.data))))
    if job is None:
        return _page(session, unit, options, form, 422)
    return redirect_to(url_for(".index", code=code, job=job.id))


@bp.get("/reports/<int:job_id>")
@login_required
def status(job_id: int):
    """The job's status fragment; it polls itself while queued or running."""
    session = get_session()
    job = outbox.fail_if_stalled(session, service.get_for(session, current_user, job_id))
    return render("reports/_job.html", "reports/_job.html", job=job, kinds=service.JOB_KINDS,
                  labels=naming.labels_of(session, [job]))


@bp.post("/reports/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    """Thử lại a failed report."""
    session = get_session()
    job = service.retry(session, current_user, job_id)
    return render("reports/_job.html", "reports/_job.html", job=job, kinds=service.JOB_KINDS,
                  labels=naming.labels_of(session, [job]))


@bp.get("/reports/<int:job_id>/download")
@login_required
def download(job_id: int):
    """The file, to those allowed to see it."""
    path, name = service.download_path(get_session(), current_user, job_id)
    if not path.is_file():
        raise DomainError("Tệp báo cáo không còn.")
    response = send_file(path, as_attachment=True, download_name=name)
    response.headers["Content-Disposition"] = naming.content_disposition(name)
    return response
from . import province_views  # noqa: E402,F401 - its routes are on this blueprint
