"""Fixtures: a migrated and seeded database, an app per test inside a rolled-back transaction,
clients that log in and speak htmx, and factories."""
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from webapp import create_app
from webapp.db import make_engine, new_session, upgrade_database
from webapp.seeding import load_all

from .factories import Factory

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _database_url(tmp_path_factory) -> str:
    """PostgreSQL when TEST_DATABASE_URL is set (always in CI), else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _reset(url: str) -> None:
    """Start from an empty schema so the migrations run from the beginning."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The test database, migrated to head and loaded with the pilot seeds once."""
    url = _database_url(tmp_path_factory)
    _reset(url)
    upgrade_database(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url})
    with app.app_context(), new_session(app) as session:
        load_all(session, SEEDS)
    app.extensions["db_bind"].dispose()
    return url


@pytest.fixture(scope="session")
def engine(database_url):
    """One engine for the whole run."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine):
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def app(connection, database_url, tmp_path):
    """The app bound to the test's connection."""
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url, "TEST_DB_BIND": connection,
        "STORAGE_DIR": str(tmp_path / "storage"), "REDIS_URL": None,
    })
    with app.app_context():
        yield app


@pytest.fixture
def session(app):
    """A session on the test's connection."""
    with new_session(app) as session:
        yield session


@pytest.fixture
def make(session):
    """Factories for units, people, accounts and catalogue items."""
    return Factory(session)


class Client:
    """A test client that logs in, carries the CSRF token, and can speak htmx."""

    def __init__(self, flask_client):
        self.raw = flask_client
        self.token = None

    def csrf(self, path: str = "/login") -> str:
        """Read a CSRF token from a page's form."""
        match = CSRF_RE.search(self.raw.get(path).get_data(as_text=True))
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, username: str, password: str = "Demo@2026"):
        """Sign in through the real form."""
        response = self.raw.post("/login", data={"username": username, "password": password,
                                                 "csrf_token": self.csrf()})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        self.token = self.csrf("/")
        return self

    def get(self, path: str, hx: bool = False, **kw):
        """GET, optionally as htmx."""
        return self.raw.get(path, headers=_hx_headers(hx, kw.pop("headers", {})), **kw)

    def post(self, path: str, data=None, hx: bool = False, csrf: bool = True, **kw):
        """POST with the session's CSRF token (unless told not to)."""
        headers = _hx_headers(hx, kw.pop("headers", {}))
        if csrf:
            headers["X-CSRFToken"] = self.token or self.csrf()
        return self.raw.post(path, data=data or {}, headers=headers, **kw)


def _hx_headers(hx: bool, headers: dict) -> dict:
    """Add HX-Request for htmx calls."""
    return {**headers, "HX-Request": "true"} if hx else dict(headers)


@pytest.fixture
def client(app) -> Client:
    """An anonymous client."""
    return Client(app.test_client())


@pytest.fixture
def login(app):
    """login("ht.xxx") → a signed-in client."""
    def _login(username: str, password: str = "Demo@2026") -> Client:
        return Client(app.test_client()).login(username, password)
    return _login
