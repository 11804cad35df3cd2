"""End to end through gunicorn: the reference e-office sender (a real HTTP client, its own process) posts a day
of document events of Sở Nội vụ; each becomes one pending suggestion, and sending the day again adds none."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlmodel import func, select

from bench import servers
from webapp.db import new_session
from webapp.models import ApiClientUnit, UserAccount, WorkSuggestion

from .api_data import client_for
from .worklog_data import team, working_day

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("TEST_GUNICORN_PORT", "5181"))

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="gunicorn's workers commit on their own connections: PostgreSQL")


@pytest.fixture
def gunicorn(kept, database_url):
    """gunicorn -w 2 on the test database (no Redis), stopped afterwards."""
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "gunicorn-e2e", "REDIS_URL": "", "OKR_DEMO": "",
           "FLASK_DEBUG": "", "PYTHONPATH": str(ROOT)}
    server = servers.start(["-w", "2", "webapp:create_app()"], PORT, ROOT, env)
    yield f"http://127.0.0.1:{PORT}"
    servers.stop(server)


def _send(base: str, token: str, people: list[str], day) -> subprocess.CompletedProcess:
    """python -m bench.eoffice_sender, as an e-office operator would run it."""
    return subprocess.run(
        [sys.executable, "-m", "bench.eoffice_sender", "--base-url", base, "--unit", "so-noi-vu",
         "--people", ",".join(people), "--item-code", "SNV-001", "--date", day.isoformat(), "--per-person", "3",
         "--connections", "4", "--prefix", "E2E"],
        cwd=ROOT, env={**os.environ, "OKR_API_TOKEN": token, "PYTHONPATH": str(ROOT)}, capture_output=True,
        text=True, timeout=120)


def test_a_day_of_documents_sent_through_gunicorn_becomes_pending_suggestions_once(kept, gunicorn):
    with kept.app_context(), new_session(kept) as session:
        t = team(session)
        client, token = client_for(session, name="QLVB điện tử (e2e)")
        session.commit()
        people = [t.staff.username, t.colleague.username]
        person_ids = [session.exec(select(UserAccount.person_id).where(UserAccount.username == u)).one()
                      for u in people]
        day = working_day(session)
    try:
        first = _send(gunicorn, token, people, day)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "{201: 6}" in first.stdout
        again = _send(gunicorn, token, people, day)
        assert again.returncode == 0 and "{200: 6}" in again.stdout, again.stdout + again.stderr
        with kept.app_context(), new_session(kept) as session:
            rows = session.exec(select(WorkSuggestion).where(WorkSuggestion.client_id == client.id)).all()
            assert len(rows) == 6 and {r.status for r in rows} == {"pending"}
            assert {r.person_id for r in rows} == set(person_ids) and {r.work_date for r in rows} == {day}
            assert all(r.evidence_doc_number and r.evidence_link.startswith("https://") for r in rows)
            assert session.exec(select(func.count(WorkSuggestion.id)).where(
                WorkSuggestion.external_id.like("E2E-so-noi-vu-%"))).one() == 6
    finally:
        with kept.app_context(), new_session(kept) as session:
            session.execute(delete(ApiClientUnit).where(ApiClientUnit.client_id == client.id))
            session.commit()
