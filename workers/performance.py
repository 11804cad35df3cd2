"""RQ job shim: refresh the performance index's summary rows of one PerformanceRefresh run."""
from flask import current_app, has_app_context

from webapp.db import new_session


def _app():
    """The current app (in-process, tests), else the worker's one app."""
    if has_app_context():
        return current_app._get_current_object()
    from workers.app import get_app
    return get_app()


def run_performance_refresh(run_id: int) -> None:
    """Run the refresh the row describes; its status is on the row."""
    from webapp.performance.service import run_refresh
    app = _app()
    with app.app_context(), new_session(app) as session:
        run_refresh(session, run_id)


def sweep_performance() -> dict:
    """The worker's periodic pass for the index (stalled, lost, the current month kept fresh)."""
    from webapp.performance.sweep import sweep_performance as sweep
    app = _app()
    with app.app_context(), new_session(app) as session:
        return sweep(session)
