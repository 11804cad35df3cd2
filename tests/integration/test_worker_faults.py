"""The real worker (workers/run.py, forking a work-horse per job) against faults of the real services: big jobs in
a row on one worker, a PostgreSQL connection killed between jobs, and a Redis restart (a private Redis on this
suite's own port, never the shared one)."""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from webapp.models import ReportJob, Unit
from webapp.reports import service

from .test_concurrency import MONTH, officers

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("TEST_PRIVATE_REDIS_PORT", "8612"))
APP_NAME = "okr-test-worker"  # the worker's connections, so that only they are terminated

pytestmark = [
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="the worker's faults are PostgreSQL's (prepared statements, terminated backends)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server for a private Redis"),
]


def _redis_up() -> None:
    subprocess.run(["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--daemonize", "yes"], check=True)
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(PORT), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise RuntimeError("the private Redis did not start")


def _redis_down() -> None:
    subprocess.run(["redis-cli", "-p", str(PORT), "shutdown", "nosave"], capture_output=True)


@pytest.fixture
def private_redis():
    """A Redis of our own, started and stopped here."""
    _redis_up()
    yield f"redis://127.0.0.1:{PORT}/0"
    _redis_down()


@pytest.fixture
def worker(kept, private_redis, database_url, tmp_path):
    """workers/run.py as the Procfile runs it; the app asks for reports on the same Redis and storage."""
    url = database_url + ("&" if "?" in database_url else "?") + f"application_name={APP_NAME}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": private_redis, "SECRET_KEY": "t",
           "STORAGE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT),
           # Only report jobs are timed here: the index's keep-fresh pass would queue a province refresh ahead of
           # them at the worker's start and commit its rows into the shared test database.
           "PERFORMANCE_FRESH_MINUTES": "0"}
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "workers.run"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    kept.config.update(REDIS_URL=private_redis, STORAGE_DIR=str(tmp_path))
    kept.extensions.pop("rq_queue", None)
    yield kept, process, tmp_path / "worker.log"
    process.terminate()
    try:
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
    kept.extensions.pop("rq_queue", None)


def _ask(app, kind: str = "form01") -> int:
    """The head asks for the unit's July report; the job row's id."""
    from webapp.db import new_session
    with app.app_context(), new_session(app) as session:
        t, head, _ = officers(session)
        unit = session.get(Unit, t.unit.id)
        return service.request_report(session, head, unit, service.ReportRequest(kind, "pdf", "2026-07")).id


def _wait(app, job_ids, log: Path, seconds: float = 240) -> list[ReportJob]:
    """Poll the rows until none is queued or running."""
    from webapp.db import new_session
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context(), new_session(app) as session:
            jobs = list(session.exec(select(ReportJob).where(ReportJob.id.in_(job_ids)).order_by(ReportJob.id)))
        if all(job.status in ("done", "failed") for job in jobs):
            return jobs
        time.sleep(0.5)
    raise AssertionError(f"jobs still pending; worker log:\n{log.read_text()[-3000:]}")


def _closed_july(app, newcomers: int = 0) -> None:
    """July closed for Sở Nội vụ, with newcomers in the staff member's division (a bigger unit: more chunks)."""
    from webapp.db import new_session
    from webapp.evaluations import service as evaluations
    from webapp.models import Person
    with app.app_context(), new_session(app) as session:
        t, head, _ = officers(session)
        session.add_all([Person(unit_id=t.unit.id, division_id=t.person.division_id, position_id=t.person.position_id,
                                full_name=f"Nguyễn Văn Thử {n:02d}") for n in range(newcomers)])
        session.commit()
        evaluations.close_month(session, head, MONTH, session.get(Unit, t.unit.id))


def test_three_big_form_01_batches_in_a_row_on_one_worker_all_finish(worker):
    app, _, log = worker
    _closed_july(app, newcomers=40)  # past 5 chunks: psycopg prepares the heartbeat's statement
    jobs = _wait(app, [_ask(app) for _ in range(3)], log)
    assert [job.status for job in jobs] == ["done"] * 3, [job.error for job in jobs]
    assert all(job.total >= 60 and job.progress == job.total and job.attempts == 1 for job in jobs)
    assert "DuplicatePreparedStatement" not in log.read_text()


def test_the_worker_recovers_when_its_database_connections_are_killed_between_jobs(worker, engine):
    app, _, log = worker
    _closed_july(app)
    assert _wait(app, [_ask(app, "summary")], log)[0].status == "done"
    with engine.connect() as conn:
        killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE application_name = :name"), {"name": APP_NAME}).scalar()
    assert killed >= 1  # the worker's own connection, kept in its pool
    job = _wait(app, [_ask(app, "summary")], log, seconds=30)[0]  # at once: not after a sweep two minutes later
    assert job.status == "done" and job.attempts == 1, job.error


def test_the_worker_survives_a_redis_restart_and_takes_the_next_job(worker):
    app, process, log = worker
    _closed_july(app)
    assert _wait(app, [_ask(app, "summary")], log)[0].status == "done"
    _redis_down()
    time.sleep(3)
    assert process.poll() is None  # still running while Redis is gone
    _redis_up()
    job = _wait(app, [_ask(app, "summary")], log, seconds=120)[0]
    assert job.status == "done", job.error
    assert process.poll() is None
