"""RQ-side shim for the worker's sweep: end the service of everyone whose end date has come."""
from webapp.db import new_session

from .reports import _app


def end_due_services() -> int:
    """Lock the accounts of people whose end date has come (webapp.staff.departures); how many."""
    from webapp.staff.departures import end_due_services as run
    app = _app()
    with app.app_context(), new_session(app) as session:
        return run(session)
