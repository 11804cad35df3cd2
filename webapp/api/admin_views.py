"""Hệ thống tích hợp: the administrator registers integration clients, rotates and revokes their tokens."""
from flask import Blueprint, make_response, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from ..db import get_session
from ..errors import DomainError
from ..forms import INT_MAX
from ..htmx import redirect_to
from ..models import Unit
from ..models.api import API_SCOPES
from . import clients

bp = Blueprint("api_admin", __name__, url_prefix="/admin/integrations")


def _ids(values: list[str]) -> list[int]:
    """The ticked unit ids (anything not a bounded positive integer is dropped)."""
    return [int(v) for v in values if v.isdigit() and 0 < int(v) <= INT_MAX]


def _page(status: int = 200, error: DomainError | None = None, issued: clients.Issued | None = None):
    """The clients page, with a refusal or a token just issued (shown once, never cached)."""
    session, actor = get_session(), current_user._get_current_object()
    rows = clients.listing(session, actor)
    units = session.exec(select(Unit).order_by(Unit.name)).all()
    response = make_response(render_template(
        "api/clients.html", rows=rows, units=units, scopes=API_SCOPES, scope_labels=clients.SCOPE_LABELS,
        error=error, issued=issued, form=request.form), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
@login_required
def index():
    """Every client with its units, scopes, last use; the form to register one."""
    return _page()


@bp.post("")
@login_required
def register():
    """Register a client; its token is shown once on the answer."""
    rate = request.form.get("rate_limit", "600")
    try:
        issued = clients.register(get_session(), current_user._get_current_object(), request.form.get("name", ""),
                                  _ids(request.form.getlist("unit_ids")), request.form.getlist("scopes"),
                                  int(rate) if rate.isdigit() and len(rate) < 7 else 0)
    except DomainError as error:
        get_session().rollback()
        return _page(422, error=error)
    return _page(issued=issued)


@bp.post("/<int:client_id>/rotate")
@login_required
def rotate(client_id: int):
    """A new token (the old one stops at once), shown once."""
    return _page(issued=clients.rotate(get_session(), current_user._get_current_object(), client_id))


@bp.post("/<int:client_id>/revoke")
@login_required
def revoke(client_id: int):
    """Revoke the client's token."""
    clients.revoke(get_session(), current_user._get_current_object(), client_id)
    return redirect_to(url_for("api_admin.index"))
