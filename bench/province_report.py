"""Báo cáo tháng for the whole province as one PDF job, against raw xhtml2pdf on the same HTML, in one run.

    .venv/bin/python -m bench.province_report --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench

The report reads only the unit performance index's summary rows (one per unit and month), so its cost is set
by the number of units, not of people or diary entries. On a database made by bench/generate.py whose index
was refreshed (`flask performance-refresh --month 2026-10`, and the month before), the real rows are used.
Otherwise (once, idempotently) the generator's scale is laid down directly as summary rows: 166 units besides the
seeded ones ("Xã Thử nghiệm 001", …) holding 20,000 people, for the month and the month before, deterministic.
Then:
(a) the real job (webapp.reports.run.run_report) in a fresh child process, like a worker (xhtml2pdf preloaded);
(b) raw pisa.CreatePDF on the very HTML the job rendered, in another child: the floor.
Target (issue 12): ≤ 20 s for the province's monthly report.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

MONTH, BEFORE = date(2026, 10, 1), date(2026, 9, 1)
UNITS, PEOPLE = 166, 20_000
CODE_PREFIX = "bench-prov-"
HTML = Path("/tmp/okr-bench-province.html")


def _app(url: str):
    """The app on the bench database."""
    from webapp import create_app
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "REDIS_URL": None,
                       "STORAGE_DIR": "/tmp/okr-bench-storage"})


def _summary(unit, month: date, people: int, rnd: random.Random):
    """A plausible unit-month of the index (counts first; ratios as the index derives them)."""
    from webapp.models import PerformanceSummary
    from webapp.performance.indicators import ratio
    evaluated = people - rnd.choice((0, 0, 0, 1, 3))
    top = rnd.randint(0, max(evaluated // 8, 0))
    good = rnd.randint(evaluated // 2, max(evaluated - top, evaluated // 2))
    fair = max(evaluated - top - good, 0)
    bands = {"xuat_sac": top, "tot": good, "hoan_thanh": fair - fair // 10, "khong_hoan_thanh": fair // 10}
    points = Decimal(evaluated) * Decimal(rnd.randint(7500, 9000)) / 100
    assigned, completed = Decimal(people * 40), Decimal(people * rnd.randint(30, 42))
    entries, working = people * 30, people * 22
    on_time, diary = entries - rnd.randint(0, entries // 5), working - rnd.randint(0, working // 4)
    allowed = good // 5
    return PerformanceSummary(
        month=f"{month:%Y-%m}", unit_id=unit.id, bloc_id=unit.bloc_id, division_key=0, headcount=people,
        reviewed=people - evaluated, approved=evaluated, evaluated=evaluated, points_sum=points, bands=bands,
        top_count=top, cap_base=good, cap_allowed=allowed, cap_over=max(top - allowed, 0), assigned=assigned,
        completed=completed, entries=entries, on_time=on_time, overdue=rnd.randint(0, 12), working_days=working,
        diary_days=diary, evaluated_share=ratio(evaluated, people), average_points=ratio(points, evaluated),
        top_share=ratio(top, evaluated), completion=ratio(completed, assigned), on_time_share=ratio(on_time, entries),
        coverage=ratio(diary, working), okr_progress=Decimal(rnd.randint(20, 95)) / 100)


def prepare(url: str) -> int:
    """Migrate and seed if needed, lay down the units and their summary rows unless present; a queued job id."""
    from sqlmodel import func, select

    from webapp.db import new_session, upgrade_database
    from webapp.models import Bloc, Level, PerformanceSummary, ReportJob, Unit, UserAccount
    from webapp.seeding import load_all

    upgrade_database(url)
    app = _app(url)
    with app.app_context(), new_session(app) as session:
        if session.exec(select(UserAccount).where(UserAccount.role == "admin")).first() is None:
            load_all(session, Path(__file__).resolve().parents[1] / "seeds")
        have = session.exec(select(func.count()).select_from(PerformanceSummary).where(
            PerformanceSummary.month == f"{MONTH:%Y-%m}", PerformanceSummary.division_key == 0)).one()
        if have < UNITS:
            _lay_down(session, Bloc, Level, Unit, PerformanceSummary)
        admin = session.exec(select(UserAccount).where(UserAccount.role == "admin")).first()
        job = ReportJob(kind="monthly", file_format="pdf", unit_id=None, requested_by_id=admin.id,
                        params={"period": f"{MONTH:%Y-%m}", "bloc_id": None, "pilot_only": False})
        session.add(job)
        session.commit()
        return job.id


def _lay_down(session, Bloc, Level, Unit, PerformanceSummary) -> None:
    """166 generated units on the seeded blocs (most communes, government bloc) and two months of rows."""
    from sqlmodel import delete, select
    rnd = random.Random(12)
    blocs = {b.code: b for b in session.exec(select(Bloc))}
    levels = {lv.code: lv for lv in session.exec(select(Level))}
    for n in range(1, UNITS + 1):
        code = f"{CODE_PREFIX}{n:03d}"
        if session.exec(select(Unit).where(Unit.code == code)).first() is None:
            bloc = blocs["chinhquyen" if n % 10 < 7 else "dang" if n % 10 < 9 else "mttq"]
            session.add(Unit(code=code, name=f"Ủy ban nhân dân xã Thử nghiệm {n:03d}",
                             short_name=f"Xã Thử nghiệm {n:03d}", bloc_id=bloc.id, level_id=levels["xa"].id,
                             place="Thanh Hóa", superior_name="TỈNH THANH HÓA"))
    session.flush()
    units = list(session.exec(select(Unit).where(Unit.active)))
    sizes = [rnd.randint(60, 180) for _ in units]
    scale = PEOPLE / sum(sizes)
    for month in (BEFORE, MONTH):
        session.exec(delete(PerformanceSummary).where(PerformanceSummary.month == f"{month:%Y-%m}"))
        session.add_all([_summary(unit, month, max(1, round(size * scale)), rnd) for unit, size in zip(units, sizes)])
    session.commit()


def run_job(url: str, job_id: int) -> dict:
    """Child process: preload like the worker, run the job, report its time and keep the HTML."""
    import xhtml2pdf.pisa  # noqa: F401  (the worker preloads the PDF stack)

    from webapp.db import new_session
    from webapp.models import ReportJob
    from webapp.reports import run as report_run

    app = _app(url)
    captured = {}
    original = report_run.render_pdf

    def keep_html(html: str, **kwargs) -> bytes:
        captured["html"] = html
        return original(html, **kwargs)

    report_run.render_pdf = keep_html
    with app.app_context(), new_session(app) as session:
        start, cpu = time.perf_counter(), time.process_time()
        report_run.run_report(session, job_id)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        job = session.get(ReportJob, job_id)
        status, units, error = job.status, job.total, job.error
    HTML.write_text(captured.get("html", ""), encoding="utf-8")
    return {"seconds": seconds, "cpu": cpu, "status": status, "units": units, "error": error}


def raw_render() -> tuple[float, float]:
    """Plain pisa.CreatePDF on the same HTML (same fonts and resource policy): wall and CPU seconds."""
    from xhtml2pdf import pisa

    from webapp.reports.pdf import _POLICY
    html = HTML.read_text(encoding="utf-8")
    start, cpu = time.perf_counter(), time.process_time()
    pisa.CreatePDF(html, dest=io.BytesIO(), encoding="utf-8", resource_policy=_POLICY)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    """Prepare, run the job in a child, run raw in another child, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--child", choices=("job", "raw"))
    parser.add_argument("--job-id", type=int)
    args = parser.parse_args()
    if args.child == "job":
        print(json.dumps(run_job(args.database_url, args.job_id)))
        return
    if args.child == "raw":
        import xhtml2pdf.pisa  # noqa: F401
        seconds, cpu = raw_render()
        print(json.dumps({"seconds": seconds, "cpu": cpu}))
        return
    job_id = prepare(args.database_url)
    child = [sys.executable, "-m", "bench.province_report", "--database-url", args.database_url]
    job = json.loads(subprocess.run(child + ["--child", "job", "--job-id", str(job_id)], check=True,
                                    capture_output=True, text=True).stdout.strip().splitlines()[-1])
    raw = json.loads(subprocess.run(child + ["--child", "raw"], check=True, capture_output=True,
                                    text=True).stdout.strip().splitlines()[-1])
    print(f"units: {job['units']} ({job['status']}{': ' + job['error'] if job['error'] else ''})")
    print(f"job (data + HTML + PDF): {job['seconds']:.2f} s wall, {job['cpu']:.2f} s CPU (target ≤ 20 s)")
    print(f"raw xhtml2pdf on the same HTML: {raw['seconds']:.2f} s wall, {raw['cpu']:.2f} s CPU")
    print(f"ratio job/raw: {job['seconds'] / raw['seconds']:.3f} wall, {job['cpu'] / raw['cpu']:.3f} CPU")


if __name__ == "__main__":
    main()
