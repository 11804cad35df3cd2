"""The same work event sent several times at once is one suggestion (PostgreSQL, real transactions)."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import delete
from sqlmodel import func, select

from webapp.db import new_session
from webapp.models import ApiClientUnit, AuditLog, WorkSuggestion

from .api_data import client_for, event, post_json
from .worklog_data import team, working_day

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                                reason="transactions at once: PostgreSQL (CI)")
SENDERS = 8


def _send_at_once(app, token: str, bodies: list[dict]) -> list[int]:
    """POST each body from its own thread and connection, all released together; the statuses."""
    barrier = threading.Barrier(len(bodies))

    def send(body):
        flask_client = app.test_client()
        barrier.wait()
        return post_json(flask_client, "/api/v1/work-events", token, body).status_code

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(send, bodies))


@pytest.fixture
def registered(kept):
    """A committed client of Sở Nội vụ, its token and the staff member's event; its unit links go afterwards."""
    with kept.app_context(), new_session(kept) as session:
        api_client, token = client_for(session, rate=10_000)
        body = event({"username": team(session).staff.username}, working_day(session), external_id="VB-dong-thoi")
    yield kept, api_client.id, token, body
    with kept.app_context(), new_session(kept) as session:
        session.execute(delete(ApiClientUnit).where(ApiClientUnit.client_id == api_client.id))
        session.commit()


def test_the_same_event_sent_eight_times_at_once_is_one_suggestion_with_one_audit_record(registered):
    app, client_id, token, body = registered
    statuses = _send_at_once(app, token, [body] * SENDERS)
    assert sorted(statuses) == [200] * (SENDERS - 1) + [201]
    with app.app_context(), new_session(app) as session:
        rows = session.exec(select(WorkSuggestion.id).where(WorkSuggestion.client_id == client_id)).all()
        assert len(rows) == 1
        logs = session.exec(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "worksuggestion", AuditLog.entity_id == rows[0])).one()
        assert logs == 1


def test_different_events_sent_at_once_are_each_kept(registered):
    app, client_id, token, body = registered
    statuses = _send_at_once(app, token, [{**body, "external_id": f"VB-{n}"} for n in range(SENDERS)])
    assert statuses == [201] * SENDERS
    with app.app_context(), new_session(app) as session:
        assert session.exec(select(func.count()).select_from(WorkSuggestion)
                            .where(WorkSuggestion.client_id == client_id)).one() == SENDERS
