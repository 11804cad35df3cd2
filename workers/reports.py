"""RQ job shim: the report job runs inside an app context with its own session."""
from flask import current_app, has_app_context

from webapp.db import new_session


def _app():
    """The current app (in-process, tests), else the worker's preloaded one."""
    if has_app_context():
        return current_app._get_current_object()
    from .app import get_app
    return get_app()


def run_report(job_id: int) -> None:
    """Render report `job_id`; the row records the outcome."""
    from webapp.reports.run import run_report as run
    app = _app()
    with app.app_context(), new_session(app) as session:
        run(session, job_id)


def sweep_reports() -> None:
    """Mark stalled jobs failed and purge expired files."""
    from webapp.reports.outbox import sweep
    app = _app()
    with app.app_context(), new_session(app) as session:
        sweep(session)
