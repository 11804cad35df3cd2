"""RQ job shims: check an uploaded list, apply a confirmed one, each in an app context with its own session."""
from flask import current_app, has_app_context

from webapp.db import new_session


def _app():
    """The current app (in-process, tests), else the worker's preloaded one."""
    if has_app_context():
        return current_app._get_current_object()
    from .app import get_app
    return get_app()


def check_import(job_id: int) -> None:
    """Read and check import `job_id` whole; the row records the problems or the preview."""
    from webapp.lists.run import run_check
    app = _app()
    with app.app_context(), new_session(app) as session:
        run_check(session, job_id)


def apply_import(job_id: int) -> None:
    """Apply confirmed import `job_id` in one transaction."""
    from webapp.lists.run import run_apply
    app = _app()
    with app.app_context(), new_session(app) as session:
        run_apply(session, job_id)
