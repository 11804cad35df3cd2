"""Month close at province scale against a raw SQL aggregation of the same rows, in one run.

    .venv/bin/python -m bench.month_close --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench

(a) raw aggregation: per person, Σ quantity × K, Σ quality errors, late count of the month's approved
    diary entries, and Σ quantity × K of the month's assignments; rows fetched to Python; best of 3.
(b) webapp.evaluations.service.compute_month over every unit's period of the month; each run is
    rolled back so the next one starts from the same state (no sheets); best of 3, with the time
    spent in each step and, inside them, in the database (cursor execute, rows transferred).
Targets (issue 4): month close ≤ 10 s and ≤ 3 × the raw aggregation. ``--profile`` adds one run
under cProfile and prints the hotspots.
"""
from __future__ import annotations

import argparse
import calendar
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event, func, select, text

RAW_ENTRIES = text("""
    SELECT person_id, sum(quantity * coefficient) AS converted, sum(quality_errors) AS errors,
           count(*) FILTER (WHERE is_late) AS late, count(*) AS entries
    FROM diaryentry
    WHERE status = 'approved' AND work_date BETWEEN :start AND :end
    GROUP BY person_id
""")
RAW_ASSIGNED = text("""
    SELECT a.person_id, sum(a.quantity * c.coefficient) AS converted, count(*) AS assignments
    FROM assignment a JOIN catalogueitem c ON c.id = a.item_id
    WHERE a.deadline BETWEEN :start AND :end AND a.cancelled_at IS NULL
    GROUP BY a.person_id
""")
# For information only (the verdict uses RAW_ENTRIES): the same rows grouped as the 25 % rules need them,
# per person and per error/delay count, which is what the month close itself must read.
RAW_GROUPED = text("""
    SELECT person_id, quality_errors, errors_exempt, is_late, delay_exempt, assignment_id IS NULL AS declared,
           sum(quantity * coefficient) AS converted
    FROM diaryentry
    WHERE status = 'approved' AND work_date BETWEEN :start AND :end
    GROUP BY 1, 2, 3, 4, 5, 6
""")
TARGET_SECONDS, TARGET_RATIO = 10.0, 3.0


class Clock:
    """Accumulated wall time per label, and database time per label (from cursor events)."""

    def __init__(self):
        self.total: dict[str, float] = defaultdict(float)
        self.db: dict[str, float] = defaultdict(float)
        self.statements: list[tuple[str, float, int]] = []
        self.stack: list[str] = []
        self._db_started = 0.0

    def reset(self) -> None:
        self.total.clear()
        self.db.clear()
        self.statements.clear()

    def wrap(self, label: str, fn):
        def timed(*args, **kwargs):
            self.stack.append(label)
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.total[label] += time.perf_counter() - started
                self.stack.pop()
        timed.__wrapped__ = fn
        return timed

    def before_execute(self, *_args) -> None:
        self._db_started = time.perf_counter()

    def after_execute(self, _conn, cursor, statement, _params, _context, _executemany) -> None:
        elapsed = time.perf_counter() - self._db_started
        label = self.stack[-1] if self.stack else "(outside)"
        self.db[label] += elapsed
        self.statements.append((" ".join(statement.split())[:90], elapsed, cursor.rowcount))


@contextmanager
def patched(clock: Clock):
    """Time the steps of compute_month by wrapping the names its modules call (both paths: PostgreSQL's
    close_scores and the insert-then-update path of other databases)."""
    from webapp.evaluations import bulk, compute, service

    targets = [(service, "ensure_sheets"), (service, "score_sheets"), (service, "write_scores"),
               (compute, "load_sheets"), (compute, "work_facts"), (compute, "criterion_scores"),
               (compute, "managed_by"), (compute, "score_person"), (compute, "default_ruleset_row"),
               (compute, "rules_of"), (service, "close_scores"), (bulk, "missing_people"), (bulk, "load_sheets"),
               (bulk, "work_totals"), (bulk, "work_facts"), (bulk, "criterion_scores"), (bulk.Upserts, "send"),
               (bulk.Upserts, "finish")]
    saved = [(mod, name, getattr(mod, name)) for mod, name in targets]
    try:
        for mod, name, fn in saved:
            setattr(mod, name, clock.wrap(name, fn))
        yield
    finally:
        for mod, name, fn in saved:
            setattr(mod, name, fn)


def best_of(runs: int, fn):
    """Run fn runs times; return (best seconds, every time, last result)."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), times, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="one more month close under cProfile")
    parser.add_argument("--profile-out", help="also dump the cProfile stats to this file")
    parser.add_argument("--top", type=int, default=30, help="rows of each cProfile listing")
    args = parser.parse_args(argv)

    from webapp import create_app
    from webapp.db import new_session
    from webapp.evaluations import service
    from webapp.models import DiaryEntry, EvaluationSheet, Period, Person, Unit
    from webapp.months import parse_month

    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "bench"})
    first = parse_month(args.month)
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    clock = Clock()
    engine = app.extensions["db_bind"]
    event.listen(engine, "before_cursor_execute", clock.before_execute)
    event.listen(engine, "after_cursor_execute", clock.after_execute)

    with app.app_context(), new_session(app) as session:
        units = list(session.execute(select(Unit).where(Unit.active).order_by(Unit.id)).scalars())
        periods = service.month_periods(session, first, units)
        session.commit()  # the periods stay (a real close creates them too); the sheets never do
        already = session.execute(select(func.count()).select_from(EvaluationSheet).where(
            EvaluationSheet.period_id.in_([p.id for p in periods]))).scalar_one()
        people = session.execute(select(func.count()).select_from(Person).where(
            Person.active, Person.unit_id.in_([u.id for u in units]))).scalar_one()
        entries, approved = session.execute(
            select(func.count(), func.count().filter(DiaryEntry.status == "approved"))
            .where(DiaryEntry.work_date.between(first, last))).one()
        session.commit()
        load = os.getloadavg()[0]
        print(f"load average {load:.2f} on {os.cpu_count()} CPUs" + (" (busy machine: timings are noisy)" if load > 0.5 else ""))
        print(f"PostgreSQL {session.execute(text('SHOW server_version')).scalar_one()}, "
              f"{len(units)} units, {people:,} people, {entries:,} diary entries in {args.month} "
              f"({approved:,} approved), {already:,} sheets already there")

        # (a) raw SQL aggregation of the same rows, fetched to Python
        params = {"start": first, "end": last}

        def raw(entries_query):
            rows = session.execute(entries_query, params).all()
            assigned = session.execute(RAW_ASSIGNED, params).all()
            session.rollback()
            return len(rows), len(assigned)

        raw_best, raw_times, (raw_people, raw_assigned) = best_of(args.runs, lambda: raw(RAW_ENTRIES))
        grouped_best, _, (grouped_rows, _) = best_of(args.runs, lambda: raw(RAW_GROUPED))
        print(f"\n(a) raw aggregation: {raw_people:,} people with approved entries, {raw_assigned:,} with "
              f"assignments; runs {', '.join(f'{t:.3f}' for t in raw_times)} s; best {raw_best:.3f} s")

        # (b) compute_month, rolled back after each run
        breakdowns = []

        def month_close():
            vacuum_sheets(engine)  # rolled-back runs leave dead sheet rows; start each run from the same table
            fresh = list(session.execute(select(Period).where(Period.id.in_([p.id for p in periods]))).scalars())
            clock.reset()
            with patched(clock):
                started = time.perf_counter()
                scored = service.compute_month(session, fresh)
                elapsed = time.perf_counter() - started
            breakdowns.append((elapsed, dict(clock.total), dict(clock.db), list(clock.statements)))
            sheets, with_points, avg_points = session.execute(
                select(func.count(), func.count(EvaluationSheet.task_points), func.avg(EvaluationSheet.task_points))
                .where(EvaluationSheet.period_id.in_([p.id for p in fresh]))).one()
            session.rollback()
            return scored, sheets, with_points, avg_points

        runs = []
        for _ in range(args.runs):
            runs.append(month_close())
        best_index = min(range(len(breakdowns)), key=lambda i: breakdowns[i][0])
        close_best, totals, db, statements = breakdowns[best_index]
        scored, sheets, with_points, avg_points = runs[best_index]
        print(f"(b) compute_month: {sheets - already:,} sheets created, {scored:,} scored ({with_points:,} with task points, "
              f"mean {avg_points:.2f}); runs {', '.join(f'{b[0]:.3f}' for b in breakdowns)} s; best {close_best:.3f} s")
        print_breakdown(close_best, totals, db, statements)

        ratio = close_best / raw_best
        ok_time, ok_ratio = close_best <= TARGET_SECONDS, ratio <= TARGET_RATIO
        print("\nsummary")
        print(f"  people                 {people:>10,}")
        print(f"  diary entries (month)  {entries:>10,}")
        print(f"  raw aggregation        {raw_best:>10.3f} s")
        print(f"  month close            {close_best:>10.3f} s   target ≤ {TARGET_SECONDS:g} s: "
              f"{'met' if ok_time else 'MISSED'}")
        print(f"  ratio                  {ratio:>10.2f} ×   target ≤ {TARGET_RATIO:g} ×: {'met' if ok_ratio else 'MISSED'}")
        print(f"  (information: raw aggregation grouped as the rules need it, {grouped_rows:,} rows: "
              f"{grouped_best:.3f} s; month close = {close_best / grouped_best:.2f} × that)")

        if args.profile:
            vacuum_sheets(engine)
            fresh = list(session.execute(select(Period).where(Period.id.in_([p.id for p in periods]))).scalars())
            profiler = cProfile.Profile()
            profiler.enable()
            service.compute_month(session, fresh)
            profiler.disable()
            session.rollback()
            if args.profile_out:
                profiler.dump_stats(args.profile_out)
            for key in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(args.top)
                print(f"\ncProfile, sorted by {key} (profiling overhead inflates Python-heavy code)")
                print(_trim(out.getvalue()))
    sys.exit(0 if ok_time and ok_ratio else 1)


def vacuum_sheets(engine) -> None:
    """VACUUM the sheet table outside any transaction (not timed)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM evaluationsheet"))


STEPS = [  # (label, indent): compute_month's calls as nested in the code
    ("ensure_sheets", 0), ("score_sheets", 0), ("close_scores", 0), ("default_ruleset_row", 1), ("rules_of", 1),
    ("missing_people", 1), ("load_sheets", 1), ("work_facts", 1), ("work_totals", 1), ("criterion_scores", 1),
    ("managed_by", 1), ("score_person", 1), ("send", 1), ("finish", 1), ("write_scores", 0)]
STEP_NOTES = {"score_person": " (Σ calls)", "send": " (Σ, upserts)", "finish": " (last, wait)"}


def print_breakdown(total: float, totals: dict, db: dict, statements: list) -> None:
    """The best run's steps: wall time, of which database execute (server + transfer) time. The pipelined
    upserts bypass SQLAlchemy's cursor events: their server time overlaps scoring, only the wait in finish shows."""
    print(f"\n    {'step':<26}{'seconds':>9}{'share':>8}{'in database':>13}")
    for label, indent in STEPS:
        if label not in totals:
            continue
        name = "  " * indent + label + STEP_NOTES.get(label, "")
        print(f"    {name:<26}{totals[label]:>9.3f}{totals[label] / total:>8.0%}{db.get(label, 0.0):>13.3f}")
    inner = sum(totals.get(label, 0.0) for label, indent in STEPS if indent == 1)
    parent = "close_scores" if "close_scores" in totals else "score_sheets"
    rest = totals.get(parent, 0.0) - inner
    print(f"    {'  rest of ' + parent:<26}{rest:>9.3f}{rest / total:>8.0%}")
    other = total - sum(totals.get(label, 0.0) for label, indent in STEPS if indent == 0)
    print(f"    {'other':<26}{other:>9.3f}{other / total:>8.0%}")
    print(f"    {'compute_month':<26}{total:>9.3f}{1:>8.0%}{sum(db.values()):>13.3f}")
    print("\n    statements (execute time, rows):")
    for statement, elapsed, rows in statements:
        print(f"    {elapsed:>8.3f} s {rows:>8}  {statement}")


def _trim(report: str) -> str:
    """Drop pstats' header noise and shorten paths."""
    lines = [line.replace(sys.prefix, "<venv>") for line in report.splitlines() if line.strip()]
    keep = [line for line in lines if not line.lstrip().startswith(("Ordered by", "List reduced"))]
    return "\n".join(keep)


if __name__ == "__main__":
    main()
