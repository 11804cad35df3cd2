"""RQ job shims: approve a big catalogue batch, and the sweep of lost or stalled approvals."""
from webapp.db import new_session

from .reports import _app


def approve_batch(batch_id: int) -> None:
    """Approve catalogue batch `batch_id` in one transaction; the batch row records the outcome."""
    from webapp.catalog.batch_approval import run
    app = _app()
    with app.app_context(), new_session(app) as session:
        run(session, batch_id)


def sweep_approvals() -> None:
    """Send lost approvals again and fail those that died while running."""
    from webapp.catalog.batch_approval import sweep
    app = _app()
    with app.app_context(), new_session(app) as session:
        sweep(session)
