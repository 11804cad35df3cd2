"""Login throttling: failures counted per account and per client address in a fixed window.

Counters live in Redis when REDIS_URL is configured (INCR + EXPIRE in one MULTI), else in the
`loginthrottle` table (one upsert per failure, expired rows pruned on the way).
"""
import math
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from ..models import LoginThrottle


@dataclass(frozen=True)
class Limit:
    """A counter's key and how many failures it allows in a window."""

    key: str
    allowed: int


def limits_for(username: str, address: str) -> tuple[Limit, Limit]:
    """The two counters a login attempt is held to: the account tried and the client address."""
    config = current_app.config
    return (Limit(f"login:account:{username[:64]}", config["LOGIN_FAILURES_PER_ACCOUNT"]),
            Limit(f"login:address:{address[:64]}", config["LOGIN_FAILURES_PER_ADDRESS"]))


def window_seconds() -> int:
    """The window's length, from LOGIN_FAILURE_WINDOW_MINUTES."""
    return int(current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"]) * 60


def blocked_for(session: Session, limits: tuple[Limit, ...]) -> int:
    """Seconds until the last exhausted counter's window ends; 0 when the attempt may go ahead."""
    backend = _redis()
    waits = [(_redis_wait if backend else _db_wait)(backend or session, limit) for limit in limits]
    return max(waits, default=0)


def count_failure(session: Session, limits: tuple[Limit, ...]) -> None:
    """Add one failure to each counter (the database path joins the caller's transaction)."""
    backend = _redis()
    for limit in limits:
        (_redis_count if backend else _db_count)(backend or session, limit.key)


def forget(session: Session, limit: Limit) -> None:
    """Clear one counter (the account's, after a successful login)."""
    backend = _redis()
    if backend:
        backend.delete(limit.key)
    else:
        session.connection().execute(delete(LoginThrottle).where(LoginThrottle.key == limit.key))


def _now() -> int:
    """The time in Unix seconds (the database path's clock)."""
    return int(time.time())


def _redis():
    """The Redis client when REDIS_URL is configured, else None."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if "throttle_redis" not in current_app.extensions:
        from redis import Redis

        current_app.extensions["throttle_redis"] = Redis.from_url(url)
    return current_app.extensions["throttle_redis"]


def _redis_count(redis, key: str) -> None:
    """INCR and start the window on the first failure, atomically."""
    pipe = redis.pipeline(transaction=True)
    pipe.incr(key)
    pipe.expire(key, window_seconds(), nx=True)
    pipe.execute()


def _redis_wait(redis, limit: Limit) -> int:
    """Seconds left in an exhausted window, read with the counter in one round trip."""
    pipe = redis.pipeline(transaction=True)
    pipe.get(limit.key)
    pipe.pttl(limit.key)
    count, ttl_ms = pipe.execute()
    if count is None or int(count) < limit.allowed or ttl_ms <= 0:
        return 0
    return math.ceil(ttl_ms / 1000)


def _db_count(session: Session, key: str) -> None:
    """One upsert: a failure in a live window adds one, else a new window starts; expired rows go."""
    now = _now()
    table = LoginThrottle.__table__
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    live = table.c.window_ends > now
    statement = insert(table).values(key=key, failures=1, window_ends=now + window_seconds())
    statement = statement.on_conflict_do_update(index_elements=[table.c.key], set_={
        "failures": _case(live, table.c.failures + 1, 1),
        "window_ends": _case(live, table.c.window_ends, statement.excluded.window_ends),
    })
    connection = session.connection()
    connection.execute(delete(table).where(table.c.window_ends <= now - window_seconds()))
    connection.execute(statement)


def _case(condition, then, otherwise):
    """CASE WHEN … THEN … ELSE … END."""
    return case((condition, then), else_=otherwise)


def _db_wait(session: Session, limit: Limit) -> int:
    """Seconds left in an exhausted window of the table."""
    now = _now()
    row = session.connection().execute(
        select(LoginThrottle.failures, LoginThrottle.window_ends).where(LoginThrottle.key == limit.key)).first()
    if row is None or row.failures < limit.allowed or row.window_ends <= now:
        return 0
    return row.window_ends - now
