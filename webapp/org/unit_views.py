"""Cơ quan, đơn vị: the admin adds one and keeps its details; the unit's personnel officer keeps its names and the
lines its printed forms carry; everyone who sees the unit reads them. Plain form posts (rare, small pages)."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..errors import Forbidden
from ..forms import apply_form, bind
from . import units as service
from .forms import OfficerUnitForm, UnitForm
from .service import unit_by_code
from .views import bp


@bp.get("/org/units/new")
@login_required
def new_unit():
    """Thêm cơ quan, đơn vị (admin)."""
    _require_admin()
    return _new_page(UnitForm())


@bp.post("/org/units")
@login_required
def add_unit():
    """Create the unit, then go to its details with the next steps."""
    _require_admin()
    form = bind(UnitForm)
    unit = apply_form(form, lambda: service.add_unit(get_session(), current_user, form.to_input()))
    if unit is None:
        return _new_page(form, 422)
    flash(f"Đã thêm {unit.name}. Tiếp theo: thêm phòng, ban, rồi thêm cán bộ tổ chức của đơn vị.")
    return redirect(url_for(".unit_settings", code=unit.code))


@bp.get("/units/<code>/settings")
@login_required
def unit_settings(code: str):
    """Thông tin cơ quan, đơn vị: a form for the admin and the unit's officer, read-only for the others."""
    unit = _unit(code)
    return _settings_page(unit, _form_class(unit)(obj=unit))


@bp.post("/units/<code>/settings")
@login_required
def change_unit(code: str):
    """Save the details."""
    unit = _unit(code)
    form = bind(_form_class(unit))
    changed = apply_form(form, lambda: service.change_unit(get_session(), current_user, unit.id, form.to_input()))
    if changed is None:
        return _settings_page(unit, form, 422)
    flash(f"Đã lưu thông tin {changed.name}.")
    return redirect(url_for(".unit_settings", code=changed.code))


@bp.post("/units/<code>/deactivate")
@login_required
def deactivate_unit(code: str):
    """Ngừng hoạt động (admin; refused while people still work there)."""
    unit = service.set_unit_active(get_session(), current_user, _unit(code).id, False)
    flash(f"{unit.name} đã ngừng hoạt động.")
    return redirect(url_for(".tree"))


@bp.post("/units/<code>/reactivate")
@login_required
def reactivate_unit(code: str):
    """Hoạt động trở lại (admin)."""
    unit = service.set_unit_active(get_session(), current_user, _unit(code).id, True)
    flash(f"{unit.name} đã hoạt động trở lại.")
    return redirect(url_for(".unit_settings", code=unit.code))


def _unit(code: str):
    """The unit, if the actor may see it."""
    return unit_by_code(get_session(), current_user, code[:64])


def _form_class(unit):
    """The admin's whole form, or the officer's part of it."""
    return UnitForm if current_user.role == "admin" else OfficerUnitForm


def _choices() -> dict:
    """Blocs and levels for the admin's selects."""
    blocs, levels = service.blocs_and_levels(get_session())
    return {"blocs": blocs, "levels": levels}


def _new_page(form, status: int = 200):
    """The add form."""
    return render_template("org/unit_new.html", form=form, **_choices()), status


def _settings_page(unit, form, status: int = 200):
    """The details page."""
    return render_template("org/unit_settings.html", unit=unit, form=form,
                           may_edit=service.may_edit_unit(current_user, unit), **_choices()), status


def _require_admin() -> None:
    """Only the admin adds units."""
    if current_user.role != "admin":
        raise Forbidden("Chỉ quản trị hệ thống được thêm cơ quan, đơn vị.")
