"""Mục tiêu và kết quả then chốt: the unit's tree, an objective's page, inline check-ins and the drill-down."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..errors import NotFound
from ..forms import apply_form, bind
from ..htmx import is_partial, redirect_to, render
from . import keyresults, labels, pages, service
from .forms import CheckInForm, KeyResultForm, LinkForm, ObjectiveEditForm, ObjectiveForm

bp = Blueprint("okr", __name__, url_prefix="/okr")
bp.add_app_template_filter(labels.percent, "okr_percent")
bp.add_app_template_filter(labels.bar, "okr_bar")
bp.add_app_template_filter(labels.period_label, "okr_period_label")
for _name, _value in labels.GLOBALS.items():
    bp.add_app_template_global(_value, _name)


@bp.get("")
@login_required
def index():
    """The OKR of the chosen unit (?unit=code), else the actor's (organisers: the first of their bloc)."""
    unit = pages.home_unit(get_session(), current_user, request.args.get("unit"))
    if unit is None:
        raise NotFound("Không có cơ quan, đơn vị nào trong phạm vi của bạn.")
    return redirect_to(url_for(".unit", code=unit.code, period=request.args.get("period") or None))


@bp.get("/units/<code>")
@login_required
def unit(code: str):
    """Mục tiêu và kết quả then chốt of a unit and a period (?period=2026-Q4): the tree and the unaligned."""
    context = pages.unit_page(get_session(), current_user, code, request.args.get("period"))
    return render("okr/unit.html", "okr/_tree.html", **context)


@bp.get("/new")
@login_required
def new():
    """Đặt mục tiêu at a level (?level=unit&period=2026-Q4)."""
    form = ObjectiveForm(data={"level": request.args.get("level"), "period": request.args.get("period")})
    return _new_page(form)


@bp.post("/objectives")
@login_required
def create():
    """Đặt mục tiêu: its page once saved; the form again with its errors."""
    form = bind(ObjectiveForm)
    saved = apply_form(form, lambda: service.create_objective(get_session(), current_user, form.level.data,
                                                              form.period.data, form.title.data, form.reviewer_id.data))
    return _new_page(form, 422) if saved is None else redirect_to(url_for(".objective", objective_id=saved.id))


@bp.get("/objectives/<int:objective_id>")
@login_required
def objective(objective_id: int):
    """An objective's page: key results, check-ins, what it supports and what supports it."""
    return _objective_page(objective_id)


@bp.post("/objectives/<int:objective_id>")
@login_required
def edit(objective_id: int):
    """Sửa mục tiêu (title, reviewer) while a draft."""
    form = bind(ObjectiveEditForm)
    saved = apply_form(form, lambda: service.edit_objective(get_session(), current_user, objective_id,
                                                            form.title.data, form.reviewer_id.data))
    return _objective_page(objective_id, edit_form=form, status=422) if saved is None else _back(objective_id)


@bp.post("/objectives/<int:objective_id>/agree")
@login_required
def agree(objective_id: int):
    """Thống nhất mục tiêu (the reviewer)."""
    service.agree(get_session(), current_user, objective_id)
    return _back(objective_id)


@bp.post("/objectives/<int:objective_id>/close")
@login_required
def close(objective_id: int):
    """Kết thúc mục tiêu (the reviewer)."""
    service.close(get_session(), current_user, objective_id)
    return _back(objective_id)


@bp.post("/objectives/<int:objective_id>/align")
@login_required
def align(objective_id: int):
    """Gắn kết with an objective of the level above."""
    form = bind(LinkForm)
    done = apply_form(form, lambda: service.align(get_session(), current_user, objective_id, form.target_id.data))
    return _objective_page(objective_id, status=422, align_form=form) if done is None else _back(objective_id)


@bp.post("/objectives/<int:objective_id>/unalign/<int:supports_id>")
@login_required
def unalign(objective_id: int, supports_id: int):
    """Bỏ gắn kết."""
    service.unalign(get_session(), current_user, objective_id, supports_id)
    return _back(objective_id)


@bp.post("/objectives/<int:objective_id>/key-results")
@login_required
def add_key_result(objective_id: int):
    """Thêm kết quả then chốt."""
    form = bind(KeyResultForm)
    saved = apply_form(form, lambda: keyresults.add_key_result(get_session(), current_user, objective_id,
                                                               form.to_input()))
    return _objective_page(objective_id, kr_form=form, status=422) if saved is None else _back(objective_id)


@bp.post("/key-results/<int:key_result_id>")
@login_required
def edit_key_result(key_result_id: int):
    """Sửa kết quả then chốt of a draft objective."""
    form = bind(KeyResultForm)
    saved = apply_form(form, lambda: keyresults.edit_key_result(get_session(), current_user, key_result_id,
                                                                form.to_input()))
    return _key_result_back(key_result_id, form if saved is None else None)


@bp.post("/key-results/<int:key_result_id>/items")
@login_required
def link_item(key_result_id: int):
    """Gắn sản phẩm/công việc to a key result measured from work."""
    form = bind(LinkForm)
    saved = apply_form(form, lambda: keyresults.link_item(get_session(), current_user, key_result_id,
                                                          form.target_id.data))
    return _key_result_back(key_result_id, form if saved is None else None)


@bp.post("/key-results/<int:key_result_id>/items/<int:item_id>/delete")
@login_required
def unlink_item(key_result_id: int, item_id: int):
    """Bỏ gắn sản phẩm/công việc."""
    keyresults.unlink_item(get_session(), current_user, key_result_id, item_id)
    return _key_result_back(key_result_id)


@bp.post("/key-results/<int:key_result_id>/check-ins")
@login_required
def check_in(key_result_id: int):
    """Cập nhật tiến độ inline: htmx gets the key result's row again (with its errors, 422)."""
    form = bind(CheckInForm)
    saved = apply_form(form, lambda: keyresults.check_in(get_session(), current_user, key_result_id,
                                                         form.to_input()))
    return _key_result_back(key_result_id, form if saved is None else None)


@bp.get("/key-results/<int:key_result_id>/entries")
@login_required
def entries(key_result_id: int):
    """Drill-down: the approved diary entries a key result counts."""
    return render("okr/entries.html", "okr/_entries.html", **pages.drill_down(get_session(), current_user,
                                                                               key_result_id))


def _new_page(form: ObjectiveForm, status: int = 200):
    """The new-objective page for the form's level."""
    context = pages.new_objective(get_session(), current_user, form.level.data or "")
    return render_template("okr/new.html", form=form, **context), status


def _objective_page(objective_id: int, status: int = 200, **forms):
    """The objective's page (with a form's errors)."""
    context = pages.objective_page(get_session(), current_user, objective_id)
    return render_template("okr/objective.html", **context, **forms), status


def _back(objective_id: int):
    """After a change: back to the objective's page."""
    return redirect_to(url_for(".objective", objective_id=objective_id))


def _key_result_back(key_result_id: int, form=None):
    """htmx: the key result's block again (with a form's errors); a plain post: back to the objective."""
    context = pages.key_result_block(get_session(), current_user, key_result_id)
    if not is_partial():
        if form is None:
            return _back(context["view"].objective.id)
        return _objective_page(context["view"].objective.id, status=422)
    return render_template("okr/_key_result.html", form=form, oob_progress=True, **context), \
        422 if form is not None else 200


from . import excel_views  # noqa: E402,F401 - the Excel routes on this blueprint
