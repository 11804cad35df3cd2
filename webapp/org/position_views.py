"""Vị trí việc làm: positions with their description and competency framework, kept by the unit's personnel
officer and the admin (read-only for the others). A change to one position answers htmx with its card."""
from flask import flash, render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..errors import Forbidden
from ..forms import apply_form, bind
from ..htmx import is_partial, redirect_to
from . import positions as service
from .access import READ_ONLY, may_maintain
from .forms import CompetencyForm, MoveForm, PositionForm, RetireForm
from .service import unit_by_code
from .views import bp


@bp.get("/units/<code>/positions")
@login_required
def positions(code: str):
    """Vị trí việc làm with descriptions and competency frameworks."""
    return _page(_unit(code))


@bp.get("/units/<code>/positions/<int:position_id>")
@login_required
def position_card(code: str, position_id: int):
    """One position's card (to cancel an edit)."""
    unit = _unit(code)
    return _card(unit, service.position_card(get_session(), unit, position_id))


@bp.get("/units/<code>/positions/<int:position_id>/edit")
@login_required
def edit_position(code: str, position_id: int):
    """The card with its edit form."""
    unit = _unit(code)
    card = service.position_card(get_session(), unit, position_id)
    if not may_maintain(current_user, unit):
        raise Forbidden(READ_ONLY)
    return _card(unit, card, editing=True, form=PositionForm(obj=card.position))


@bp.post("/units/<code>/positions")
@login_required
def add_position(code: str):
    """Thêm vị trí việc làm."""
    unit, form = _unit(code), bind(PositionForm)
    position = apply_form(form, lambda: service.add_position(get_session(), current_user, unit.id, form.to_input()))
    if position is None:
        return _invalid_new(unit, form)
    return _added(unit, f"Đã thêm vị trí việc làm {position.name}.")


@bp.post("/units/<code>/positions/<int:position_id>")
@login_required
def change_position(code: str, position_id: int):
    """Sửa mã, tên, nhóm, bản mô tả."""
    unit, form = _unit(code), bind(PositionForm)
    done = apply_form(form, lambda: service.change_position(get_session(), current_user, position_id,
                                                             form.to_input()))
    return _after(unit, position_id, done, "Đã lưu vị trí việc làm.", editing=True, form=form)


@bp.post("/units/<code>/positions/<int:position_id>/retire")
@login_required
def retire_position(code: str, position_id: int):
    """Thôi sử dụng từ ngày."""
    unit, form = _unit(code), bind(RetireForm)
    done = apply_form(form, lambda: service.retire_position(get_session(), current_user, position_id,
                                                             form.retired_on.data))
    return _after(unit, position_id, done, "Đã thôi sử dụng vị trí việc làm.", retire_form=form)


@bp.post("/units/<code>/positions/<int:position_id>/restore")
@login_required
def restore_position(code: str, position_id: int):
    """Dùng lại."""
    unit = _unit(code)
    done = service.restore_position(get_session(), current_user, position_id)
    return _after(unit, position_id, done, "Đã dùng lại vị trí việc làm.")


@bp.post("/units/<code>/positions/<int:position_id>/competencies")
@login_required
def add_competency(code: str, position_id: int):
    """Thêm năng lực."""
    unit, form = _unit(code), bind(CompetencyForm)
    done = apply_form(form, lambda: service.add_competency(get_session(), current_user, position_id,
                                                            form.name.data, form.required_level.data))
    return _after(unit, position_id, done, "Đã thêm năng lực.", competency_forms={"new": form})


@bp.post("/units/<code>/competencies/<int:competency_id>")
@login_required
def change_competency(code: str, competency_id: int):
    """Sửa tên, cấp độ yêu cầu."""
    unit, form = _unit(code), bind(CompetencyForm)
    card = service.competency_position(get_session(), unit, competency_id)
    done = apply_form(form, lambda: service.change_competency(get_session(), current_user, competency_id,
                                                               form.name.data, form.required_level.data))
    return _after(unit, card.position.id, done, "Đã lưu năng lực.", competency_forms={competency_id: form})


@bp.post("/units/<code>/competencies/<int:competency_id>/delete")
@login_required
def remove_competency(code: str, competency_id: int):
    """Xóa năng lực."""
    unit = _unit(code)
    card = service.competency_position(get_session(), unit, competency_id)
    done = service.remove_competency(get_session(), current_user, competency_id)
    return _after(unit, card.position.id, done, f"Đã xóa năng lực {done.name}.")


@bp.post("/units/<code>/competencies/<int:competency_id>/move")
@login_required
def move_competency(code: str, competency_id: int):
    """Lên, xuống."""
    unit, form = _unit(code), bind(MoveForm)
    card = service.competency_position(get_session(), unit, competency_id)
    done = apply_form(form, lambda: service.move_competency(get_session(), current_user, competency_id, form.step))
    return _after(unit, card.position.id, done, "Đã đổi thứ tự năng lực.")


def _unit(code: str):
    """The unit, if the actor may see it (keeping its lists is checked by the services)."""
    return unit_by_code(get_session(), current_user, code[:64])


def _context(unit, **extra) -> dict:
    """What the page shows."""
    return {"unit": unit, "cards": service.position_cards(get_session(), unit), "groups": service.GROUP_LABELS,
            "may_edit": may_maintain(current_user, unit), "form": PositionForm(), "states": {}, **extra}


def _page(unit, status: int = 200, **extra):
    """The whole page."""
    return render_template("org/positions.html", **_context(unit, **extra)), status


def _card(unit, card, status: int = 200, **state):
    """One card for htmx; the page with that card in this state otherwise."""
    if not is_partial():
        return _page(unit, status, states={card.position.id: state})
    html = render_template("org/_position.html", unit=unit, card=card, state=state, groups=service.GROUP_LABELS,
                           may_edit=may_maintain(current_user, unit))
    return html + (render_template("org/_clear_messages.html") if status == 422 else ""), status


def _after(unit, position_id: int, done, message: str, **state):
    """The card again: refreshed with a message, or with the refused form's errors (422)."""
    if done is None:
        return _card(unit, service.position_card(get_session(), unit, position_id), 422, **state)
    if not is_partial():
        flash(message)
        return redirect_to(url_for(".positions", code=unit.code) + f"#position-{position_id}")
    card = service.position_card(get_session(), unit, position_id)
    return render_template("org/_position_done.html", unit=unit, card=card, state={}, message=message,
                           groups=service.GROUP_LABELS, may_edit=may_maintain(current_user, unit))


def _invalid_new(unit, form: PositionForm):
    """The add form again with its errors (422)."""
    if not is_partial():
        return _page(unit, 422, form=form)
    html = render_template("org/_position_form.html", unit=unit, form=form, groups=service.GROUP_LABELS)
    html += render_template("org/_clear_messages.html")
    return html, 422, {"HX-Retarget": "#position-form", "HX-Reswap": "outerHTML"}


def _added(unit, message: str):
    """htmx: the refreshed list with a fresh form and the message; a plain post: back to the page."""
    if not is_partial():
        flash(message)
        return redirect_to(url_for(".positions", code=unit.code))
    return render_template("org/_positions_done.html", message=message, **_context(unit))
