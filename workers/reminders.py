"""RQ job shim (or cron through `flask --app webapp remind`): the daily reminders."""
from datetime import date

from flask import current_app, has_app_context

from webapp.db import new_session


def _app():
    """The current app (in-process, tests), else one created from the environment."""
    if has_app_context():
        return current_app._get_current_object()
    from webapp import create_app
    return create_app()


def run_daily_reminders(today: str | None = None) -> int:
    """Remind everyone with no diary on the working day before `today` (yyyy-mm-dd, default today);
    returns how many reminders were added (none on a second run)."""
    from webapp.reminders.service import remind
    app = _app()
    with app.app_context(), new_session(app) as session:
        _, added = remind(session, date.fromisoformat(today) if today else None)
    return added
