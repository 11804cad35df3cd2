"""Catalogue changes: an item's history, the officer's inline draft form, and the head's page "Duyệt thay đổi danh
mục" with approve, reject and withdraw. The routes live on the catalog blueprint."""
from flask import render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import select
from wtforms.fields.choices import SelectChoice

from ..auth.scope import require_role
from ..db import get_session
from ..errors import DomainError, NotFound
from ..forms import apply_form, bind, db_int
from ..htmx import is_partial, redirect_to, render
from ..models import CatalogueBatch, CatalogueItem, Unit
from ..org.service import unit_by_code
from . import batch_approval, changes, decisions, drafts, versions
from .forms import DecisionForm, DraftForm
from .service import GROUP_LABELS, unit_positions
from .views import bp


@bp.get("/units/<code>/catalogue/items/<int:item_id>/history")
@login_required
def item_history(code: str, item_id: int):
    """Lịch sử phiên bản of one item: an expandable row for htmx, a small page otherwise."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    item = _item(session, unit, item_id)
    return render("catalog/item.html", "catalog/_item_history.html", unit=unit, item=item,
                  history=versions.history(session, item))


@bp.get("/units/<code>/catalogue/drafts/new")
@login_required
def draft_form(code: str):
    """The draft form: a new item, or a change or retirement of ?item=<id> (kind=change|retire)."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    drafts.require_proposer(current_user, unit)
    item_id = request.args.get("item", type=db_int)
    item = _item(session, unit, item_id) if item_id else None
    return _form(unit, DraftForm(data=_initial(session, item, request.args.get("kind", "change"))), item)


@bp.post("/units/<code>/catalogue/drafts")
@login_required
def propose(code: str):
    """Gửi đề xuất: the head's page lists it; an invalid form comes back with its errors (422)."""
    session, form = get_session(), bind(DraftForm)
    unit = unit_by_code(session, current_user, code)
    batch = apply_form(form, lambda: drafts.propose(session, current_user, unit, form.proposal(),
                                                   form.effective_from.data, form.reason.data or ""))
    if batch is None:
        item = session.exec(_by_code(unit, form.code.data)).first() if form.kind.data != "new" else None
        return _form(unit, form, item, 422)
    return redirect_to(url_for(".changes_page", code=unit.code))


@bp.get("/units/<code>/catalogue/changes")
@login_required
def changes_page(code: str):
    """Duyệt thay đổi danh mục: pending batches (before → after per field) and the latest decided ones."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    require_role(current_user, *changes.READERS)
    return render_template("catalog/changes.html", unit=unit, pending=changes.batches(session, unit, True),
                           decided=changes.batches(session, unit, False), labels=decisions.STATE_LABELS,
                           kinds=drafts.KIND_LABELS, form=DecisionForm())


@bp.post("/catalogue/batches/<int:batch_id>/approve")
@login_required
def approve(batch_id: int):
    """Duyệt the whole batch or the draft named; htmx gets the batch's card back."""
    form = _decision()
    batch_approval.approve_or_queue(get_session(), current_user, batch_id, form.draft.data or None)
    return _decided(get_session(), batch_id)


@bp.get("/catalogue/batches/<int:batch_id>")
@login_required
def batch_card(batch_id: int):
    """One batch's card (it polls itself while approved in the background); the page for a plain link."""
    session = get_session()
    require_role(current_user, *changes.READERS)
    batch = batch_approval.status_of(session, batch_id)
    unit_by_code(session, current_user, _unit_code(session, batch))
    return _decided(session, batch_id)


@bp.post("/catalogue/batches/<int:batch_id>/reject")
@login_required
def reject(batch_id: int):
    """Từ chối with a reason, the whole batch or the draft named."""
    form = _decision()
    decisions.reject(get_session(), current_user, batch_id, form.reason.data or "", form.draft.data or None)
    return _decided(get_session(), batch_id)


@bp.post("/catalogue/batches/<int:batch_id>/withdraw")
@login_required
def withdraw(batch_id: int):
    """Rút đề xuất (the proposer), the whole batch or the draft named."""
    form = _decision()
    decisions.withdraw(get_session(), current_user, batch_id, form.draft.data or None)
    return _decided(get_session(), batch_id)


def _decision() -> DecisionForm:
    """The posted decision; a malformed draft id is refused before any service runs."""
    form = bind(DecisionForm)
    if not form.validate():
        raise DomainError("Đề xuất không hợp lệ; vui lòng tải lại trang.")
    return form


def _decided(session, batch_id: int):
    """The batch's card after a decision, or the page for a plain post."""
    batch = session.get(CatalogueBatch, batch_id)
    unit = unit_by_code(session, current_user, _unit_code(session, batch))
    if not is_partial():
        return redirect_to(url_for(".changes_page", code=unit.code))
    return render_template("catalog/_batch.html", view=changes.one_batch(session, batch, unit), unit=unit,
                           labels=decisions.STATE_LABELS, kinds=drafts.KIND_LABELS, form=DecisionForm())


def _unit_code(session, batch: CatalogueBatch) -> str:
    """The code of the batch's unit."""
    return session.get(Unit, batch.unit_id).code


def _item(session, unit, item_id: int) -> CatalogueItem:
    """An item of the unit, or 404."""
    item = session.get(CatalogueItem, item_id)
    if item is None or item.unit_id != unit.id:
        raise NotFound("Không tìm thấy sản phẩm/công việc.")
    return item


def _by_code(unit, code: str | None):
    """The query of the unit's item with this code."""
    return select(CatalogueItem).where(CatalogueItem.unit_id == unit.id, CatalogueItem.code == (code or "")[:32])


def _initial(session, item: CatalogueItem | None, kind: str) -> dict:
    """The form's first values: empty for a new item, the current ones for a change or retirement."""
    if item is None:
        return {"kind": "new", "positions": [versions.ALL_POSITIONS]}
    values = versions.values_of(session, item)
    return {**values, "kind": kind if kind in ("change", "retire") else "change"}


def _form(unit, form: DraftForm, item: CatalogueItem | None, status: int = 200):
    """The form (a fragment for htmx, a page otherwise)."""
    form.positions.choices = [SelectChoice(versions.ALL_POSITIONS, "Tất cả vị trí việc làm"),
                              *(SelectChoice(p.code, p.name) for p in unit_positions(get_session(), unit) if p.active)]
    return render("catalog/draft.html", "catalog/_draft_form.html", status, unit=unit, form=form, item=item,
                  groups=GROUP_LABELS, kinds=drafts.KIND_LABELS)
