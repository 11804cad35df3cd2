"""Login throttling per account and per client address, on Redis and on the database."""
import json
import os
import re
import time
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from webapp import create_app
from webapp.auth import throttle
from webapp.clock import LOCAL_TZ
from webapp.models import AuditLog, LoginThrottle

from ..conftest import Client
from ..helpers import username_of

RIGHT = "Demo@2026"
RETRY_RE = re.compile(r"thử lại sau (\d+) phút \(từ (\d{2}/\d{2}/\d{4} \d{2}:\d{2})\)")


@pytest.fixture(params=["database", "redis"])
def backend(request, app, monkeypatch):
    """Small limits; counters in the table, or in Redis (the real one when REDIS_URL is set, else fakeredis)."""
    app.config.update(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=5, LOGIN_FAILURE_WINDOW_MINUTES=15)
    if request.param == "database":
        yield _DatabaseBackend(monkeypatch)
        return
    redis = _redis()
    app.config["REDIS_URL"] = os.environ.get("REDIS_URL") or "redis://fakeredis"
    app.extensions["throttle_redis"] = redis
    yield _RedisBackend(redis)
    for key in redis.scan_iter("login:*"):
        redis.delete(key)


def _redis():
    """A real Redis when configured, else an in-memory fake."""
    if os.environ.get("REDIS_URL"):
        from redis import Redis

        return Redis.from_url(os.environ["REDIS_URL"])
    import fakeredis

    return fakeredis.FakeRedis()


class _DatabaseBackend:
    """The table's clock moves forward past the window."""

    name = "database"

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def end_window(self):
        later = int(time.time()) + 15 * 60 + 1
        self.monkeypatch.setattr(throttle, "_now", lambda: later)


class _RedisBackend:
    """Redis expires the counters."""

    name = "redis"

    def __init__(self, redis):
        self.redis = redis

    def end_window(self):
        for key in self.redis.scan_iter("login:*"):
            self.redis.pexpire(key, 1)
        time.sleep(0.01)


def _try(client: Client, username: str, password: str, address: str = "10.0.0.1", **headers):
    """One login attempt from an address."""
    return client.raw.post("/login", data={"username": username, "password": password, "csrf_token": client.csrf()},
                           environ_base={"REMOTE_ADDR": address}, headers=headers)


def _fail(client: Client, username: str, times: int, address: str = "10.0.0.1", **headers) -> None:
    for _ in range(times):
        assert _try(client, username, "sai-mat-khau", address, **headers).status_code == 422


def test_the_right_password_is_refused_after_too_many_failures_for_the_account(backend, client, session):
    username = username_of(session, "hac-thanh", "staff")
    _fail(client, username, 3)
    response = _try(client, username, RIGHT, address="10.0.0.2")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "kể cả với mật khẩu đúng" in page
    minutes, at = RETRY_RE.search(page).groups()
    assert 14 <= int(minutes) <= 15
    expected = datetime.now(LOCAL_TZ).replace(tzinfo=None) + timedelta(minutes=15)
    assert abs(datetime.strptime(at, "%d/%m/%Y %H:%M") - expected) <= timedelta(minutes=1)
    assert client.get("/").status_code == 302


def test_the_account_may_log_in_again_once_the_window_has_passed(backend, client, session):
    username = username_of(session, "hac-thanh", "staff")
    _fail(client, username, 3)
    backend.end_window()
    assert _try(client, username, RIGHT).status_code == 303


def test_an_address_that_failed_on_many_accounts_is_refused_even_for_another_account(backend, client, session):
    for n in range(5):
        _try(client, f"khong-co-{n}", "sai")
    username = username_of(session, "hac-thanh", "manager")
    assert _try(client, username, RIGHT, address="10.0.0.1").status_code == 429
    assert _try(client, username, RIGHT, address="10.0.0.9").status_code == 303


def test_a_successful_login_does_not_reset_the_address_counter(backend, app, session):
    staff = username_of(session, "hac-thanh", "staff")
    for n in range(4):
        _try(Client(app.test_client()), f"khong-co-{n}", "sai")
    assert _try(Client(app.test_client()), staff, RIGHT).status_code == 303
    _try(Client(app.test_client()), "khong-co-5", "sai")
    assert _try(Client(app.test_client()), staff, RIGHT).status_code == 429


def test_successful_logins_from_an_address_do_not_use_up_its_allowance(backend, app, session):
    staff = username_of(session, "hac-thanh", "staff")
    for n in range(4):
        _try(Client(app.test_client()), f"khong-co-{n}", "sai")
    for _ in range(3):
        assert _try(Client(app.test_client()), staff, RIGHT).status_code == 303


def test_each_attempt_is_counted_before_the_password_is_checked(backend, app, session):
    limits = throttle.limits_for("ai-do-song-song", "10.4.4.4")
    assert [throttle.reserve(session, limits) for _ in range(3)] == [0, 0, 0]
    assert 14 * 60 < throttle.reserve(session, limits) <= 15 * 60


def test_a_successful_login_clears_the_account_counter(backend, client, app, session):
    username = username_of(session, "hac-thanh", "staff")
    _fail(client, username, 2)
    assert _try(Client(app.test_client()), username, RIGHT, address="10.0.0.3").status_code == 303
    _fail(client, username, 2, address="10.0.0.4")
    assert _try(Client(app.test_client()), username, RIGHT, address="10.0.0.5").status_code == 303


def test_failed_logins_are_audited_with_username_and_address_never_the_password(backend, client, session):
    username = username_of(session, "hac-thanh", "staff")
    _fail(client, username, 3, address="10.0.0.7")
    _try(client, username, RIGHT, address="10.0.0.7")
    logs = session.exec(select(AuditLog).where(AuditLog.action == "login_failed")).all()
    assert [log.after["throttled"] for log in logs] == [False, False, False, True]
    assert {(log.after["username"], log.after["address"]) for log in logs} == {(username, "10.0.0.7")}
    assert all(log.entity_id is not None for log in logs)
    text = json.dumps([log.after for log in logs])
    assert "sai-mat-khau" not in text and RIGHT not in text


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_configured(backend, client, session):
    for n in range(5):
        _try(client, f"khong-co-{n}", "sai", **{"X-Forwarded-For": f"192.0.2.{n}"})
    username = username_of(session, "hac-thanh", "staff")
    assert _try(client, username, RIGHT, **{"X-Forwarded-For": "192.0.2.99"}).status_code == 429


def test_behind_a_configured_proxy_the_forwarded_address_is_the_one_counted(connection, database_url, tmp_path, session):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url, "TEST_DB_BIND": connection,
                      "STORAGE_DIR": str(tmp_path), "REDIS_URL": None, "TRUSTED_PROXIES": 1,
                      "LOGIN_FAILURES_PER_ADDRESS": 2})
    with app.app_context():
        client = Client(app.test_client())
        for n in range(2):
            _try(client, f"khong-co-{n}", "sai", **{"X-Forwarded-For": "192.0.2.1"})
        username = username_of(session, "hac-thanh", "staff")
        assert _try(client, username, RIGHT, **{"X-Forwarded-For": "192.0.2.1"}).status_code == 429
        assert _try(client, username, RIGHT, **{"X-Forwarded-For": "192.0.2.2"}).status_code == 303


def test_redis_counters_start_their_window_on_the_first_failure(app):
    redis = _redis()
    app.config["REDIS_URL"] = "redis://fakeredis"
    app.extensions["throttle_redis"] = redis
    limits = throttle.limits_for("ai-do-lan-dau", "10.1.1.1")
    try:
        throttle.reserve(None, limits)
        throttle.reserve(None, limits)
        assert int(redis.get(limits[0].key)) == 2
        assert 0 < redis.ttl(limits[0].key) <= 15 * 60
    finally:
        redis.delete(*(limit.key for limit in limits))


def test_expired_database_counters_are_pruned(app, session, monkeypatch):
    limits = throttle.limits_for("ai-do-cu", "10.2.2.2")
    throttle.reserve(session, limits)
    later = int(time.time()) + 2 * 15 * 60 + 1
    monkeypatch.setattr(throttle, "_now", lambda: later)
    throttle.reserve(session, throttle.limits_for("ai-do-moi", "10.3.3.3"))
    keys = set(session.exec(select(LoginThrottle.key)).all())
    assert not keys & {limit.key for limit in limits}
    assert "login:account:ai-do-moi" in keys
