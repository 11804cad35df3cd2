"""PostgreSQL connections dying under the app (a restart, simulated with pg_terminate_backend on this test's own
backends): the error page is safe on the failed session, and the next request works."""
import os

import pytest
from sqlalchemy import event, text

from webapp import create_app

from ..conftest import Client

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="terminating backends is PostgreSQL's")


@pytest.fixture
def live_app(database_url, tmp_path):
    """An app on its own engine (no test transaction), without pre-ping, recording its backends' pids."""
    app = create_app({"SECRET_KEY": "test", "DATABASE_URL": database_url, "STORAGE_DIR": str(tmp_path),
                      "REDIS_URL": None, "DATABASE_PRE_PING": False})
    pids = []
    event.listen(app.extensions["db_bind"], "connect", lambda conn, _record: pids.append(conn.info.backend_pid))
    yield app, pids
    app.extensions["db_bind"].dispose()


def terminate(engine, pids) -> None:
    """Kill the given backends of this database, as a restart would."""
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY(:pids)"),
                     {"pids": list(pids)})
        conn.commit()


def test_a_request_on_a_dead_connection_gets_the_vietnamese_error_page_and_the_next_one_works(live_app, engine):
    app, pids = live_app
    user = Client(app.test_client()).login("ht.trinhquangkhai")
    assert user.get("/").status_code == 200 and pids
    terminate(engine, pids)
    failed = user.get("/")
    assert failed.status_code == 500
    body = failed.get_data(as_text=True)
    assert "Hệ thống gặp lỗi" in body and "Internal Server Error" not in body
    assert user.get("/").status_code == 200


def test_the_error_page_goes_without_the_user_when_the_database_stays_down(live_app, engine, monkeypatch):
    app, pids = live_app
    user = Client(app.test_client()).login("ht.trinhquangkhai")
    terminate(engine, pids)
    from webapp.auth import service as auth_service

    def down(*_args, **_kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(auth_service, "load_actor", down)
    monkeypatch.setattr("webapp.auth.load_actor", down)
    failed = user.get("/")
    assert failed.status_code == 500 and "Hệ thống gặp lỗi" in failed.get_data(as_text=True)
