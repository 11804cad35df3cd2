"""What /readyz checks: the database answers a query, the queue's Redis answers a PING."""
import logging
from contextlib import suppress

from flask import current_app
from sqlalchemy import text

from ..db import get_session

log = logging.getLogger(__name__)


def readiness() -> dict[str, bool]:
    """database, and redis when REDIS_URL is set: True when each answered."""
    checks = {"database": _database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis()
    return checks


def _database() -> bool:
    """SELECT 1 on the request's session (a dead pooled connection is replaced on the next request)."""
    try:
        get_session().execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means not ready; logged with its cause
        log.warning("readyz: cơ sở dữ liệu không trả lời", exc_info=True)
        with suppress(Exception):  # the session may be as dead as its connection
            get_session().rollback()
        return False


def _redis() -> bool:
    """PING on the queue's connection (2 s connect, 5 s read timeouts: webapp.queue)."""
    from ..queue import get_queue

    try:
        return bool(get_queue().connection.ping())
    except Exception:  # noqa: BLE001 - any failure means not ready
        log.warning("readyz: Redis không trả lời", exc_info=True)
        return False
