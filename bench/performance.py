"""The performance index at province scale: the month's refresh, then the pages' server time.

    .venv/bin/python -m bench.generate --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench
    .venv/bin/python -m bench.performance --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench

Setup (not timed, once): the month's sheets are created and scored by the month close's own compute_month, then
spread over the stages deterministically (by sheet id: 60 % approved or beyond with points and bands, the rest at
the earlier stages) so every figure has something to count.
(a) refresh_month for every unit (one transaction, the way the job runs it): best and each of --runs.
(b) the pages through the app in-process (Flask test client, signed in): the province table (admin), the bloc table
    (the government bloc's organiser), a unit's page and its 12-month trend; --requests each, p50/p95/max of the
    server time (the WSGI call, rendering included; no network), and the process's CPU time per request (what the
    application itself costs when the shared machine is busy; the database's time is not in it).
Targets (issue 12): refresh ≤ 30 s; pages p95 ≤ 50 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-performance-not-secret"
TARGET_REFRESH, TARGET_P95 = 30.0, 0.050
SPREAD = text("""
UPDATE evaluationsheet s SET
  state = (ARRAY['draft','self_assessed','reviewed','approved','approved','published','published','locked',
                 'approved','published'])[s.id % 10 + 1],
  general_points = CASE WHEN s.id % 10 >= 3 THEN 20 + (s.id % 41) * 0.25 END,
  total_points = CASE WHEN s.id % 10 >= 3 THEN LEAST(100, coalesce(s.task_points, 0) + 20 + (s.id % 41) * 0.25) END
WHERE s.period_id IN (SELECT id FROM period WHERE key = :month AND kind = 'month')
""")
BANDS = text("""
UPDATE evaluationsheet s SET band = CASE WHEN total_points >= 90 THEN 'xuat_sac' WHEN total_points >= 70 THEN 'tot'
  WHEN total_points >= 50 THEN 'hoan_thanh' ELSE 'khong_hoan_thanh' END
WHERE total_points IS NOT NULL AND s.period_id IN (SELECT id FROM period WHERE key = :month AND kind = 'month')
""")


def prepare_sheets(session, first: date) -> int:
    """Create and score the month's sheets once (the month close's compute_month), then spread their stages."""
    from webapp.evaluations import service
    from webapp.models import EvaluationSheet, Period, Unit

    month = f"{first:%Y-%m}"
    existing = session.execute(select(func.count()).select_from(EvaluationSheet).join(
        Period, Period.id == EvaluationSheet.period_id).where(Period.key == month)).scalar()
    if existing:
        return existing
    units = list(session.execute(select(Unit).where(Unit.active)).scalars())
    periods = service.month_periods(session, first, units)
    started = time.perf_counter()
    created = service.compute_month(session, periods)
    session.execute(SPREAD, {"month": month})
    session.execute(BANDS, {"month": month})
    session.commit()
    print(f"setup: {created:,} sheets created and scored, stages spread ({time.perf_counter() - started:.1f} s)")
    return created


def time_refresh(session, first: date, runs: int) -> list[float]:
    """Each run of the province-wide refresh, in seconds."""
    from webapp.performance.refresh import refresh_month

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = refresh_month(session, first, None, today=date(first.year + (first.month == 12), first.month % 12 + 1, 15))
        times.append(time.perf_counter() - started)
    print(f"(a) refresh_month, every unit: {rows:,} rows; runs {', '.join(f'{t:.2f}' for t in times)} s")
    return times


def time_pages(app, paths: dict[str, tuple[str, str]], requests: int) -> dict[str, tuple[list[float], list[float]]]:
    """Server time of each page over `requests` GETs (two warm-up requests first): wall time, and this process's
    CPU time (the application's own work, without the database's and without waiting for a busy machine)."""
    from tests.conftest import Client

    results = {}
    for name, (username, path) in paths.items():
        client = Client(app.test_client()).login(username)
        for _ in range(2):
            assert client.get(path).status_code == 200, path
        wall, cpu = [], []
        for _ in range(requests):
            started, used = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
            assert response.status_code == 200
        results[name] = (wall, cpu)
    return results


def p95(times: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(times)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from webapp import create_app
    from webapp.db import new_session
    from webapp.models import Unit

    year, month = (int(x) for x in args.month.split("-"))
    first = date(year, month, 1)
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": args.database_url, "REDIS_URL": None})
    with app.app_context(), new_session(app) as session:
        people = session.execute(text("SELECT count(*) FROM person")).scalar()
        entries = session.execute(text("SELECT count(*) FROM diaryentry WHERE work_date BETWEEN :a AND :b"),
                                  {"a": first, "b": date(year, month, 28)}).scalar()
        print(f"database: {people:,} people, {entries:,} diary entries in {args.month} (1st–28th)")
        prepare_sheets(session, first)
        refresh = time_refresh(session, first, args.runs)
        unit = session.execute(select(Unit).where(Unit.code.like("tn-%")).order_by(Unit.id)).scalars().first()
    paths = {
        "province (admin)": ("admin", f"/performance?month={args.month}&sort=coverage&dir=desc"),
        "bloc (organiser)": ("tochuc.chinhquyen", f"/performance?month={args.month}&sort=average_points&dir=desc"),
        "unit (admin)": ("admin", f"/performance/units/{unit.code}?month={args.month}"),
        "trend (admin)": ("admin", f"/performance/units/{unit.code}/trend?month={args.month}"),
    }
    from webapp.runtime import freeze_startup_objects
    freeze_startup_objects()  # as each gunicorn worker does once the app is loaded (deploy/gunicorn.conf.py)
    with app.app_context():
        pages = time_pages(app, paths, args.requests)
    app.extensions["db_bind"].dispose()
    best = min(refresh)
    print(f"\n{'page':<20}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'CPU p50':>9}{'CPU p95':>9}")
    worst = 0.0
    for name, (times, cpu) in pages.items():
        worst = max(worst, p95(times))
        print(f"{name:<20}{statistics.median(times) * 1000:>9.1f}{p95(times) * 1000:>9.1f}{max(times) * 1000:>9.1f}"
              f"{statistics.median(cpu) * 1000:>9.1f}{p95(cpu) * 1000:>9.1f}")
    print(f"load average during the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    ok_refresh, ok_pages = best <= TARGET_REFRESH, worst <= TARGET_P95
    print(f"\nsummary\n  refresh (best of {len(refresh)})   {best:>8.2f} s   target ≤ {TARGET_REFRESH:g} s: "
          f"{'met' if ok_refresh else 'MISSED'}")
    print(f"  pages, worst p95        {worst * 1000:>8.1f} ms  target ≤ {TARGET_P95 * 1000:g} ms: "
          f"{'met' if ok_pages else 'MISSED'}")
    sys.exit(0 if ok_refresh and ok_pages else 1)


if __name__ == "__main__":
    main()
