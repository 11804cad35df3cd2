"""A reference e-office sender: it plays the province's document-management system and posts a day of
document events of one unit to POST /api/v1/work-events, as a real HTTP client (keep-alive connections,
one per worker thread), with the integration client's token from the environment.

    OKR_API_TOKEN=okr_… .venv/bin/python -m bench.eoffice_sender --base-url http://127.0.0.1:5180 \\
        --unit so-noi-vu --people ht.a,ht.b --item-code SNV-001 [--document-type cong-van] \\
        [--date 2026-11-20] [--per-person 3] [--connections 4] [--prefix VB]

People are named by username or national staff id (what the e-office knows of them); each event carries
a document number, date and link, and either a catalogue item code or a document type the unit maps to
one. The external id is "<prefix>-<unit>-<date>-<n>": sending the same day again is idempotent.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import cycle

PATH = "/api/v1/work-events"
TOKEN_VARIABLE = "OKR_API_TOKEN"


def day_of_events(unit: str, day: date, people: list[str], items: list[dict], per_person: int = 3,
                  prefix: str = "VB") -> list[dict]:
    """The unit's documents of the day: `per_person` for each person, the items (item_code or document_type)
    taken in turn."""
    kinds, events, n = cycle(items), [], 0
    for person in people:
        for _ in range(per_person):
            n += 1
            number = f"{n}/{day:%Y}/{prefix}-{unit.upper()[:8]}"
            events.append({
                "external_id": f"{prefix}-{unit}-{day.isoformat()}-{n}",
                "person": {"national_id": person} if person[:1].isdigit() else {"username": person},
                "date": day.isoformat(), **next(kinds), "quantity": "1",
                "summary": f"Văn bản số {number} ban hành ngày {day:%d/%m/%Y}",
                "document": {"number": number, "date": day.isoformat(),
                             "link": f"https://qlvb.thanhhoa.gov.vn/van-ban/{prefix.lower()}-{day:%Y%m%d}-{n}"},
            })
    return events


@dataclass
class Sent:
    """What the sending of a batch of events came to."""

    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in seconds."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0

    @property
    def rate(self) -> float:
        """Events per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class Sender:
    """An HTTP client of the API: one keep-alive connection per thread, the bearer token on every call."""

    def __init__(self, base_url: str, token: str, timeout: float = 30):
        parsed = urllib.parse.urlsplit(base_url)
        self.https, self.host, self.port = parsed.scheme == "https", parsed.hostname, parsed.port
        self.token, self.timeout = token, timeout
        self.local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        """This thread's connection, opened on first use."""
        if getattr(self.local, "conn", None) is None:
            kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            self.local.conn = kind(self.host, self.port, timeout=self.timeout)
        return self.local.conn

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        """One JSON call with the bearer token; (status, body)."""
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        sent = {"Authorization": f"Bearer {self.token}", "Accept": "application/json",
                **({"Content-Type": "application/json"} if data else {}), **(headers or {})}
        return self.send(method, path, data, sent)

    def send(self, method: str, path: str, data: bytes | None, headers: dict, retry: bool = True) -> tuple[int, bytes]:
        """One request on this thread's connection; a connection the server closed is opened again once."""
        conn = self._connection()
        try:
            conn.request(method, path, body=data, headers={"User-Agent": "eoffice-sender/1", **headers})
            response = conn.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, ConnectionError):
            conn.close()
            self.local.conn = None
            if not retry:
                raise
            return self.send(method, path, data, headers, retry=False)

    def post_event(self, event: dict) -> tuple[int, bytes, float]:
        """POST one work event; (status, body, seconds)."""
        start = time.perf_counter()
        status, body = self.request("POST", PATH, event)
        return status, body, time.perf_counter() - start


def send_all(sender: Sender, events: list[dict], connections: int = 4) -> Sent:
    """Post every event over `connections` connections at once; statuses, latencies, problems."""
    return timed_calls(lambda event: (*sender.post_event(event), event["external_id"]), events, connections)


def timed_calls(call, items: list, connections: int) -> Sent:
    """Run call(item) → (status, body, seconds, label) for every item on `connections` threads at once."""
    sent, lock = Sent(), threading.Lock()

    def one(item) -> None:
        status, body, seconds, label = call(item)
        with lock:
            sent.statuses[status] += 1
            sent.latencies.append(seconds)
            if status >= 400 and len(sent.problems) < 20:
                sent.problems.append({"item": label, **_json(body)})

    start = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(one, items))
    sent.seconds = time.perf_counter() - start
    return sent


def _json(body: bytes) -> dict:
    """A response body as JSON, or its text."""
    try:
        return json.loads(body)
    except ValueError:
        return {"text": body[:200].decode(errors="replace")}


def _items(args) -> list[dict]:
    """The kinds of document the events cycle through."""
    kinds = [{"item_code": code} for code in args.item_code] + [{"document_type": t} for t in args.document_type]
    if not kinds:
        raise SystemExit("Cần ít nhất một --item-code hoặc --document-type.")
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--unit", required=True, help="the unit's code (so-noi-vu)")
    parser.add_argument("--people", required=True, help="usernames or national staff ids, comma-separated")
    parser.add_argument("--item-code", action="append", default=[])
    parser.add_argument("--document-type", action="append", default=[])
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    parser.add_argument("--per-person", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--prefix", default="VB")
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise SystemExit(f"{TOKEN_VARIABLE} chưa được đặt: mã truy cập của hệ thống tích hợp.")
    people = [p.strip() for p in args.people.split(",") if p.strip()]
    events = day_of_events(args.unit, args.date, people, _items(args), args.per_person, args.prefix)
    sent = send_all(Sender(args.base_url, token), events, args.connections)
    print(f"{len(events)} sự kiện: {dict(sent.statuses)}; {sent.rate:,.0f} sự kiện/giây, "
          f"p99 {sent.percentile(99) * 1000:.1f} ms")
    for problem in sent.problems:
        print(json.dumps(problem, ensure_ascii=False))
    return 0 if all(status < 400 for status in sent.statuses) else 1


if __name__ == "__main__":
    sys.exit(main())
