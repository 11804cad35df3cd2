"""Tình hình đánh giá at province scale: the province's and a bloc's page, a unit's list, and one Nhắc việc for
the whole province, over the 20,000 people made by bench/generate.py, against a floor.

    .venv/bin/python -m bench.generate --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench
    .venv/bin/python -m bench.standing --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench [--runs 40]

1. Gives every unit a period for the month and every active person but one in twelve a sheet, its state drawn
   from the person's id (draft, self-assessed, reviewed, approved, published in 10/15/20/35/10 %), in one
   INSERT … SELECT; the rows are removed at the end.
2. In-process (Flask test client: server time, no network), signed in through the form: the administrator opens
   /evaluations/standing (every unit), the government bloc's organiser their bloc's page, and the list of the
   sheets waiting for approval in the largest unit; GET /healthz is the floor. The clock is two months after the
   month, so every stage is late.
3. Prints p50, p95 and max of --runs requests after two warm-ups, the target (issue 12: p95 ≤ 50 ms), and the
   time of one Nhắc việc for the province (every waited-on account of every late sheet), rolled back.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date

from sqlalchemy import text

from .okr import PASSWORD, ROOT, SECRET, line, sign_in, timed  # the OKR bench's secret: one known to test_no_secrets

TARGET_P95_MS = 50.0
STATES = "CASE WHEN p.id % 20 < 2 THEN 'draft' WHEN p.id % 20 < 5 THEN 'self_assessed' " \
         "WHEN p.id % 20 < 9 THEN 'reviewed' WHEN p.id % 20 < 16 THEN 'approved' ELSE 'published' END"


def build(conn, first: date, last: date, key: str) -> tuple[set[int], int]:
    """Periods for the month where missing (their ids, to remove) and the sheets; how many sheets."""
    before = {r[0] for r in conn.execute(text("SELECT id FROM period WHERE key = :k"), {"k": key})}
    conn.execute(text("INSERT INTO period (unit_id, kind, key, starts_on, ends_on, state, cap_decision) "
                      "SELECT id, 'month', :k, :a, :b, 'open', '' FROM unit ON CONFLICT DO NOTHING"),
                 {"k": key, "a": first, "b": last})
    made = {r[0] for r in conn.execute(text("SELECT id FROM period WHERE key = :k"), {"k": key})} - before
    rule_set = conn.execute(text("SELECT id FROM ruleset WHERE is_default AND effective_from <= :a "
                                 "ORDER BY effective_from DESC LIMIT 1"), {"a": first}).scalar()
    sheets = conn.execute(text(
        "INSERT INTO evaluationsheet (period_id, person_id, unit_id, rule_set_id, state, is_leader, "
        "position_group_key, disciplined, degraded, corruption_in_unit, self_band, band, band_decision, "
        "band_decision_reason, strengths, limitations, comments, frozen_result, version) "
        f"SELECT pe.id, p.id, p.unit_id, :r, {STATES}, p.is_leader, '', false, false, false, '', '', '', '', '', '', "
        "'', '{}', 1 FROM person p JOIN period pe ON pe.unit_id = p.unit_id AND pe.key = :k "
        "WHERE p.active AND p.id % 12 <> 0 ON CONFLICT DO NOTHING RETURNING id"), {"k": key, "r": rule_set}).all()
    conn.execute(text("ANALYZE evaluationsheet; ANALYZE period"))
    return made, len(sheets)


def cleanup(engine, key: str, made: set[int]) -> None:
    """Remove the month's sheets and the periods made here."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM evaluationsheet WHERE period_id IN (SELECT id FROM period WHERE key = :k)"),
                     {"k": key})
        if made:
            conn.execute(text("DELETE FROM period WHERE id = ANY(:ids)"), {"ids": list(made)})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    if "bench" not in args.database_url:
        sys.exit("Only on a benchmark database (its name contains 'bench'): sheets of the month are replaced.")
    sys.path.insert(0, str(ROOT))
    from unittest import mock

    from sqlmodel import select

    from webapp import create_app
    from webapp.auth.actor import Actor
    from webapp.auth.service import hash_password
    from webapp.db import new_session
    from webapp.models import UserAccount
    from webapp.standing import remind
    from webapp.standing.deadlines import next_month

    year, month = (int(x) for x in args.month.split("-"))
    first = date(year, month, 1)
    last, late_day = date.fromordinal(next_month(first).toordinal() - 1), next_month(next_month(first))
    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": args.database_url, "REDIS_URL": None,
                      "SESSION_COOKIE_SECURE": False})
    engine = app.extensions["db_bind"]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM evaluationsheet WHERE period_id IN (SELECT id FROM period WHERE key = :k)"),
                     {"k": args.month})
        started = time.perf_counter()
        made, sheets = build(conn, first, last, args.month)
        print(f"{sheets:,} sheets in {time.perf_counter() - started:.1f} s")
        for username in ("admin", "tochuc.chinhquyen"):
            conn.execute(UserAccount.__table__.update().where(UserAccount.username == username).values(
                password_hash=hash_password(PASSWORD), must_change_password=False, active=True))
        largest = conn.execute(text("SELECT u.code FROM unit u JOIN person p ON p.unit_id = u.id AND p.active "
                                    "JOIN bloc b ON b.id = u.bloc_id AND b.code = 'chinhquyen' "
                                    "GROUP BY u.code ORDER BY count(*) DESC LIMIT 1")).scalar()
        people = conn.execute(text("SELECT count(*) FROM person WHERE active")).scalar()
    try:
        with mock.patch("webapp.standing.views.local_today", lambda: late_day):
            admin, organiser = sign_in(app, "admin"), sign_in(app, "tochuc.chinhquyen")
            page = f"/evaluations/standing?month={args.month}"
            rows = [("GET /healthz (floor)", timed(admin, "/healthz", args.runs)),
                    ("province page (admin)", timed(admin, page, args.runs, "Tổng cộng")),
                    ("bloc page (organiser, khối chính quyền)", timed(organiser, page, args.runs, "Tổng cộng")),
                    (f"unit list {largest}, waiting for approval",
                     timed(organiser, f"/units/{largest}/evaluations/standing?month={args.month}&stage=approval",
                           args.runs, "Đang chờ"))]
        with app.app_context(), new_session(app) as session:
            account = session.exec(select(UserAccount).where(UserAccount.username == "admin")).one()
            started = time.perf_counter()
            with mock.patch.object(session, "commit", session.flush):  # measured, then rolled back
                sent = remind.send(session, Actor.from_account(account), first, late_day)
            reminded = time.perf_counter() - started
            session.rollback()
    finally:
        cleanup(engine, args.month, made)
    print(f"\n{people:,} active people, {sheets:,} sheets; {args.runs} requests each, server time in ms")
    print(f"{'':<44}{'p50':>8}{'p95':>8}{'max':>8}")
    for name, times in rows:
        print(line(name, times))
    print(f"target: p95 ≤ {TARGET_P95_MS:.0f} ms (issue 12)")
    print(f"Nhắc việc for the province: {sent.added:,} reminders in {reminded * 1000:.0f} ms (rolled back)")


if __name__ == "__main__":
    main()
