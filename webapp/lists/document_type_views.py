"""The page of a unit's document types and the catalogue items they count as."""
from flask import request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..errors import DomainError
from ..htmx import redirect_to, render
from ..org.access import may_maintain
from ..org.service import unit_by_code
from . import document_type_service as service
from .views import bp


@bp.get("/units/<code>/document-types")
@login_required
def document_types(code: str):
    """Loại văn bản: the unit's mappings and the form to add or change one."""
    session = get_session()
    return _page(session, unit_by_code(session, current_user, code))


@bp.post("/units/<code>/document-types")
@login_required
def save_document_type(code: str):
    """Add a mapping or change its item; a refusal re-renders the page (422)."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    form = request.form
    try:
        service.save(session, current_user, unit, form.get("document_type", ""), form.get("item_code", ""),
                     form.get("note", ""))
    except DomainError as error:
        session.rollback()
        if error.status != 422:
            raise
        return _page(session, unit, error, 422)
    return redirect_to(url_for(".document_types", code=unit.code))


@bp.post("/units/<code>/document-types/<int:mapping_id>/delete")
@login_required
def delete_document_type(code: str, mapping_id: int):
    """Remove a mapping."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    service.remove(session, current_user, unit, mapping_id)
    return redirect_to(url_for(".document_types", code=unit.code))


def _page(session, unit, error: DomainError | None = None, status: int = 200):
    """The page (or, for htmx, the same page: it is small)."""
    return render("lists/document_types.html", "lists/document_types.html", status=status, unit=unit,
                  rows=service.listing(session, unit), items=service.items(session, unit), error=error,
                  form=request.form if error else {}, may_edit=may_maintain(current_user, unit))
