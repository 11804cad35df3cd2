"""The approval queue of a manager of 20 people with 500 waiting entries, on an office PC: Chromium at 6×
CPU slowdown on a 1.5 Mbit/s link, driven by Playwright, against floors measured in the same run.

    .venv/bin/python -m bench.approval_queue [--server-url postgresql+psycopg://postgres@127.0.0.1]
                                             [--app-root PATH] [--runs 5] [--keep]

1. (Re)creates the database okr_bench_queue, migrates and seeds it, opens the periods, and inserts 500
   submitted entries: 20 people of phường Hạc Thành × the last 5 working days × 5 entries. The reviewer is
   the unit's head (ht.trinhquangkhai), who approves for everyone of the unit.
2. Serves the app with gunicorn -w 2 behind gzip (bench/gzip_wsgi.py, standing for the production reverse
   proxy: the app does not compress). --app-root serves another checkout (e.g. the old page) on the same data.
3. Chromium (/usr/bin/chromium, the flags of tests/browser/conftest.py) signs in, then a CDP session sets
   Emulation.setCPUThrottlingRate 6 and Network.emulateNetworkConditions (1.5 Mbit/s down, 750 kbit/s up,
   20 ms latency). Assets (CSS, htmx) are cached by the sign-in, as on any day after the first.
4. Measures, median of --runs rounds after one warm-up round:
   - bytes on the wire of the /approvals document (encodedDataLength, gzip), and its raw size;
   - "usable": DOMContentLoaded end (htmx, a deferred script, wires the page in a DOMContentLoaded
     listener, so then the first Duyệt button works), and the load event;
   - DOM nodes (every node of the document, text included, and elements), layouts and style
     recalculations during the load (CDP Performance metrics LayoutCount, RecalcStyleCount);
   - approving one entry: from the click's event time to the frame after its row left the DOM.
   Floors in the same conditions: GET /healthz; the same HTML served as a static file (no server work);
   its head and nav alone (what any page of the app costs: CSS, htmx); a click → htmx GET /healthz → swap.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import select

from bench import servers

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "okr_bench_queue"
SECRET = "bench-approval-queue-not-secret"
PASSWORD = "Demo@2026"
UNIT, REVIEWER = "hac-thanh", "ht.trinhquangkhai"
PEOPLE, DAYS, PER_DAY = 20, 5, 5
CPU_RATE, DOWN_BPS, UP_BPS, LATENCY_MS = 6, 1_500_000 / 8, 750_000 / 8, 20
TARGET_KB, TARGET_USABLE_MS, TARGET_APPROVE_MS = 60, 1000, 300
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DESCRIPTIONS = ["Soạn thảo công văn trả lời kiến nghị của cử tri về chỉnh trang đô thị",
                "Tổng hợp báo cáo tuần của bộ phận gửi Văn phòng HĐND và UBND phường",
                "Tiếp nhận, kiểm tra hồ sơ thủ tục hành chính trên Hệ thống thông tin giải quyết TTHC",
                "Kiểm tra thực địa theo kế hoạch, lập biên bản và đề xuất hướng xử lý",
                "Dự họp giao ban, ghi biên bản và theo dõi việc thực hiện kết luận"]


def prepare(url: str) -> int:
    """Migrate, seed, open the periods and insert the waiting entries; how many were inserted."""
    from webapp import create_app
    from webapp.clock import local_today
    from webapp.db import new_session, upgrade_database
    from webapp.models import CatalogueItem, DiaryEntry, Person, Unit, UserAccount
    from webapp.models._base import utcnow
    from webapp.periods.service import month_period
    from webapp.seeding import load_all
    from webapp.workdays import earliest_allowed

    upgrade_database(url)
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": url, "REDIS_URL": None})
    with app.app_context(), new_session(app) as session:
        load_all(session, ROOT / "seeds")
        unit = session.exec(select(Unit).where(Unit.code == UNIT)).one()
        reviewer = session.exec(select(UserAccount).where(UserAccount.username == REVIEWER)).one()
        people = session.exec(select(Person).where(Person.unit_id == unit.id, Person.active,
                                                   Person.id != reviewer.person_id).order_by(Person.id)).all()[:PEOPLE]
        items = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id, CatalogueItem.active,
                                                         CatalogueItem.applies_to_all).order_by(CatalogueItem.code)).all()
        today = local_today()
        days = [earliest_allowed(session, today, back) for back in range(DAYS - 1, 0, -1)] + [today]
        for first in {d.replace(day=1) for d in days}:
            month_period(session, unit.id, first)
        session.commit()
        rows = [dict(person_id=p.id, unit_id=unit.id, work_date=day, item_id=item.id, quantity=Decimal(1 + n % 3),
                     coefficient=item.coefficient, hours=Decimal("1.5"), description=DESCRIPTIONS[n],
                     evidence_doc_number=f"{100 + n}/UBND-VP" if n % 2 else "", status="submitted",
                     submitted_at=utcnow(), created_at=utcnow(), version=2)
                for p in people for day in days for n, item in enumerate((items * PER_DAY)[:PER_DAY])]
        session.execute(insert(DiaryEntry), rows)
        session.commit()
    app.extensions["db_bind"].dispose()
    return len(rows)


def start_gunicorn(url: str, port: int, app_root: Path, static_dir: Path) -> subprocess.Popen:
    """gunicorn -w 2 serving the app of app_root behind gzip; waits until /healthz answers."""
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "REDIS_URL": "", "OKR_DEMO": "", "FLASK_DEBUG": "",
           "BENCH_STATIC_DIR": str(static_dir)}
    return servers.start(["-w", "2", "--pythonpath", f"{app_root},{ROOT / 'bench'}", "gzip_wsgi:app"], port,
                          app_root, env)


class Office:
    """A signed-in Chromium page throttled like an office PC, with a CDP session that counts bytes."""

    def __init__(self, page, cdp):
        self.page, self.cdp, self.encoded = page, cdp, {}
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        self.urls = {}

    def _response(self, event):
        self.urls[event["requestId"]] = event["response"]["url"]

    def _finished(self, event):
        self.encoded[self.urls.get(event["requestId"], "?")] = event["encodedDataLength"]

    def throttle(self, on: bool) -> None:
        """Office PC conditions on or off."""
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_RATE if on else 1})
        self.cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": LATENCY_MS if on else 0,
            "downloadThroughput": DOWN_BPS if on else -1, "uploadThroughput": UP_BPS if on else -1})

    def load(self, url: str) -> dict:
        """Navigate; timings, bytes and DOM figures of the load."""
        self.encoded.clear()
        self.page.goto(url, wait_until="load")
        after = self._metrics()
        timing = self.page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
            return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, ttfb: n.responseStart,
                    raw: n.decodedBodySize, elements: document.getElementsByTagName('*').length,
                    nodes: (() => { const w = document.createTreeWalker(document, NodeFilter.SHOW_ALL); let c = 1;
                                    while (w.nextNode()) c++; return c; })()}; }""")
        document = next((size for u, size in self.encoded.items() if u.split("?")[0] == url.split("?")[0]), 0)
        return {**timing, "wire": document, "wire_all": sum(self.encoded.values()),
                "layouts": after["LayoutCount"], "styles": after["RecalcStyleCount"]}  # counted per document

    def _metrics(self) -> dict:
        """CDP Performance metrics by name."""
        return {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}

    def click_to_swap(self, button_selector: str, gone_selector: str | None = None) -> float:
        """ms from the click's event time to the frame after the row (gone_selector) left the DOM, or after
        #messages received the answer (the floor)."""
        self.page.evaluate("""([gone]) => {
            window.__clicked = null;
            document.addEventListener('click', e => { window.__clicked = e.timeStamp; }, {capture: true, once: true});
            window.__swapped = new Promise(resolve => {
              const done = () => requestAnimationFrame(() => resolve(performance.now()));
              const observer = new MutationObserver(() => {
                const finished = gone ? !document.querySelector(gone) : document.querySelector('#messages').textContent === 'ok';
                if (finished) { observer.disconnect(); done(); }
              });
              observer.observe(document.body, {childList: true, subtree: true, characterData: true});
            }); }""", [gone_selector])
        self.page.click(button_selector)
        return self.page.evaluate("async () => (await window.__swapped) - window.__clicked")


def approve_first(office: Office) -> tuple[float, float]:
    """Approve the first waiting row (the row's own Duyệt button, old and new page alike): click → swap, and
    the request's own part (request start → response end)."""
    row_id = office.page.eval_on_selector("#approval-rows tr[id^=approval-]", "row => row.id")
    total = office.click_to_swap(f"#{row_id} button.primary", f"#{row_id}")
    request = office.page.evaluate("""() => { const e = performance.getEntriesByType('resource')
        .filter(r => r.name.endsWith('/approve')).pop(); return e ? e.responseEnd - e.startTime : 0; }""")
    return total, request


def swap_floor(office: Office) -> float:
    """A click → htmx GET /healthz → swap into #messages, on the same page."""
    office.page.evaluate("""() => { const b = document.createElement('button'); b.id = 'bench-floor';
        b.textContent = 'floor'; b.setAttribute('hx-get', '/healthz'); b.setAttribute('hx-target', '#messages');
        document.querySelector('main').prepend(b); htmx.process(b);
        document.querySelector('#messages').textContent = ''; }""")
    return office.click_to_swap("#bench-floor")


def median(values):
    """Median of numbers."""
    return statistics.median(values)


def measure(base: str, runs: int, static_dir: Path) -> dict:
    """Everything, median of `runs`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        page = context.new_page()
        page.goto(f"{base}/login")
        page.fill("#username", REVIEWER)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/approvals")  # caches the assets; the HTML is the floors' static copy
        html = page.content()
        (static_dir / "page.html").write_text(html, encoding="utf-8")
        shell = html[:html.index("<main>")] + "<main><div id=\"messages\"></div></main></body></html>"
        (static_dir / "shell.html").write_text(shell, encoding="utf-8")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Performance.enable")
        office = Office(page, cdp)
        office.throttle(True)
        loads, statics, shells, healthz, approvals, floors = [], [], [], [], [], []
        for run in range(runs + 1):  # the first round warms up (gunicorn workers, V8's code cache) and is dropped
            if run == 1:
                for figures in (loads, statics, shells, healthz, approvals, floors):
                    figures.clear()
            healthz.append(office.load(f"{base}/healthz"))
            shells.append(office.load(f"{base}/bench-static/shell"))
            statics.append(office.load(f"{base}/bench-static/page"))
            loads.append(office.load(f"{base}/approvals"))
            approvals.append(approve_first(office))
            floors.append(swap_floor(office))
        browser.close()
    pick = lambda rows, key: median([r[key] for r in rows])  # noqa: E731
    return {"page": {k: pick(loads, k) for k in loads[0]}, "static": {k: pick(statics, k) for k in statics[0]},
            "shell": {k: pick(shells, k) for k in shells[0]},
            "healthz": {k: pick(healthz, k) for k in healthz[0]}, "approve": approvals, "floor": floors}


def report(r: dict) -> bool:
    """Print the figures against targets and floors; True when every target is met."""
    page, static, shell, healthz = r["page"], r["static"], r["shell"], r["healthz"]
    approve, floor = median([t for t, _ in r["approve"]]), median(r["floor"])
    request = median([q for _, q in r["approve"]])
    ok_kb, ok_usable, ok_approve = page["wire"] / 1024 <= TARGET_KB, page["dcl"] <= TARGET_USABLE_MS, \
        approve <= TARGET_APPROVE_MS
    mark = lambda ok: "ok" if ok else "OVER"  # noqa: E731
    print()
    print(f"/approvals document on the wire (gzip): {page['wire'] / 1024:6.1f} KB   target ≤ {TARGET_KB} KB "
          f"[{mark(ok_kb)}]   raw {page['raw'] / 1024:.1f} KB; all requests {page['wire_all'] / 1024:.1f} KB; "
          f"floor /healthz {healthz['wire'] / 1024:.2f} KB")
    print(f"usable (DOMContentLoaded end):          {page['dcl']:6.0f} ms   target ≤ {TARGET_USABLE_MS} ms "
          f"[{mark(ok_usable)}]   first byte {page['ttfb']:.0f} ms, load {page['load']:.0f} ms; "
          f"floors: same HTML as a static file {static['dcl']:.0f} ms, its head and nav alone (CSS, htmx) "
          f"{shell['dcl']:.0f} ms, /healthz {healthz['dcl']:.0f} ms")
    print(f"DOM: {page['nodes']:.0f} nodes ({page['elements']} elements; floor /healthz {healthz['nodes']:.0f}), "
          f"{page['layouts']:.0f} layouts, "
          f"{page['styles']:.0f} style recalculations during the load (static copy: {static['layouts']:.0f} layouts)")
    print(f"approve one entry, click → swap:        {approve:6.0f} ms   target ≤ {TARGET_APPROVE_MS} ms "
          f"[{mark(ok_approve)}]   runs {', '.join(f'{t:.0f}' for t, _ in r['approve'])}; of which the POST "
          f"(request → response) {request:.0f} ms; floor click → GET /healthz → swap {floor:.0f} ms")
    return ok_kb and ok_usable and ok_approve


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server-url", default="postgresql+psycopg://postgres@127.0.0.1",
                        help="PostgreSQL server URL without a database name")
    parser.add_argument("--app-root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    print(f"Preparing {DB_NAME} (migrate, seed, {PEOPLE * DAYS * PER_DAY} waiting entries) …", flush=True)
    url = servers.recreate_database(args.server_url, DB_NAME)
    inserted = prepare(url)
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        static_dir = Path(tmp)
        server = start_gunicorn(url, port, args.app_root.resolve(), static_dir)
        try:
            print(f"gunicorn -w 2 + gzip on {base} serving {args.app_root.resolve()}; {inserted} entries wait for "
                  f"{REVIEWER}; Chromium ×{CPU_RATE} CPU, {DOWN_BPS * 8 / 1e6:.1f} Mbit/s, {LATENCY_MS} ms; "
                  f"{args.runs} runs", flush=True)
            ok = report(measure(base, args.runs, static_dir))
        finally:
            servers.stop(server)
    print("RESULT:", "PASS" if ok else "FAIL")
    if not args.keep:
        servers.drop_database(args.server_url, DB_NAME)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
