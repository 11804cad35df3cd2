"""Backups restore: deploy/backup.sh dumps a database holding a month's evaluation sheets (pg_dump, custom format)
and STORAGE_DIR; deploy/restore.sh loads both into an empty database and directory; the app runs on the copy and
shows the same sheets, with the same evidence file."""
import os
import subprocess
from datetime import date

import pytest
from sqlmodel import select

from webapp import create_app
from webapp.db import new_session
from webapp.evaluations.service import compute_month, month_periods
from webapp.models import EvaluationSheet, Unit

from . import services

SOURCE, COPY = "okr_ops_backup_source", "okr_ops_backup_copy"


def _sheets(url: str) -> list[tuple]:
    """Every sheet as (id, person, period, state, total points), in id order."""
    app = create_app({"TESTING": True, "SECRET_KEY": "ops", "DATABASE_URL": url, "REDIS_URL": None})
    with app.app_context(), new_session(app) as session:
        rows = [(s.id, s.person_id, s.period_id, s.state, s.total_points) for s in
                session.exec(select(EvaluationSheet).order_by(EvaluationSheet.id))]
    app.extensions["db_bind"].dispose()
    return rows


def _with_sheets(url: str) -> None:
    """Score November 2026 for phường Hạc Thành (its sheets are created) and commit."""
    app = create_app({"TESTING": True, "SECRET_KEY": "ops", "DATABASE_URL": url, "REDIS_URL": None})
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == "hac-thanh")).one()
        compute_month(session, month_periods(session, date(2026, 11, 1), [unit]))
        session.commit()
    app.extensions["db_bind"].dispose()


def _run(script: str, *args: str, env: dict) -> str:
    """A deploy/ script with the environment; its output."""
    done = subprocess.run([str(services.ROOT / "deploy" / script), *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_backup_restores_into_an_empty_database_on_which_the_app_shows_the_same_sheets(tmp_path):
    server = services.require_services()
    source = services.fresh_database(server, SOURCE)
    copy = services.fresh_database(server, COPY, seeded=False)
    try:
        _with_sheets(source)
        storage = tmp_path / "storage"
        (storage / "evidence").mkdir(parents=True)
        (storage / "evidence" / "minh-chung.pdf").write_bytes(b"%PDF-1.4 minh chung\n%%EOF\n")
        dump, files = _run("backup.sh", env={"DATABASE_URL": source, "STORAGE_DIR": str(storage),
                                             "BACKUP_DIR": str(tmp_path / "backups")}).split()
        restored = tmp_path / "restored"
        _run("restore.sh", dump, files, env={"DATABASE_URL": copy, "STORAGE_DIR": str(restored),
                                             "FLASK": str(services.BIN / "flask"), "SECRET_KEY": "ops-" + "x" * 40})
        before, after = _sheets(source), _sheets(copy)
        assert before and after == before
        assert (restored / "evidence" / "minh-chung.pdf").read_bytes() == b"%PDF-1.4 minh chung\n%%EOF\n"
        _shown_on_the_copy(copy, before[0][0])
    finally:
        services.admin_sql(server, f"DROP DATABASE IF EXISTS {SOURCE} WITH (FORCE)",
                           f"DROP DATABASE IF EXISTS {COPY} WITH (FORCE)")


def _shown_on_the_copy(url: str, sheet_id: int) -> None:
    """The head of phường Hạc Thành opens a restored sheet through the app running on the copy."""
    app = create_app({"TESTING": True, "SECRET_KEY": "ops", "DATABASE_URL": url, "REDIS_URL": None,
                      "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert client.post("/login", data={"username": "ht.trinhquangkhai", "password": "Demo@2026",
                                       "csrf_token": token}).status_code == 303
    response = client.get(f"/sheets/{sheet_id}")
    assert response.status_code == 200 and "Phiếu" in response.get_data(as_text=True)
    app.extensions["db_bind"].dispose()


@pytest.fixture(autouse=True)
def _pg_tools():
    """pg_dump and pg_restore come with PostgreSQL's client package."""
    for tool in ("pg_dump", "pg_restore"):
        if subprocess.run(["which", tool], capture_output=True).returncode:
            pytest.skip(f"{tool} is not installed")
