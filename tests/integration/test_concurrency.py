"""Rules over several rows hold under requests at once (PostgreSQL, real connections released together by a
barrier): the 24-hour day, and one winner for every state transition, the losers told in Vietnamese."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, delete, func
from sqlmodel import select

from webapp import create_app
from webapp.db import new_session
from webapp.errors import DomainError
from webapp.models import AuditLog, DiaryEntry, Period
from webapp.worklog import service

from .worklog_data import actor, common_item, entry_input, team, working_day

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="transactions at once: PostgreSQL (CI); SQLite lets one writer at a time")


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


def at_once(app, count: int, action) -> list[str]:
    """Run the action in `count` threads, each on its own session, released together; what each got."""
    barrier = threading.Barrier(count)

    def one(index):
        with app.app_context(), new_session(app) as session:
            barrier.wait()
            try:
                action(session, index)
                return "done"
            except DomainError as refusal:
                return refusal.message

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def test_twenty_simultaneous_twelve_hour_entries_of_one_day_store_at_most_twenty_four_hours(live):
    with live.app_context(), new_session(live) as session:
        t = team(session)
        author, item = actor(t.colleague), common_item(session, t.unit)
        day = next(d for d in (working_day(session, back) for back in range(5)) if not session.exec(
            select(DiaryEntry.id).where(DiaryEntry.person_id == t.colleague.person_id, DiaryEntry.work_date == d)
        ).first())
    data = entry_input(item, day, quantity="1", hours="12")
    try:
        outcomes = at_once(live, 20, lambda session, _: service.add(session, author, data))
        assert outcomes.count("done") == 2
        assert all("vượt quá 24 giờ" in outcome for outcome in outcomes if outcome != "done")
        with live.app_context(), new_session(live) as session:
            total = session.exec(select(func.sum(DiaryEntry.hours)).where(
                DiaryEntry.person_id == author.person_id, DiaryEntry.work_date == day)).one()
            assert total == Decimal("24")
    finally:
        with live.app_context(), new_session(live) as session:
            ids = session.exec(select(DiaryEntry.id).where(DiaryEntry.person_id == author.person_id,
                                                           DiaryEntry.work_date == day)).all()
            session.execute(delete(AuditLog).where(AuditLog.entity == "diaryentry", AuditLog.entity_id.in_(ids)))
            session.execute(delete(DiaryEntry).where(DiaryEntry.id.in_(ids)))
            session.commit()
