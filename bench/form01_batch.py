"""Form 01 for a 250-person unit as one PDF job, against raw xhtml2pdf on the same HTML, in one run.

    .venv/bin/python -m bench.form01_batch --database-url postgresql+psycopg://postgres@127.0.0.1/okr_pdf

Builds (once, idempotently) a unit of 250 people with a scored month in the given database, then:
(a) the real job (webapp.reports.run.run_report) in a fresh child process, like a worker: wall time per
    sheet and the process's peak resident memory (ru_maxrss);
(b) raw pisa.CreatePDF on the very HTML the job rendered, in the same run: time per sheet.
Targets (issue 5): ≤ 120 ms per sheet, ≤ 1.15 × raw, peak memory ≤ 200 MB.
"""
from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal

PEOPLE = 250
MONTH = date(2026, 10, 1)
UNIT_CODE = "bench-pdf-unit"


def _app(url: str):
    """The app on the bench database."""
    from webapp import create_app
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "REDIS_URL": None,
                       "STORAGE_DIR": "/tmp/okr-bench-storage"})


def prepare(url: str) -> int:
    """Migrate, seed, add the 250-person unit with scored sheets; return a queued form01 job id."""
    from sqlmodel import select

    from webapp.db import new_session, upgrade_database
    from webapp.evaluations.service import compute_month, month_periods
    from webapp.models import (Bloc, CriterionScore, Division, EvaluationSheet, JobPosition, Level, Person,
                               ReportJob, Unit, UserAccount)
    from webapp.seeding import load_all
    from pathlib import Path

    upgrade_database(url)
    app = _app(url)
    with app.app_context(), new_session(app) as session:
        if session.exec(select(Unit).where(Unit.code == UNIT_CODE)).first() is None:
            load_all(session, Path(__file__).resolve().parents[1] / "seeds")
            bloc = session.exec(select(Bloc).where(Bloc.code == "chinhquyen")).one()
            level = session.exec(select(Level).where(Level.code == "xa")).one()
            unit = Unit(code=UNIT_CODE, name="Ủy ban nhân dân xã Thử Nghiệm Đông Tiến", short_name="Xã Thử Nghiệm",
                        bloc_id=bloc.id, level_id=level.id, place="Đông Tiến", superior_name="TỈNH THANH HÓA")
            session.add(unit)
            session.flush()
            divisions = [Division(unit_id=unit.id, code=f"p{n}", name=f"Phòng Chuyên môn số {n}") for n in range(1, 6)]
            session.add_all(divisions)
            position = JobPosition(unit_id=unit.id, code="CV", name="Chuyên viên", position_group="professional")
            session.add(position)
            session.flush()
            for n in range(PEOPLE):
                person = Person(unit_id=unit.id, division_id=divisions[n % 5].id, position_id=position.id,
                                full_name=f"Nguyễn Thị Hương Thử {n + 1:03d}", title="Chuyên viên")
                session.add(person)
                session.flush()
                session.add(UserAccount(username=f"bench.pdf.{n}", password_hash="x", role="staff",
                                        person_id=person.id, unit_id=unit.id, division_id=person.division_id))
            periods = month_periods(session, MONTH, [unit])
            compute_month(session, periods)
            for sheet in session.exec(select(EvaluationSheet).where(EvaluationSheet.unit_id == unit.id)):
                for code, score in (("I.1", "5"), ("I.2", "4.5")) + tuple((f"{g}.{i}", "2.25") for g in ("II", "III") for i in range(1, 5)):
                    session.add(CriterionScore(sheet_id=sheet.id, criterion_code=code, self_score=Decimal(score),
                                               manager_score=Decimal(score)))
                sheet.strengths = "Chấp hành tốt chủ trương, nhiệm vụ được giao; phối hợp hiệu quả với đồng nghiệp."
                sheet.limitations = "Cần chủ động hơn trong tham mưu, đề xuất giải pháp đổi mới."
            compute_month(session, periods)
            session.commit()
        unit = session.exec(select(Unit).where(Unit.code == UNIT_CODE)).one()
        requester = session.exec(select(UserAccount).where(UserAccount.role == "admin")).first()
        job = ReportJob(kind="form01", file_format="pdf", unit_id=unit.id, requested_by_id=requester.id,
                        params={"period": f"{MONTH:%Y-%m}"})
        session.add(job)
        session.commit()
        return job.id


def run_job(url: str, job_id: int) -> dict:
    """Child process: preload like the worker, run the job, report time, peak memory and the HTML size."""
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
        start = time.perf_counter()
        report_run.run_report(session, job_id)
        seconds = time.perf_counter() - start
        job = session.get(ReportJob, job_id)
        status, total = job.status, job.total
    with open("/tmp/okr-bench-form01.html", "w", encoding="utf-8") as handle:
        handle.write(captured["html"])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "status": status, "sheets": total, "peak_mb": peak_mb}


def raw_render() -> float:
    """Plain pisa.CreatePDF on the same HTML, in one piece (same fonts and resource policy), seconds."""
    from xhtml2pdf import pisa

    from webapp.reports.pdf import _POLICY
    html = open("/tmp/okr-bench-form01.html", encoding="utf-8").read()
    start = time.perf_counter()
    pisa.CreatePDF(html, dest=io.BytesIO(), encoding="utf-8", resource_policy=_POLICY)
    return time.perf_counter() - start


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
        print(json.dumps({"seconds": raw_render()}))
        return
    job_id = prepare(args.database_url)
    child = [sys.executable, "-m", "bench.form01_batch", "--database-url", args.database_url]
    job = json.loads(subprocess.run(child + ["--child", "job", "--job-id", str(job_id)], check=True,
                                    capture_output=True, text=True).stdout.strip().splitlines()[-1])
    raw = json.loads(subprocess.run(child + ["--child", "raw"], check=True, capture_output=True,
                                    text=True).stdout.strip().splitlines()[-1])
    sheets = job["sheets"]
    per_sheet, raw_per_sheet = job["seconds"] / sheets * 1000, raw["seconds"] / sheets * 1000
    print(f"sheets: {sheets} ({job['status']})")
    print(f"job: {job['seconds']:.2f} s = {per_sheet:.1f} ms/sheet (target ≤ 120)")
    print(f"raw xhtml2pdf on the same HTML: {raw['seconds']:.2f} s = {raw_per_sheet:.1f} ms/sheet")
    print(f"ratio job/raw: {per_sheet / raw_per_sheet:.3f} (target ≤ 1.15)")
    print(f"worker peak memory: {job['peak_mb']:.0f} MB (target ≤ 200)")


if __name__ == "__main__":
    main()
