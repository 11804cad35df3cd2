"""Phòng, ban, bộ phận: the tree, kept by the unit's personnel officer and the admin (read-only for the others);
every change answers htmx with the refreshed list and a plain post with a redirect."""
from flask import flash, render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..errors import Forbidden, NotFound
from ..forms import apply_form, bind
from ..htmx import is_partial, redirect_to
from . import divisions as service
from .access import may_maintain
from .forms import CloseForm, DivisionForm
from .service import unit_by_code
from .views import bp


@bp.get("/units/<code>/divisions")
@login_required
def divisions(code: str):
    """Phòng, ban, bộ phận of the unit, closed ones greyed."""
    return _page(_unit(code))


@bp.get("/units/<code>/divisions/<int:division_id>/edit")
@login_required
def edit_division(code: str, division_id: int):
    """The row turned into its edit form (the whole page with it for a plain link)."""
    unit = _unit(code)
    row = _row(unit, division_id)
    return _edit_row(unit, row, DivisionForm(obj=row.division))


@bp.get("/units/<code>/divisions/<int:division_id>")
@login_required
def division_row(code: str, division_id: int):
    """One row of the list (to cancel an edit)."""
    unit = _unit(code)
    return _fragment_or_page(unit, "org/_division_row.html", row=_row(unit, division_id))


@bp.post("/units/<code>/divisions")
@login_required
def add_division(code: str):
    """Thêm phòng, ban."""
    unit, form = _unit(code), bind(DivisionForm)
    division = apply_form(form, lambda: service.add_division(get_session(), current_user, unit.id, form.to_input()))
    if division is None:
        return _invalid(unit, "org/_division_form.html", "#division-form", {"form": form})
    return _done(unit, f"Đã thêm {division.name}.")


@bp.post("/units/<code>/divisions/<int:division_id>")
@login_required
def change_division(code: str, division_id: int):
    """Đổi tên, chuyển, đổi thứ tự."""
    unit, form = _unit(code), bind(DivisionForm)
    division = apply_form(form, lambda: service.change_division(get_session(), current_user, division_id,
                                                                 form.to_input()))
    if division is None:
        row = _row(unit, division_id)
        return _invalid(unit, "org/_division_edit.html", f"#division-{row.division.id}", {"row": row, "form": form},
                        {"editing": row.division.id, "edit_form": form})
    return _done(unit, f"Đã lưu {division.name}.")


@bp.post("/units/<code>/divisions/<int:division_id>/close")
@login_required
def close_division(code: str, division_id: int):
    """Giải thể từ ngày."""
    unit, form = _unit(code), bind(CloseForm)
    division = apply_form(form, lambda: service.close_division(get_session(), current_user, division_id,
                                                                form.closed_on.data))
    if division is None:
        row = _row(unit, division_id)
        return _invalid(unit, "org/_division_row.html", f"#division-{row.division.id}",
                        {"row": row, "close_form": form}, {"closing": row.division.id, "close_form": form})
    return _done(unit, f"Đã giải thể {division.name} từ {division.closed_on:%d/%m/%Y}.")


@bp.post("/units/<code>/divisions/<int:division_id>/reopen")
@login_required
def reopen_division(code: str, division_id: int):
    """Mở lại."""
    unit = _unit(code)
    division = service.reopen_division(get_session(), current_user, division_id)
    return _done(unit, f"Đã mở lại {division.name}.")


def _unit(code: str):
    """The unit, if the actor may see it (keeping its lists is checked by the services)."""
    return unit_by_code(get_session(), current_user, code[:64])


def _row(unit, division_id: int) -> service.DivisionRow:
    """The division's row, or 404 when it is not of this unit."""
    row = next((r for r in service.division_rows(get_session(), unit) if r.division.id == division_id), None)
    if row is None:
        raise NotFound("Không tìm thấy phòng, ban trong cơ quan, đơn vị này.")
    return row


def _context(unit, **extra) -> dict:
    """What the page and its fragments show."""
    session = get_session()
    return {"unit": unit, "rows": service.division_rows(session, unit), "may_edit": may_maintain(current_user, unit),
            "parents": service.open_divisions(session, unit), "form": DivisionForm(), **extra}


def _page(unit, status: int = 200, **extra):
    """The whole page."""
    return render_template("org/divisions.html", **_context(unit, **extra)), status


def _fragment_or_page(unit, fragment: str, **extra):
    """A fragment for htmx, else the page."""
    return render_template(fragment, **_context(unit, **extra)) if is_partial() else _page(unit, **extra)


def _edit_row(unit, row, form: DivisionForm):
    """The edit row (for htmx) or the page with it open; only the unit's maintainers get it."""
    if not may_maintain(current_user, unit):
        raise Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị (hoặc quản trị hệ thống) được sửa.")
    if is_partial():
        return render_template("org/_division_edit.html", **_context(unit, row=row, form=form))
    return _page(unit, editing=row.division.id, edit_form=form)


def _invalid(unit, fragment: str, target: str, fragment_context: dict, page_context: dict | None = None):
    """The refused form again with its errors (422), in place for htmx or on the page."""
    if not is_partial():
        return _page(unit, 422, **(page_context or fragment_context))
    html = render_template(fragment, **_context(unit, **fragment_context)) + render_template("org/_clear_messages.html")
    return html, 422, {"HX-Retarget": target, "HX-Reswap": "outerHTML"}


def _done(unit, message: str):
    """htmx: the refreshed list and the message; a plain post: back to the page."""
    if not is_partial():
        flash(message)
        return redirect_to(url_for(".divisions", code=unit.code))
    return render_template("org/_divisions_done.html", message=message, **_context(unit))
