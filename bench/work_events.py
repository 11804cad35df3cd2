"""Work events from the e-office against the diary POST, in one run: 10,000 events posted by the reference
sender (bench/eoffice_sender.py) at 16 connections, then as many diary entries posted by the same kind of
client (keep-alive HTTP, one connection per thread) at 16 connections, both under gunicorn -w 2 on PostgreSQL.

    .venv/bin/python -m bench.work_events [--server-url postgresql+psycopg://postgres@127.0.0.1]
                                          [--events 10000] [--connections 16] [--port 0] [--keep]

1. (Re)creates the database okr_bench_events, migrates and seeds it, opens the months of the diary window
   (bench/diary_post.prepare) and registers an integration client of every unit (work:write, 100,000 calls
   a minute: the limiter is on, never reached).
2. Starts gunicorn -w 2 (sync, no Redis) and signs in every seeded staff member (session cookie, CSRF).
3. Warms both paths up (200 requests each), then posts N work events (each a different document of a staff
   member, dated within the diary window, one per request) and N diary entries (htmx, the answer is the
   new row with the day's totals), and prints events/s and entries/s with p50/p99 of each.
4. The issue's target: a work event costs at most 2× a diary POST per entry (events/s ≥ ½ entries/s); every
   event is one pending suggestion and every diary POST one entry.

The client runs on the same two cores as gunicorn and PostgreSQL (pitfalls.md), the same client for both
paths, so the ratio compares the server's work per entry, not two load generators.
"""
from __future__ import annotations

import argparse
import sys
import time
import urllib.parse
from itertools import cycle
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import servers
from bench.diary_post import SECRET, USER_AGENT, prepare, sign_in, start_gunicorn
from bench.eoffice_sender import Sender, Sent, send_all, timed_calls

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "okr_bench_events"
TARGET_COST_RATIO = 2.0


def register_client(url: str) -> str:
    """A client of every unit; its token."""
    from sqlmodel import select

    from webapp import create_app
    from webapp.api import clients
    from webapp.auth.actor import Actor
    from webapp.db import new_session
    from webapp.models import Unit, UserAccount

    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": url, "REDIS_URL": None})
    with app.app_context(), new_session(app) as session:
        admin = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.role == "admin")).first())
        units = session.exec(select(Unit.id)).all()
        token = clients.register(session, admin, "Benchmark e-office", list(units), ["work:write"], 100000).token
    app.extensions["db_bind"].dispose()
    return token


def item_codes(url: str) -> dict[int, str]:
    """Each catalogue item id's code."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, code FROM catalogueitem")).all())
    engine.dispose()
    return rows


def work_events(staff: list[tuple[str, int]], codes: dict[int, str], days: list, count: int, prefix: str) -> list[dict]:
    """`count` documents, staff and days in turn, each with its own external id."""
    people, events = cycle(staff), []
    for n in range(count):
        username, item_id = next(people)
        day = days[(n // len(staff)) % len(days)]
        events.append({"external_id": f"{prefix}-{n}", "person": {"username": username}, "date": day.isoformat(),
                       "item_code": codes[item_id], "quantity": str(n % 9 + 1),
                       "summary": f"Văn bản số {n}/BENCH",
                       "document": {"number": f"{n}/BENCH", "date": day.isoformat(),
                                    "link": f"https://qlvb.thanhhoa.gov.vn/van-ban/{n}"}})
    return events


def diary_calls(base: str, sessions: list[tuple[str, str, int]], days: list, count: int, prefix: str) -> tuple:
    """The diary POSTs (one a session and day in turn) and the function sending one."""
    poster = Sender(base, token="")
    people = cycle(sessions)
    posts = []
    for n in range(count):
        cookie, csrf, item_id = next(people)
        day = days[(n // len(sessions)) % len(days)]
        form = urllib.parse.urlencode({"work_date": day.isoformat(), "item_id": item_id, "quantity": n % 9 + 1,
                                       "hours": "0", "description": f"{prefix} {n}"}).encode()
        posts.append((cookie, csrf, form, n))

    def one(post):
        cookie, csrf, form, n = post
        start = time.perf_counter()
        status, body = poster.send("POST", "/diary/entries", form, {
            "Cookie": cookie, "X-CSRFToken": csrf, "HX-Request": "true", "User-Agent": USER_AGENT,
            "Content-Type": "application/x-www-form-urlencoded"})
        return status, body, time.perf_counter() - start, n

    return posts, one


def line(label: str, sent: Sent) -> str:
    """One path's figures."""
    return (f"{label:<30} {sent.rate:>7,.0f}/s   p50 {sent.percentile(50) * 1000:>6.1f} ms   "
            f"p99 {sent.percentile(99) * 1000:>6.1f} ms   ({len(sent.latencies):,} requests, {dict(sent.statuses)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server-url", default="postgresql+psycopg://postgres@127.0.0.1")
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: any free one)")
    parser.add_argument("--database", default=DB_NAME)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    print(f"Preparing {args.database} (migrate, seed, client) …", flush=True)
    url = servers.recreate_database(args.server_url, args.database)
    staff, days = prepare(url)
    token = register_client(url)
    codes = item_codes(url)
    port = args.port or servers.free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(url, port, args.workers)
    try:
        sessions = [(*sign_in(base, username), item_id) for username, item_id in staff]
        print(f"gunicorn -w {args.workers} on {base}; {len(sessions)} staff; days {days[0]:%d/%m} – "
              f"{days[-1]:%d/%m/%Y}; {args.connections} connections", flush=True)
        sender = Sender(base, token)
        send_all(sender, work_events(staff, codes, days, 200, "WARM"), args.connections)
        warm_posts, warm_one = diary_calls(base, sessions, days, 200, "warm")
        timed_calls(warm_one, warm_posts, args.connections)
        suggestions_before, entries_before = servers.count_rows(url, "worksuggestion"), servers.count_rows(url, "diaryentry")
        events = send_all(sender, work_events(staff, codes, days, args.events, "EV"), args.connections)
        posts, one = diary_calls(base, sessions, days, args.events, "bench")
        diary = timed_calls(one, posts, args.connections)
        suggestions = servers.count_rows(url, "worksuggestion") - suggestions_before
        entries = servers.count_rows(url, "diaryentry") - entries_before
    finally:
        servers.stop(server)
    cost_ratio = diary.rate / events.rate if events.rate else float("inf")
    print()
    print(line("POST /api/v1/work-events", events))
    print(line("POST /diary/entries (htmx)", diary))
    print(f"cost per entry, work event / diary POST: {cost_ratio:.2f}× (target ≤ {TARGET_COST_RATIO:.0f}×)")
    print(f"suggestions written: {suggestions:,} of {args.events:,}; diary entries written: {entries:,} of "
          f"{args.events:,}")
    for problem in (events.problems + diary.problems)[:5]:
        print("problem:", problem)
    ok = (cost_ratio <= TARGET_COST_RATIO and suggestions == args.events and entries == args.events
          and set(events.statuses) == {201} and all(200 <= status < 300 for status in diary.statuses))
    print("RESULT:", "PASS" if ok else "FAIL")
    if not args.keep:
        servers.drop_database(args.server_url, args.database)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
