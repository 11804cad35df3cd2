"""The main pages at province scale, to show they stay flat as the diary grows from 1 to 4 to 12 months
(bench/generate.py --months N: about 2.2 M diary entries a month for 20,000 people, 26 M for a year).

    .venv/bin/python -m bench.generate --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench_m12 --months 12
    .venv/bin/python -m bench.province_pages --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench_m12

On the measured unit (tn-001 by default) it works out the reporting lines (the generator does not), scores the last
month (its sheets), and lets its head, a division manager and one of that manager's staff sign in through the
form. In-process (Flask test client: server time, no network) it then opens, --runs times each after two warm-ups:
the staff member's diary day and week, their sheet and their year's scorecard; the manager's approval queue; the
head's unit table and hours page. GET /healthz timed the same way is the floor. Target (issue 14): p95 ≤ 50 ms.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, text
from sqlmodel import select

from .okr import PASSWORD, line, sign_in, timed

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-province-pages-not-secret"
TARGET_P95_MS = 50.0


def prepare(app, unit_code: str, first: date) -> dict:
    """Reporting lines and the month's sheets of the unit; passwords for its head, a manager and their staff."""
    from webapp.auth.service import hash_password
    from webapp.db import new_session
    from webapp.evaluations.service import compute_month, month_periods
    from webapp.models import DiaryEntry, EvaluationSheet, Person, Unit, UserAccount
    from webapp.org.lines import reset_default_lines

    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == unit_code)).one()
        reset_default_lines(session, unit.id)
        periods = month_periods(session, first, [unit])
        compute_month(session, periods)
        session.commit()
        accounts = {a.role: a for a in session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id)
                                                    .order_by(UserAccount.id.desc()))}
        manager = accounts["manager"]
        staff = session.exec(select(UserAccount).join(Person, Person.id == UserAccount.person_id)
                             .where(Person.reports_to_id == manager.person_id, UserAccount.role == "staff")).first()
        for account in (accounts["head"], manager, staff):
            account.password_hash, account.must_change_password, account.active = hash_password(PASSWORD), False, True
        sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == staff.person_id,
                                                           EvaluationSheet.period_id == periods[0].id)).one()
        day = session.exec(select(func.max(DiaryEntry.work_date)).where(DiaryEntry.person_id == staff.person_id,
                                                                         DiaryEntry.work_date >= first)).one()
        session.commit()
        return {"unit": unit.code, "head": accounts["head"].username, "manager": manager.username,
                "staff": staff.username, "person": staff.person_id, "sheet": sheet.id, "day": day}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", default="2026-10", help="the last generated month")
    parser.add_argument("--unit", default="tn-001")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    if "bench" not in args.database_url:
        sys.exit("Only on a benchmark database (its name contains 'bench'): sheets and passwords are written.")
    sys.path.insert(0, str(ROOT))
    from webapp import create_app

    year, month = (int(x) for x in args.month.split("-"))
    first = date(year, month, 1)
    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": args.database_url, "REDIS_URL": None,
                      "SESSION_COOKIE_SECURE": False, "LOG_FORMAT": "none"})
    started = time.perf_counter()
    plan = prepare(app, args.unit, first)
    with app.extensions["db_bind"].connect() as conn:
        entries = conn.execute(text("SELECT count(*) FROM diaryentry")).scalar()
        months = conn.execute(text("SELECT count(DISTINCT date_trunc('month', work_date)) FROM diaryentry")).scalar()
    print(f"prepared in {time.perf_counter() - started:.1f} s: {plan}")
    staff, manager, head = (sign_in(app, plan[k]) for k in ("staff", "manager", "head"))
    from webapp.runtime import freeze_startup_objects
    freeze_startup_objects()  # as each gunicorn worker does once the app is loaded (deploy/gunicorn.conf.py)
    day, key = plan["day"].isoformat(), f"{month:02d}/{year}"
    rows = [("GET /healthz (floor)", timed(staff, "/healthz", args.runs)),
            ("diary day", timed(staff, f"/diary?day={day}", args.runs)),
            ("diary week", timed(staff, f"/diary?day={day}&week=1", args.runs)),
            ("person sheet", timed(staff, f"/sheets/{plan['sheet']}", args.runs)),
            ("person scorecard (year)", timed(staff, f"/people/{plan['person']}/scorecard?year={year}", args.runs)),
            ("approval queue (manager)", timed(manager, "/approvals", args.runs)),
            ("unit table (head)", timed(head, f"/units/{plan['unit']}/evaluations?month={key}", args.runs)),
            ("hours page (head)", timed(head, f"/hours?month={key}", args.runs))]
    print(f"\n{entries:,} diary entries over {months} month(s); {args.runs} requests each, server time in ms")
    print(f"{'':<44}{'p50':>8}{'p95':>8}{'max':>8}")
    for name, times in rows:
        print(line(name, times))
    print(f"target: p95 ≤ {TARGET_P95_MS:.0f} ms (issue 14)")


if __name__ == "__main__":
    main()
