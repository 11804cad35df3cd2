"""Excel imports at scale: 20,000 staff and 10,000 catalogue items, each checked and applied as a job, against a
floor measured in the same run (bare openpyxl read-only iteration of the same file; a bare executemany INSERT
of as many rows).

    .venv/bin/python -m bench.imports --database-url postgresql+psycopg://postgres@127.0.0.1/okr_h_xl_bench

Each job runs in its own subprocess (as an RQ work-horse would), whose peak RSS (ru_maxrss) is reported.
Targets (issue 10): ≤ 60 s each, ≤ 250 MB peak.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = "bench-xl"


def _app(url: str, storage: str):
    """An app on the bench database, jobs in-process (no Redis)."""
    from webapp import create_app
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "REDIS_URL": None, "STORAGE_DIR": storage})


def prepare(url: str, folder: Path, staff: int, items: int) -> None:
    """Migrate, seed, add the bench unit (divisions, positions, an officer) and write both files."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    admin = make_url(url).set(database="postgres")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        name = make_url(url).database
        assert "bench" in name
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"))
    engine.dispose()
    from sqlmodel import select
    from webapp.db import new_session, upgrade_database
    from webapp.lists import columns
    from webapp.lists.workbook import write_list
    from webapp.models import Bloc, Division, JobPosition, Level, Unit, UserAccount
    from webapp.seeding import load_all
    upgrade_database(url)
    app = _app(url, str(folder))
    with app.app_context(), new_session(app) as session:
        load_all(session, ROOT / "seeds")
        unit = Unit(code=UNIT, name="Đơn vị thử tải nhập Excel", short_name="Thử tải", username_prefix="bx",
                    bloc_id=session.exec(select(Bloc)).first().id, level_id=session.exec(select(Level)).first().id)
        session.add(unit)
        session.flush()
        for n in range(8):
            session.add(Division(unit_id=unit.id, code=f"p{n}", name=f"Phòng {n}", sort_order=n))
            session.add(JobPosition(unit_id=unit.id, code=f"VT-{n}", name=f"Vị trí {n}", position_group="professional"))
        session.add(UserAccount(username="bx.officer", password_hash="!", role="personnel", unit_id=unit.id))
        session.add(UserAccount(username="bx.head", password_hash="!", role="head", unit_id=unit.id))
        session.commit()
    from bench.generate import FAMILY, GIVEN_F, MIDDLE_F
    people = [[f"09{n:08d}", f"{FAMILY[n % len(FAMILY)]} {MIDDLE_F[n % len(MIDDLE_F)]} {GIVEN_F[n % len(GIVEN_F)]}",
               "Nữ", "Công chức", "Chuyên viên", f"VT-{n % 8}", f"p{n % 8}", "Không", "01/02/2026", None]
              for n in range(staff)]
    (folder / "staff.xlsx").write_bytes(write_list(columns.STAFF, people, {}))
    rows = [[f"BX-{n:05d}", f"Sản phẩm thử {n}", "văn bản", "ABCD"[n % 4], "1,25", "4", f"VT-{n % 8}; VT-{(n + 1) % 8}"]
            for n in range(items)]
    (folder / "catalogue.xlsx").write_bytes(write_list(columns.CATALOGUE, rows, {}))


def child_job(url: str, folder: str, kind: str) -> dict:
    """Upload, check and apply one file as jobs (in this process); seconds of each step and peak RSS."""
    from sqlmodel import select
    from webapp.auth.actor import Actor
    from webapp.db import new_session
    from webapp.lists import service
    from webapp.models import ImportJob, Unit, UserAccount
    app = _app(url, folder)
    with app.app_context(), new_session(app) as session:
        actor = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.username == "bx.officer")).one())
        unit = session.exec(select(Unit).where(Unit.code == UNIT)).one()
        started = time.perf_counter()
        content = (Path(folder) / f"{kind}.xlsx").read_bytes()
        job = service.request_import(session, actor, unit, kind, f"{kind}.xlsx", content)
        checked = time.perf_counter()
        session.expire_all()
        assert session.get(ImportJob, job.id).status == "ready", session.get(ImportJob, job.id).problems[:3]
        service.confirm(session, actor, job.id)
        done = time.perf_counter()
        session.expire_all()
        job = session.get(ImportJob, job.id)
        assert job.status == "done", job.error
        approved = done
        if kind == "catalogue":  # the import proposes; the head's approval makes the items (one request)
            from webapp.catalog import decisions
            head = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.username == "bx.head")).one())
            decisions.approve(session, head, job.result["batch_id"])
            approved = time.perf_counter()
    return {"check_s": round(checked - started, 2), "apply_s": round(done - checked, 2),
            "total_s": round(done - started, 2), "approve_s": round(approved - done, 2), "added": job.result["added"],
            "rss_mb": _rss()}


def child_floor(url: str, folder: str, kind: str) -> dict:
    """Bare openpyxl read-only iteration of the file, and a bare executemany INSERT of as many rows."""
    from openpyxl import load_workbook
    from sqlalchemy import create_engine, text
    started = time.perf_counter()
    wb = load_workbook(Path(folder) / f"{kind}.xlsx", read_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
    wb.close()
    read = time.perf_counter()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE floor (id serial, code varchar(32), name varchar(500), k numeric(4,2))"))
        conn.execute(text("INSERT INTO floor (code, name, k) VALUES (:c, :n, :k)"),
                     [{"c": f"F{n}", "n": f"Dòng {n}", "k": 1.25} for n in range(count)])
    inserted = time.perf_counter()
    return {"read_s": round(read - started, 2), "insert_s": round(inserted - read, 2), "rows": count, "rss_mb": _rss()}


def _rss() -> float:
    """Peak resident memory of this process, MB: VmHWM (ru_maxrss keeps the parent's peak across fork + exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _run(*args: str) -> dict:
    """Run this module as a child; its JSON line."""
    out = subprocess.run([sys.executable, "-m", "bench.imports", *args], cwd=ROOT, check=True, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Prepare, then the floor and the job for each list."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "FOLDER", "KIND"))
    args = parser.parse_args()
    if args.child:
        what, folder, kind = args.child
        print(json.dumps((child_job if what == "job" else child_floor)(args.database_url, folder, kind)))
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    prepare(args.database_url, folder, args.staff, args.items)
    for kind, rows in (("staff", args.staff), ("catalogue", args.items)):
        floor = _run("--database-url", args.database_url, "--child", "floor", str(folder), kind)
        job = _run("--database-url", args.database_url, "--child", "job", str(folder), kind)
        approval = f" · the head's approval of the drafts {job['approve_s']} s" if kind == "catalogue" else ""
        print(f"{kind}: {rows} rows · job {job['total_s']} s (check {job['check_s']}, apply {job['apply_s']}), "
              f"peak {job['rss_mb']} MB{approval} · floor: read {floor['read_s']} s + insert {floor['insert_s']} s, "
              f"peak {floor['rss_mb']} MB · targets ≤ 60 s, ≤ 250 MB")


if __name__ == "__main__":
    main()
