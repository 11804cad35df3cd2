"""Sự kiện gửi đi (webhooks): the administrator subscribes an integration client and reads its delivery history."""
from flask import Blueprint, make_response, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..errors import DomainError
from ..htmx import redirect_to
from ..models.webhooks import WEBHOOK_EVENTS
from . import service

bp = Blueprint("webhooks", __name__, url_prefix="/admin/integrations")


def _page(client_id: int, status: int = 200, error: DomainError | None = None):
    """The client's webhooks page, with a refusal of the form if any."""
    hooks = service.client_hooks(get_session(), current_user._get_current_object(), client_id)
    response = make_response(render_template(
        "webhooks/client.html", hooks=hooks, events=WEBHOOK_EVENTS, event_labels=service.EVENT_LABELS,
        status_labels=service.STATUS_LABELS, error=error, form=request.form), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:client_id>/webhooks")
@login_required
def client_page(client_id: int):
    """The client's subscriptions and its latest deliveries (event, status code, attempts, error, next try)."""
    return _page(client_id)


@bp.post("/<int:client_id>/webhooks")
@login_required
def subscribe(client_id: int):
    """Subscribe to an event with a URL and a shared secret (or change them)."""
    form = request.form
    try:
        service.subscribe(get_session(), current_user._get_current_object(), client_id, form.get("event", ""),
                          form.get("url", ""), form.get("secret", ""))
    except DomainError as error:
        get_session().rollback()
        return _page(client_id, error.status, error)
    return redirect_to(url_for("webhooks.client_page", client_id=client_id))


@bp.post("/webhooks/<int:subscription_id>/stop")
@login_required
def unsubscribe(subscription_id: int):
    """Stop a subscription."""
    row = service.unsubscribe(get_session(), current_user._get_current_object(), subscription_id)
    return redirect_to(url_for("webhooks.client_page", client_id=row.client_id))


@bp.post("/deliveries/<int:delivery_id>/resend")
@login_required
def resend(delivery_id: int):
    """Send a given-up delivery again."""
    row = service.resend(get_session(), current_user._get_current_object(), delivery_id)
    return redirect_to(url_for("webhooks.client_page", client_id=row.client_id))
