"""Mixed reads at province scale: gunicorn -w 2 on a database of bench/generate.py (12 months: 26 M diary entries),
wrk at 16 connections, each request one of the main pages of a signed-in member of staff, their manager or their
head (diary day and week, sheet, scorecard, approval queue, unit table, hours page), round robin. Prints req/s and
p50/p99 against the figure measured before the year of data (issue 14: 251 req/s, p99 88 ms on 2 cores).

    .venv/bin/python -m bench.province_pages --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench_m12
    .venv/bin/python -m bench.mixed_reads --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench_m12

Run bench.province_pages first: it prepares the unit (reporting lines, the month's sheets, the passwords).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench import servers
from bench.diary_post import DONE_LUA, USER_AGENT, wrk
from bench.okr import PASSWORD
from bench.province_pages import SECRET

ROOT = Path(__file__).resolve().parent.parent
BEFORE_RPS, BEFORE_P99_MS = 251, 88.0

MIXED_LUA = """
local requests = {
%(requests)s
}
local n = 0
function setup(thread)
  thread:set("offset", math.random(1, #requests))
end
request = function()
  n = n + 1
  local r = requests[((n + (offset or 0)) %% #requests) + 1]
  return wrk.format("GET", r[2], {["Cookie"] = r[1], ["User-Agent"] = "%(user_agent)s"})
end
"""


def sign_in(base: str, username: str) -> str:
    """Log in through the form; the session cookie header."""
    return servers.sign_in(base, username, PASSWORD, USER_AGENT)[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--unit", default="tn-001")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    sys.path.insert(0, str(ROOT))
    from bench.province_pages import prepare
    from webapp import create_app

    year, month = (int(x) for x in args.month.split("-"))
    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": args.database_url, "REDIS_URL": None,
                      "SESSION_COOKIE_SECURE": False, "LOG_FORMAT": "none"})
    plan = prepare(app, args.unit, date(year, month, 1))
    app.extensions["db_bind"].dispose()
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    server = servers.start(["-w", "2", "webapp:create_app()"], port, ROOT, {
        "DATABASE_URL": args.database_url, "SECRET_KEY": SECRET, "REDIS_URL": "", "SESSION_COOKIE_SECURE": "0",
        "LOG_FORMAT": "none", "OKR_DEMO": "", "FLASK_DEBUG": ""})
    try:
        staff, manager, head = (sign_in(base, plan[k]) for k in ("staff", "manager", "head"))
        key, day = f"{month:02d}/{year}", plan["day"].isoformat()
        pages = [(staff, f"/diary?day={day}"), (staff, f"/diary?day={day}&week=1"),
                 (staff, f"/sheets/{plan['sheet']}"), (staff, f"/people/{plan['person']}/scorecard?year={year}"),
                 (manager, "/approvals"),
                 (head, f"/units/{plan['unit']}/evaluations?month={key}"), (head, f"/hours?month={key}")]
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "mixed.lua"
            script.write_text(MIXED_LUA % {"requests": ",\n".join(f'  {{"{c}", "{p}"}}' for c, p in pages),
                                           "user_agent": USER_AGENT} + DONE_LUA)
            wrk(base, "/", script, 3, args.connections, 2)  # warm-up
            result = wrk(base, "/", script, args.duration, args.connections, 2)
    finally:
        servers.stop(server)
    print(f"mixed reads of {len(pages)} pages, wrk -c{args.connections} -d{args.duration}s, gunicorn -w 2: "
          f"{result['rps']:,.0f} req/s, p50 {result['p50_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms, "
          f"{result['errors']} errors (before the year of data: {BEFORE_RPS} req/s, p99 {BEFORE_P99_MS:.0f} ms)")


if __name__ == "__main__":
    main()
