"""Fixtures of the tests that need committed data on real connections (concurrency, faults of the services)."""
import pytest
from sqlalchemy import create_engine, delete, func
from sqlmodel import SQLModel, select

from webapp import create_app
from webapp.db import new_session
from webapp.models import Period


@pytest.fixture
def live(database_url, tmp_path):
    """An app on its own engine, with room for every thread's connection at once."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "REDIS_URL": None,
                      "STORAGE_DIR": str(tmp_path)})
    app.extensions["db_bind"].dispose()
    app.extensions["db_bind"] = create_engine(database_url, pool_size=25, max_overflow=0)
    with app.app_context(), new_session(app) as session:
        periods_before = set(session.exec(select(Period.id)).all())
    yield app
    app.extensions["db_bind"].dispose()
    cleanup = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "REDIS_URL": None})
    with cleanup.app_context(), new_session(cleanup) as session:
        session.execute(delete(Period).where(Period.id.not_in(periods_before)))
        session.commit()
    cleanup.extensions["db_bind"].dispose()


@pytest.fixture
def kept(live):
    """Whatever a test commits is removed afterwards: every row above each table's highest id before it."""
    tables = [t for t in SQLModel.metadata.sorted_tables if "id" in t.c]
    with live.app_context(), new_session(live) as session:
        highest = {t.name: session.execute(select(func.max(t.c.id))).scalar() or 0 for t in tables}
    yield live
    with live.app_context(), new_session(live) as session:
        for table in reversed(tables):
            session.execute(delete(table).where(table.c.id > highest[table.name]))
        session.commit()
