"""Danh sách cán bộ, công chức, viên chức: the list, adding and editing a person, their role, moving them."""
from flask import Blueprint, flash, make_response, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.actor import ROLE_LABELS
from ..db import get_session
from ..forms import apply_form, db_int
from ..htmx import redirect_to, render
from . import moves, roles, service
from .access import STAFF_KIND_LABELS, may_manage
from .forms import MoveForm, PersonForm, RoleForm, division_choices

bp = Blueprint("staff", __name__)


def _actor():
    return current_user._get_current_object()


@bp.get("/units/<code>/staff")
@login_required
def index(code: str):
    """The unit's people, filtered by division and current/former; the table alone for htmx."""
    unit = service.unit_for_staff(get_session(), _actor(), code)
    division_id = request.args.get("division", type=db_int)
    state = request.args.get("state") if request.args.get("state") in service.STATES else "current"
    rows = service.staff_list(get_session(), _actor(), unit, division_id, state)
    return render("staff/index.html", "staff/_staff_rows.html", unit=unit, rows=rows, state=state,
                  division_id=division_id, divisions=service.divisions_of(get_session(), unit),
                  kinds=STAFF_KIND_LABELS, role_labels=ROLE_LABELS, manage=may_manage(_actor(), unit))


@bp.route("/units/<code>/staff/new", methods=["GET", "POST"])
@login_required
def add(code: str):
    """Add a person: their account is made at once, its temporary password shown on this answer only."""
    session = get_session()
    unit = service.unit_for_staff(session, _actor(), code, manage=True)
    form = _person_form(unit)
    if request.method == "POST" and (done := apply_form(form, lambda: service.add_person(
            session, _actor(), unit, form.data_object()))):
        person, account, password = done
        response = make_response(render_template("staff/created.html", unit=unit, person=person, account=account,
                                                 password=password))
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("staff/person.html", unit=unit, form=form, person=None), _status()


@bp.route("/staff/<int:person_id>", methods=["GET", "POST"])
@login_required
def edit(person_id: int):
    """A person's record (read-only for the bloc's organiser), their account's role and state."""
    session = get_session()
    person, unit, account = service.viewed_person(session, _actor(), person_id)
    form = _person_form(unit, obj=person)
    if request.method == "POST" and apply_form(form, lambda: service.edit_person(session, _actor(), person_id,
                                                                                 form.data_object())):
        flash(f"Đã lưu thông tin của {form.full_name.data}.")
        return redirect_to(url_for("staff.index", code=unit.code))
    return _person_page(unit, person, account, form), _status()


@bp.post("/staff/<int:person_id>/role")
@login_required
def change_role(person_id: int):
    """Give the person's account another role."""
    session = get_session()
    person, unit, account = service.viewed_person(session, _actor(), person_id)
    form = RoleForm(request.form).for_actor(_actor().role)
    if account and apply_form(form, lambda: roles.change_role(session, _actor(), account.id, form.role.data)):
        flash(f"Đã đổi vai trò của {account.username} thành {ROLE_LABELS[form.role.data]}.")
        return redirect_to(url_for("staff.edit", person_id=person_id))
    return _person_page(unit, person, account, _person_form(unit, obj=person, posted=False), form), 422


@bp.route("/staff/<int:person_id>/move", methods=["GET", "POST"])
@login_required
def move(person_id: int):
    """Choose the unit (its divisions and the open work left behind are shown), then confirm."""
    session = get_session()
    person, unit = service.managed_person(session, _actor(), person_id)
    form = MoveForm(request.form if request.method == "POST" else request.args)
    target = moves.find_unit(session, form.unit.data or "")
    form.division_id.choices = division_choices(service.divisions_of(session, target) if target else [])
    if request.method == "POST" and apply_form(form, lambda: moves.move_person(
            session, _actor(), person_id, form.unit.data, form.division_id.data)):
        flash(f"Đã chuyển {person.full_name} sang {target.name}.")
        return redirect_to(url_for("staff.index", code=unit.code))
    return render_template("staff/move.html", person=person, unit=unit, form=form, target=target,
                           work=moves.open_work(session, _actor(), person_id),
                           units=moves.units_to_move_to(session, unit)), _status()


def _person_form(unit, obj=None, posted: bool = True) -> PersonForm:
    """The person form with the unit's divisions and positions (filled from the post, or from the person)."""
    session = get_session()
    form = PersonForm(request.form, obj=obj) if posted and request.method == "POST" else PersonForm(obj=obj)
    return form.with_choices(service.divisions_of(session, unit, obj), service.positions_of(session, unit, obj))


def _person_page(unit, person, account, form, role_form=None):
    """The edit page with the account's role form."""
    role_form = role_form or RoleForm(data={"role": account.role if account else "staff"}).for_actor(_actor().role)
    return render_template("staff/person.html", unit=unit, person=person, account=account, form=form,
                           role_form=role_form, manage=may_manage(_actor(), unit), role_labels=ROLE_LABELS)


def _status() -> int:
    """422 for a form posted back with errors."""
    return 422 if request.method == "POST" else 200
