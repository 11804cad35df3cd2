"""Giao việc: the form, the list with progress and overdue flags, cancelling; htmx fragments."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from ..catalog import picker
from ..clock import local_today
from ..db import get_session
from ..forms import apply_form, bind, db_int
from ..htmx import is_partial, redirect_to, render
from ..once import AlreadySent
from . import queries, service
from .forms import AssignmentForm

bp = Blueprint("assignments", __name__)


@bp.get("/assignments")
@login_required
def index():
    """Giao việc: the form (managers, head) and the list; htmx filters get only the rows."""
    flt = _filter(request.args)
    return render("assignments/index.html", "assignments/_assignment_rows.html",
                  **_page_context(AssignmentForm(data={"source": "adhoc"}), flt))


@bp.post("/assignments")
@login_required
def create():
    """Giao việc: htmx gets the refreshed list, a fresh form and a message (out of band)."""
    form = bind(AssignmentForm)
    try:
        rows = apply_form(form, lambda: service.assign(get_session(), current_user, form.to_input()))
    except AlreadySent:
        if is_partial():
            raise  # the first request answered with the list already: only the message is shown
        return redirect_to(url_for(".index"))
    if rows is None:
        return _invalid(form)
    if not is_partial():
        return redirect_to(url_for(".index"))
    message = f"Đã giao việc cho {len(rows)} người."
    return render_template("assignments/_assigned.html", message=message,
                           **_page_context(AssignmentForm(data={"source": "adhoc"}), _filter(request.form)))


@bp.post("/assignments/<int:assignment_id>/cancel")
@login_required
def cancel(assignment_id: int):
    """Hủy việc đã giao: the row shows it cancelled."""
    assignment = service.cancel(get_session(), current_user, assignment_id)
    if not is_partial():
        return redirect_to(url_for(".index"))
    row = queries.one(get_session(), current_user, assignment.id, local_today())
    return render_template("assignments/_cancelled.html", row=row, may_assign=True, **_labels(),
                           message=f"Đã hủy việc giao cho {row.person.full_name}.")


def _filter(args) -> dict:
    """Person and state filters of the list."""
    show = args.get("show", "active")
    return {"person_id": args.get("person", type=db_int), "show": show if show in queries.SHOW else "active"}


def _page_context(form: AssignmentForm, flt: dict) -> dict:
    """The form's choices, the filter and the rows."""
    session, today = get_session(), local_today()
    items = picker.unit_items(session, current_user.unit_id, today) if queries.may_assign(current_user) else []
    return {"form": form, "filter": flt, "today": today, "may_assign": queries.may_assign(current_user),
            "people": queries.assignable_people(session, current_user),
            "items": picker.choose(items, selected=form.item_id.data, k=picker.coefficients_on(session, items, today)),
            "rows": queries.listing(session, current_user, today, **flt), **_labels()}


def _labels() -> dict:
    """Names of sources, states and list filters."""
    return {"sources": service.SOURCES, "show_labels": queries.SHOW, "state_labels": queries.STATE_LABELS}


def _invalid(form: AssignmentForm):
    """The form again with its errors (422); htmx swaps it in place of the form."""
    context = _page_context(form, _filter(request.form))
    if not is_partial():
        return render_template("assignments/index.html", **context), 422
    html = render_template("assignments/_assignment_form.html", **context)
    return html, 422, {"HX-Retarget": "#assignment-form", "HX-Reswap": "outerHTML"}
