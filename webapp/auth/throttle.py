"""Login throttling: failures counted per account and per client address in a fixed window.

Every attempt is counted before the password is checked and a successful one is taken back, so
parallel guesses cannot slip past the limit. Counters live in Redis when REDIS_URL is configured
(INCR + EXPIRE NX in one MULTI), else in the `loginthrottle` table (one upsert, whose row lock
serialises attempts on the same key; expired rows pruned on the way).
"""
import logging
import math
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from redis.exceptions import RedisError
from sqlmodel import Session

from ..models import LoginThrottle

log = logging.getLogger(__name__)


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


def reserve(session: Session, limits: tuple[Limit, ...]) -> int:
    """Count this attempt on every counter before the password is checked (parallel guesses cannot slip
    past the limit); the seconds left of the longest exhausted window, 0 when the attempt may go ahead."""
    counts = _either(lambda redis: _redis_reserve(redis, limits),
                     lambda: [_db_reserve(session, limit.key) for limit in limits])
    return max((wait for limit, (count, wait) in zip(limits, counts) if count > limit.allowed), default=0)


def release(session: Session, limit: Limit) -> None:
    """Take back this attempt's count (it succeeded): the earlier failures stay."""
    def on_redis(redis):
        if redis.decr(limit.key) < 0:  # the window ended meanwhile: no counter without an expiry
            redis.delete(limit.key)

    _either(on_redis, lambda: session.connection().execute(
        update(LoginThrottle).where(LoginThrottle.key == limit.key).values(failures=LoginThrottle.failures - 1)))


def forget(session: Session, limit: Limit) -> None:
    """Clear one counter (the account's, after a successful login)."""
    _either(lambda redis: redis.delete(limit.key),
            lambda: session.connection().execute(delete(LoginThrottle).where(LoginThrottle.key == limit.key)))


def _either(on_redis, on_database):
    """Count on Redis when configured and reachable; Redis down, on the database (nobody is locked out of
    signing in because the queue's server restarts)."""
    backend = _redis()
    if backend is not None:
        try:
            return on_redis(backend)
        except RedisError:
            log.warning("Redis không truy cập được: đếm đăng nhập sai trên cơ sở dữ liệu.")
    return on_database()


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

        current_app.extensions["throttle_redis"] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return current_app.extensions["throttle_redis"]


def _redis_reserve(redis, limits: tuple[Limit, ...]) -> list[tuple[int, int]]:
    """INCR each key, start its window on the first count (EXPIRE NX), read what is left: one MULTI."""
    pipe = redis.pipeline(transaction=True)
    for limit in limits:
        pipe.incr(limit.key)
        pipe.expire(limit.key, window_seconds(), nx=True)
        pipe.pttl(limit.key)
    replies = pipe.execute()
    return [(replies[i], max(math.ceil(replies[i + 2] / 1000), 1)) for i in range(0, len(replies), 3)]


def _db_reserve(session: Session, key: str) -> tuple[int, int]:
    """One upsert: a count in a live window adds one, else a new window starts; expired rows go."""
    now = _now()
    table = LoginThrottle.__table__
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    live = table.c.window_ends > now
    statement = insert(table).values(key=key, failures=1, window_ends=now + window_seconds())
    statement = statement.on_conflict_do_update(index_elements=[table.c.key], set_={
        "failures": case((live, table.c.failures + 1), else_=1),
        "window_ends": case((live, table.c.window_ends), else_=statement.excluded.window_ends),
    }).returning(table.c.failures, table.c.window_ends)
    connection = session.connection()
    connection.execute(delete(table).where(table.c.window_ends <= now - window_seconds()))
    failures, window_ends = connection.execute(statement).one()
    return failures, window_ends - now
