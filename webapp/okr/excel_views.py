"""Nhập, xuất mục tiêu của đơn vị bằng Excel (routes on the okr blueprint; the work is in importing.py)."""
from flask import make_response, render_template, request
from flask_login import current_user, login_required
from wtforms import FileField, StringField

from ..db import get_session
from ..errors import DomainError
from ..evaluations.forms import CheckedForm
from ..forms import bind
from ..reports.naming import content_disposition
from . import importing
from .pages import okr_period
from .views import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(CheckedForm):
    """The period and the file."""

    period = StringField("Kỳ (quý hoặc năm)")
    file = FileField("Tệp Excel (.xlsx)")


@bp.get("/units/<code>/excel")
@login_required
def excel(code: str):
    """Tải tệp mẫu (?template=1) hoặc xuất mục tiêu của đơn vị trong kỳ."""
    span = okr_period(request.args.get("period"))
    template = request.args.get("template") == "1"
    data = importing.export(get_session(), current_user, code, span, template)
    response = make_response(data)
    response.headers["Content-Type"] = XLSX
    kind = "Mẫu nhập mục tiêu" if template else "Mục tiêu"
    response.headers["Content-Disposition"] = content_disposition(f"{kind} - {code[:64]} - {span.key}.xlsx")
    return response


@bp.get("/units/<code>/import")
@login_required
def import_page(code: str):
    """Nhập mục tiêu từ tệp Excel."""
    unit = importing.require_head(get_session(), current_user, code)
    return render_template("okr/import.html", unit=unit, form=ImportForm(period=okr_period(
        request.args.get("period")).label), result=None)


@bp.post("/units/<code>/import")
@login_required
def import_post(code: str):
    """Kiểm tra toàn bộ tệp; nhập khi mọi dòng hợp lệ, nếu không liệt kê lỗi và không nhập gì."""
    session = get_session()
    unit = importing.require_head(session, current_user, code)
    form = bind(ImportForm)
    try:
        upload = request.files.get("file")
        result = importing.import_file(session, current_user, code, okr_period(form.period.data),
                                       upload.read(importing.MAX_READ) if upload else b"")
    except DomainError as refusal:
        if refusal.field not in ("file", "period"):
            raise
        session.rollback()
        getattr(form, refusal.field).errors = [refusal.message]
        return render_template("okr/import.html", unit=unit, form=form, result=None), 422
    status = 422 if result.errors else 200
    return render_template("okr/import.html", unit=unit, form=form, result=result), status
