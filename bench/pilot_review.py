"""The pilot review at pilot scale: the four seeded pilot units (~125 people) with twelve months of diaries,
approvals, returns, sign-ins and approved sheets; the review's figures and its page timed, against a floor.

    .venv/bin/python -m bench.pilot_review --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench_pilot

1. Creates the database when missing (its name must contain "bench"), applies the migrations, loads seeds/, then
   writes the twelve months ending --month for every pilot unit's person (PostgreSQL COPY): on nine working days
   in ten, 1–4 entries, 85 % approved 1–72 h after they were sent, 5 % returned once first; ~15 sign-ins a month
   per account; a monthly period and an approved sheet per person; the item summaries as approval keeps them.
2. Times pilot.service.gather over the twelve months, and GET /pilot-review for them in-process (Flask test
   client, the administrator signed in: server time, no network), after two warm-ups; GET /healthz is the floor.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from .generate import Copier, conninfo, prepare_database
from .okr import sign_in, timed

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench@2026"  # as bench.okr.sign_in types it
LOCAL = timezone(timedelta(hours=7))
BANDS = ["xuat_sac", "tot", "tot", "tot", "hoan_thanh"]


def months_back(last: date, count: int) -> list[date]:
    """The first days of the count months ending with last's."""
    index = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def build(conn: psycopg.Connection, first: date, end: date, rng: random.Random) -> dict:
    """Write the pilot units' year; the row counts."""
    cur = conn.cursor()
    cur.execute("UPDATE useraccount SET created_at = %s", (datetime.combine(first, datetime.min.time(), LOCAL),))
    people = cur.execute("SELECT p.id, p.unit_id, a.id FROM person p JOIN useraccount a ON a.person_id = p.id "
                         "JOIN unit u ON u.id = p.unit_id WHERE u.is_pilot").fetchall()
    items = {}
    for unit_id, item_id, k in cur.execute("SELECT unit_id, id, coefficient FROM catalogueitem WHERE active"):
        items.setdefault(unit_id, []).append((item_id, k))
    holidays = {row[0] for row in cur.execute("SELECT day FROM holiday")}
    days = [first + timedelta(n) for n in range((end - first).days + 1)]
    working = [d for d in days if d.weekday() < 5 and d not in holidays]
    next_entry = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM diaryentry").fetchone()[0]
    counts = {"entries": 0, "returns": 0, "logins": 0}
    entry_cols = ["id", "person_id", "unit_id", "work_date", "item_id", "quantity", "coefficient", "hours",
                  "status", "submitted_at", "reviewed_at", "created_at", "quality_errors", "errors_exempt",
                  "delay_exempt", "is_late", "version", "description", "evidence_doc_number", "evidence_link",
                  "return_reason", "exemption_reason"]
    audit_cols = ["created_at", "actor_id", "unit_id", "action", "entity", "entity_id", "before", "after", "reason"]
    audit = _Lines()  # one COPY at a time on a connection: the audit rows follow the entries
    with Copier(cur, "diaryentry", entry_cols) as entries:
        for person_id, unit_id, account_id in people:
            for day in working:
                if rng.random() < 0.9:
                    for _ in range(rng.randint(1, 4)):
                        sent = datetime.combine(day, datetime.min.time(), LOCAL) + timedelta(hours=17)
                        approved = rng.random() < 0.85
                        reviewed = sent + timedelta(hours=rng.uniform(1, 72))
                        item_id, k = rng.choice(items[unit_id])
                        entries.add(str(next_entry), str(person_id), str(unit_id), day.isoformat(), str(item_id),
                                    "1", str(k), "2", "approved" if approved else "submitted", sent.isoformat(),
                                    reviewed.isoformat() if approved else "\\N", sent.isoformat(), "0", "f", "f",
                                    "f", "1", "", "", "", "", "")
                        if rng.random() < 0.05:
                            audit.add((sent + timedelta(hours=1)).isoformat(), "\\N", str(unit_id),
                                      "diary_entry_returned", "diaryentry", str(next_entry), "{}", "{}", "")
                            counts["returns"] += 1
                        next_entry += 1
                        counts["entries"] += 1
                if rng.random() < 0.7:
                    audit.add((datetime.combine(day, datetime.min.time(), LOCAL) + timedelta(hours=8)).isoformat(),
                              str(account_id), str(unit_id), "login", "useraccount", str(account_id), "{}", "{}", "")
                    counts["logins"] += 1
    with Copier(cur, "auditlog", audit_cols) as copier:
        for line in audit.lines:
            copier.add_line(line)
    _sheets(cur, first, end, rng)
    cur.execute("INSERT INTO itemworksummary (person_id, unit_id, item_id, month, coefficient, quantity, entries) "
                "SELECT person_id, unit_id, item_id, to_char(work_date, 'YYYY-MM'), coefficient, sum(quantity), "
                "count(*) FROM diaryentry WHERE status = 'approved' GROUP BY 1, 2, 3, 4, 5 "
                "ON CONFLICT DO NOTHING")
    return counts


class _Lines:
    """COPY text lines kept until their table's turn."""

    def __init__(self):
        self.lines: list[str] = []

    def add(self, *values) -> None:
        self.lines.append("\t".join(values) + "\n")


def _sheets(cur, first: date, end: date, rng: random.Random) -> None:
    """A closed monthly period per pilot unit and month, an approved sheet per person (two in three on time)."""
    rule_set = cur.execute("SELECT id FROM ruleset WHERE is_default ORDER BY id LIMIT 1").fetchone()[0]
    for month in months_back(end, 12):
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        cur.execute("INSERT INTO period (unit_id, kind, key, starts_on, ends_on, state, cap_decision) "
                    "SELECT id, 'month', %s, %s, %s, 'closed', '' FROM unit WHERE is_pilot ON CONFLICT DO NOTHING",
                    (f"{month:%Y-%m}", month, last))
        cur.execute(
            "INSERT INTO evaluationsheet (period_id, person_id, unit_id, rule_set_id, state, band, approved_at, "
            "is_leader, position_group_key, disciplined, degraded, corruption_in_unit, self_band, band_decision, "
            "band_decision_reason, strengths, limitations, comments, frozen_result, version) "
            "SELECT pe.id, p.id, p.unit_id, %s, 'locked', (%s::text[])[1 + (p.id %% 5)], "
            "pe.ends_on + (CASE WHEN p.id %% 3 = 0 THEN 3 ELSE 0 END) * interval '1 day' + interval '9 hours', "
            "false, '', false, false, false, '', '', '', '', '', '', '{}', 1 FROM person p "
            "JOIN period pe ON pe.unit_id = p.unit_id AND pe.key = %s ON CONFLICT DO NOTHING",
            (rule_set, BANDS, f"{month:%Y-%m}"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", default="2026-11", help="the last month of the year reviewed (yyyy-mm)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    if "bench" not in (make_url(args.database_url).database or ""):
        sys.exit("Only on a benchmark database (its name contains 'bench').")
    sys.path.insert(0, str(ROOT))
    year, month = (int(x) for x in args.month.split("-"))
    first_month = months_back(date(year, month, 1), 12)[0]
    end = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    prepare_database(args.database_url, recreate=False)
    with psycopg.connect(conninfo(args.database_url)) as conn:
        if not conn.execute("SELECT 1 FROM diaryentry LIMIT 1").fetchone():
            started = time.perf_counter()
            counts = build(conn, first_month, end, random.Random(7))
            conn.commit()
            print(f"built in {time.perf_counter() - started:.1f} s: {counts}")
    with psycopg.connect(conninfo(args.database_url), autocommit=True) as conn:
        conn.execute("ANALYZE")
    _time(args, first_month, date(year, month, 1))


def _time(args, first: date, last: date) -> None:
    """The figures, then the page, timed."""
    from webapp import create_app
    from webapp.auth.service import hash_password
    from webapp.db import new_session
    from webapp.models import UserAccount
    from webapp.pilot.access import pilot_units
    from webapp.pilot.service import gather
    from webapp.pilot.span import month_span

    app = create_app({"SECRET_KEY": "bench-pilot", "DATABASE_URL": args.database_url, "REDIS_URL": None,
                      "SESSION_COOKIE_SECURE": False})
    span = month_span(f"{first:%m/%Y}", f"{last:%m/%Y}", date.today())
    gathered = []
    with app.app_context(), new_session(app) as session:
        session.execute(UserAccount.__table__.update().where(UserAccount.username == "admin")
                        .values(password_hash=hash_password(PASSWORD), must_change_password=False))
        session.commit()
        units = pilot_units(session)
        for run in range(args.runs + 2):
            started = time.perf_counter()
            review = gather(session, units, span)
            if run >= 2:
                gathered.append((time.perf_counter() - started) * 1000)
        entries = sum(u.entries for u in review.units)
    client = sign_in(app, "admin")  # bench.okr's: the same PASSWORD
    query = f"/pilot-review?from_month={first:%m/%Y}&to_month={last:%m/%Y}"
    page = timed(client, query, args.runs, "pilot-figures")
    floor = timed(client, "/healthz", args.runs)
    print(f"\n{span.label}: {entries:,} diary entries of the pilot units; {args.runs} runs, ms")
    for name, times in (("GET /healthz (floor)", floor), ("pilot.service.gather (12 months)", gathered),
                        ("GET /pilot-review (12 months)", page)):
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
        print(f"{name:<40}{statistics.median(ordered):>8.1f}{p95:>8.1f}{ordered[-1]:>8.1f}")


if __name__ == "__main__":
    main()
