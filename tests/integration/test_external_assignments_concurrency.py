"""The same external id sent by several calls at once is one assignment (PostgreSQL, real connections)."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import delete, func
from sqlmodel import select

from webapp.assignments.external import upsert
from webapp.db import new_session
from webapp.models import ApiClientUnit, ExternalAssignment

from .test_external_assignments import _client, _sent
from .worklog_data import team

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="transactions at once: PostgreSQL (CI); SQLite lets one writer at a time")


def test_eight_calls_at_once_with_one_external_id_create_one_assignment(kept):
    barrier = threading.Barrier(8)
    with kept.app_context(), new_session(kept) as session:
        client = _client(session)
        session.commit()

    def one(_):
        with kept.app_context(), new_session(kept) as session:
            t = team(session)
            data = _sent(t, external_id="GV-AT-ONCE")
            session.rollback()
            barrier.wait()
            row, outcome = upsert(session, client, data)
            return row.id, outcome

    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(one, range(8)))
    finally:
        with kept.app_context(), new_session(kept) as session:
            session.execute(delete(ApiClientUnit).where(ApiClientUnit.client_id == client.id))
            session.commit()
    assert sorted(outcome for _, outcome in results) == ["created"] + ["unchanged"] * 7
    assert len({row_id for row_id, _ in results}) == 1
    with kept.app_context(), new_session(kept) as session:
        assert session.exec(select(func.count(ExternalAssignment.id)).where(
            ExternalAssignment.client_id == client.id, ExternalAssignment.external_id == "GV-AT-ONCE")).one() == 1
