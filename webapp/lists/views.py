"""Nhập, xuất Excel: templates, exports, imports with their preview, and the initial passwords of an import."""
from flask import Blueprint, Response, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..forms import apply_form, bind
from ..htmx import redirect_to, render
from ..org.service import unit_by_code
from ..reports.naming import content_disposition
from . import passwords, service
from .columns import LISTS
from .forms import PasswordListForm, UploadForm, uploaded

bp = Blueprint("lists", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/units/<code>/lists")
@login_required
def index(code: str):
    """The four lists: template, export, upload; the unit's latest imports."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    return _page(session, unit, UploadForm())


def _page(session, unit, form, status: int = 200, kind: str = ""):
    """The page (or its upload fragment for htmx, with the refusal)."""
    return render("lists/index.html", "lists/_upload.html", status=status, unit=unit, lists=LISTS, form=form,
                  kind=kind, jobs=service.recent(session, unit), may_import=service.may_import(current_user, unit),
                  may_export=service.may_export(current_user, unit))


def _xlsx(content: bytes, name: str) -> Response:
    """An .xlsx download."""
    return Response(content, mimetype=XLSX, headers={"Content-Disposition": content_disposition(name)})


@bp.get("/units/<code>/lists/<kind>/template")
@login_required
def template(code: str, kind: str):
    """The empty template of a list."""
    session = get_session()
    return _xlsx(*service.workbook(session, current_user, unit_by_code(session, current_user, code), kind, False))


@bp.get("/units/<code>/lists/<kind>/export")
@login_required
def export(code: str, kind: str):
    """The list as it is, in the template's format."""
    session = get_session()
    return _xlsx(*service.workbook(session, current_user, unit_by_code(session, current_user, code), kind, True))


@bp.post("/units/<code>/lists/<kind>/import")
@login_required
def upload(code: str, kind: str):
    """Store the file, queue its check, go to the job's page; a refusal re-renders the form (422)."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    form = bind(UploadForm)
    job = apply_form(form, lambda: service.request_import(session, current_user, unit, kind, *uploaded(form)))
    if job is None:
        return _page(session, unit, form, 422, kind)
    return redirect_to(url_for(".job", job_id=job.id))


@bp.get("/imports/<int:job_id>")
@login_required
def job(job_id: int):
    """The job: progress (polling), its problems, or its preview with the confirm button."""
    session = get_session()
    job = service.get_for(session, current_user, job_id)
    unit = service.unit_of(session, job)
    return render("lists/job.html", "lists/_job.html", job=job, spec=LISTS[job.kind], form=PasswordListForm(),
                  unit=unit, may_import=service.may_import(current_user, unit))


@bp.post("/imports/<int:job_id>/confirm")
@login_required
def confirm(job_id: int):
    """Apply the previewed import (as a job)."""
    service.confirm(get_session(), current_user, job_id)
    return redirect_to(url_for(".job", job_id=job_id))


@bp.post("/imports/<int:job_id>/passwords")
@login_required
def initial_passwords(job_id: int):
    """Fresh initial passwords of the import's accounts never used, shown in this response only."""
    form = bind(PasswordListForm)
    sheet = passwords.generate(get_session(), current_user, job_id)
    if form.validate() and form.file_format.data == "xlsx":
        response = _xlsx(passwords.as_xlsx(sheet), "Danh sách mật khẩu ban đầu.xlsx")
    else:
        response = render("lists/passwords.html", "lists/passwords.html", sheet=sheet)
    response.headers["Cache-Control"] = "no-store"
    return response
from . import document_type_views  # noqa: E402,F401  (its routes join the blueprint)
