"""RQ job shims: one webhook delivery attempt, and the sweep that re-sends due deliveries."""
from webapp.db import new_session

from .reports import _app


def deliver_webhook(delivery_id: int) -> None:
    """One attempt at delivery `delivery_id`; the row records the outcome and the next try."""
    from webapp.webhooks.delivery import deliver
    app = _app()
    with app.app_context(), new_session(app) as session:
        deliver(session, delivery_id)


def sweep_webhooks() -> None:
    """Enqueue the deliveries whose next attempt is due."""
    from webapp.webhooks.outbox import sweep
    app = _app()
    with app.app_context(), new_session(app) as session:
        sweep(session)
