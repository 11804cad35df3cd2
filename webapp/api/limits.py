"""Rate limits per integration client: a fixed one-minute window, on Redis (INCR + EXPIRE in one MULTI) when
REDIS_URL is configured and reachable, else in this process's memory (one worker's count: a fallback, not a
province-wide limit)."""
import logging
import threading
import time

from flask import current_app
from redis.exceptions import RedisError

from .problems import ApiProblem

WINDOW = 60
log = logging.getLogger(__name__)
_memory: dict[str, tuple[int, int]] = {}  # key → (window number, count)
_lock = threading.Lock()


def check(client_id: int, allowed: int) -> None:
    """Count this call; over the client's limit, a 429 problem with Retry-After (the seconds left of the window)."""
    now = time.time()
    window = int(now // WINDOW)
    key = f"api:rate:{client_id}:{window}"
    count = _count_redis(key)
    if count is None:
        count = _count_memory(key, window)
    if count > allowed:
        retry = max(int((window + 1) * WINDOW - now), 1)
        raise ApiProblem(429, "rate_limited",
                         f"Vượt quá {allowed} yêu cầu mỗi phút của hệ thống tích hợp; thử lại sau {retry} giây.",
                         headers={"Retry-After": str(retry)})


def _count_redis(key: str) -> int | None:
    """INCR the window's key (expiring with it); None without Redis or when it is down."""
    redis = _redis()
    if redis is None:
        return None
    try:
        pipe = redis.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, WINDOW + 1, nx=True)
        return int(pipe.execute()[0])
    except RedisError:
        log.warning("Redis không truy cập được: giới hạn tần suất API đếm trong bộ nhớ.")
        return None


def _count_memory(key: str, window: int) -> int:
    """Count in this process; keys of past windows are dropped on the way."""
    with _lock:
        for old in [k for k, (w, _) in _memory.items() if w < window]:
            del _memory[old]
        _, count = _memory.get(key, (window, 0))
        _memory[key] = (window, count + 1)
        return count + 1


def reset_memory() -> None:
    """Forget the in-memory counts (tests)."""
    with _lock:
        _memory.clear()


def _redis():
    """The Redis client when REDIS_URL is configured, else None."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if "api_limit_redis" not in current_app.extensions:
        from redis import Redis

        current_app.extensions["api_limit_redis"] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return current_app.extensions["api_limit_redis"]
