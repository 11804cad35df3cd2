"""The OKR pages at province scale: a unit's tree and the objective pages of the province and of a bloc, with
progress measured from the month of ~2.2 M diary entries made by bench/generate.py, against a floor.

    .venv/bin/python -m bench.generate --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench
    .venv/bin/python -m bench.okr --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench [--runs 40]

1. Replaces the database's OKR with a province cascade for Q4 of the generated month's year: one province
   objective; one per bloc supporting it; one per unit (its head's, reviewed by the bloc's organiser) supporting
   its bloc's, with two key results from work (five catalogue items each) and one by check-in; one per division
   (its manager's) supporting its unit's, with two key results from work (three items each); one per person for
   every tenth person and every person of the measured unit, with one key result from work (two items).
   Everything agreed, every alignment made.
2. In-process (Flask test client: server time, no network), signed in through the form: the head of the
   measured unit opens /okr/units/<code>?period=<quarter>; the administrator opens the province objective's
   page and a bloc objective's page (its ~55 unit objectives measured from their units' work). GET /healthz,
   timed the same way, is the floor.
3. Prints p50, p95 and max of --runs requests after two warm-ups, and the target (issue 11: p95 ≤ 50 ms).
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import delete, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench@2026"
SECRET = "bench-okr-not-secret"
TARGET_P95_MS = 50.0
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
NOW = "2026-11-05 09:00:00+07"


def quarter(first: date) -> tuple[str, date, date]:
    """The key, first and last day of the month's quarter."""
    q = (first.month - 1) // 3 + 1
    ends = date(first.year + (q == 4), 1 if q == 4 else q * 3 + 1, 1)
    return f"{first.year}-Q{q}", date(first.year, q * 3 - 2, 1), date.fromordinal(ends.toordinal() - 1)


def _ids(conn, table, rows: list[dict]) -> list[int]:
    """Insert rows, returning their ids in order."""
    if not rows:
        return []
    return list(conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars())


def build(conn, month: date, measured_unit: str, rng: random.Random) -> dict:
    """Replace the OKR of the database with a province cascade for the month's quarter; return what to open."""
    from webapp.models import (
        CatalogueItem,
        CheckIn,
        KeyResult,
        KeyResultItem,
        Objective,
        ObjectiveAlignment,
        Person,
        Unit,
        UserAccount,
    )
    t = {m: m.__table__ for m in (CheckIn, KeyResult, KeyResultItem, Objective, ObjectiveAlignment)}
    for model in (CheckIn, KeyResultItem, KeyResult, ObjectiveAlignment, Objective):
        conn.execute(delete(model.__table__))
    key, first, last = quarter(month)
    period = {"period_key": key, "starts_on": first, "ends_on": last, "state": "agreed", "created_at": NOW,
              "agreed_at": NOW}
    accounts = conn.execute(select(UserAccount.id, UserAccount.role, UserAccount.unit_id, UserAccount.division_id,
                                   UserAccount.bloc_id, UserAccount.person_id, UserAccount.username)).all()
    admin = next(a for a in accounts if a.role == "admin")
    organisers = {a.bloc_id: a for a in accounts if a.role == "organiser"}
    heads = {a.unit_id: a for a in accounts if a.role == "head"}
    managers = {a.division_id: a for a in accounts if a.role == "manager" and a.division_id}
    units = conn.execute(select(Unit.id, Unit.code, Unit.bloc_id)).all()
    measured = next(u for u in units if u.code == measured_unit)
    items = {}
    for item_id, unit_id in conn.execute(select(CatalogueItem.id, CatalogueItem.unit_id).where(CatalogueItem.active)):
        items.setdefault(unit_id, []).append(item_id)
    people = {p.id: p for p in conn.execute(select(Person.id, Person.unit_id, Person.division_id).where(Person.active))}

    (province,) = _ids(conn, t[Objective], [{**period, "level": "province", "owner_id": admin.id,
                                             "reviewer_id": next(iter(organisers.values())).id,
                                             "title": "Hoàn thành toàn diện kế hoạch cải cách hành chính của tỉnh"}])
    blocs = dict(zip(organisers, _ids(conn, t[Objective], [
        {**period, "level": "bloc", "bloc_id": bloc, "owner_id": o.id, "reviewer_id": admin.id,
         "title": f"Khối {bloc}: nâng cao chất lượng thực thi công vụ"} for bloc, o in organisers.items()])))
    aligned = [{"objective_id": b, "supports_id": province, "created_at": NOW} for b in blocs.values()]
    with_head = [u for u in units if u.id in heads and u.bloc_id in organisers]
    unit_objectives = dict(zip([u.id for u in with_head], _ids(conn, t[Objective], [
        {**period, "level": "unit", "bloc_id": u.bloc_id, "unit_id": u.id, "owner_id": heads[u.id].id,
         "reviewer_id": organisers[u.bloc_id].id, "title": f"Đơn vị {u.code}: hoàn thành kế hoạch quý"}
        for u in with_head])))
    aligned += [{"objective_id": o, "supports_id": blocs[u.bloc_id], "created_at": NOW}
                for u in with_head for o in [unit_objectives[u.id]]]
    unit_of = {u.id: u for u in units}
    divisions = [(d, m) for d, m in managers.items() if m.unit_id in unit_objectives]
    division_objectives = dict(zip([d for d, _ in divisions], _ids(conn, t[Objective], [
        {**period, "level": "division", "bloc_id": unit_of[m.unit_id].bloc_id, "unit_id": m.unit_id,
         "division_id": d, "owner_id": m.id, "reviewer_id": heads[m.unit_id].id,
         "title": f"Phòng {d}: hoàn thành nhiệm vụ quý"} for d, m in divisions])))
    aligned += [{"objective_id": o, "supports_id": unit_objectives[managers[d].unit_id], "created_at": NOW}
                for d, o in division_objectives.items()]
    by_person = {a.person_id: a for a in accounts if a.person_id and a.role == "staff"}
    chosen = [p for p in people.values() if p.id in by_person and p.division_id in division_objectives
              and (p.unit_id == measured.id or rng.random() < 0.1)]
    person_objectives = dict(zip([p.id for p in chosen], _ids(conn, t[Objective], [
        {**period, "level": "person", "bloc_id": unit_of[p.unit_id].bloc_id, "unit_id": p.unit_id,
         "person_id": p.id, "owner_id": by_person[p.id].id,
         "reviewer_id": managers[p.division_id].id, "title": "Hoàn thành hồ sơ được giao đúng hạn"}
        for p in chosen])))
    aligned += [{"objective_id": o, "supports_id": division_objectives[people[p].division_id], "created_at": NOW}
                for p, o in person_objectives.items()]
    conn.execute(insert(t[ObjectiveAlignment]), aligned)

    krs, links, check_ins = [], [], []

    def key_results(objective_id: int, unit_id: int | None, shape: list[tuple[str, int, int]]) -> None:
        for n, (measured_by, weight, linked) in enumerate(shape):
            krs.append({"objective_id": objective_id, "title": f"Kết quả then chốt {n + 1}", "measure_unit": "sản phẩm",
                        "baseline": 0, "target": 400 if measured_by == "items" else 100, "weight": weight,
                        "allow_over": False, "measured_by": measured_by, "sort_order": n, "created_at": NOW})
            links.append(rng.sample(items.get(unit_id, []), min(linked, len(items.get(unit_id, [])))))

    for objective_id in (province, *blocs.values()):
        key_results(objective_id, None, [("checkin", 100, 0)])
    for unit_id, objective_id in unit_objectives.items():
        key_results(objective_id, unit_id, [("items", 40, 5), ("items", 30, 5), ("checkin", 30, 0)])
    for division_id, objective_id in division_objectives.items():
        key_results(objective_id, managers[division_id].unit_id, [("items", 50, 3), ("items", 50, 3)])
    for person_id, objective_id in person_objectives.items():
        key_results(objective_id, people[person_id].unit_id, [("items", 100, 2)])
    kr_ids = _ids(conn, t[KeyResult], krs)
    conn.execute(insert(t[KeyResultItem]), [{"key_result_id": k, "item_id": i}
                                            for k, linked in zip(kr_ids, links) for i in linked])
    for k, kr in zip(kr_ids, krs):
        if kr["measured_by"] == "checkin":
            check_ins += [{"key_result_id": k, "value": v, "confidence": "on_track", "note": "", "created_at": NOW,
                           "evidence_doc_number": f"{v}/BC"} for v in (20, 35)]
    conn.execute(insert(t[CheckIn]), check_ins)
    sizes = {b: sum(1 for u in with_head if u.bloc_id == b) for b in blocs}
    biggest = max(sizes, key=sizes.get)
    bloc = blocs[biggest]
    return {"key": key, "unit": measured.code, "head": heads[measured.id].username, "admin": admin.username,
            "province": province, "bloc": bloc, "counts": {
                "objectives": 1 + len(blocs) + len(unit_objectives) + len(division_objectives) + len(person_objectives),
                "key results": len(kr_ids), "item links": sum(len(x) for x in links),
                "bloc's unit objectives": sizes[biggest]}}


def sign_in(app, username: str):
    """A test client signed in through the form."""
    client = app.test_client()
    token = CSRF_RE.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return client


def timed(client, path: str, runs: int, expect: str = "") -> list[float]:
    """Milliseconds of each GET after two warm-ups (status 200 and, if given, a string in the page)."""
    for _ in range(2):
        body = client.get(path).get_data(as_text=True)
        assert expect in body, (path, body[:300])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        response.get_data()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    return times


def line(name: str, times: list[float]) -> str:
    """p50, p95, max."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return f"{name:<44}{statistics.median(ordered):>8.1f}{p95:>8.1f}{ordered[-1]:>8.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--unit", default="tn-001", help="the unit whose tree is opened")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--skip-build", action="store_true", help="keep the OKR rows of a previous run")
    args = parser.parse_args(argv)
    if "bench" not in args.database_url:
        sys.exit("Only on a benchmark database (its name contains 'bench'): the OKR tables are replaced.")
    sys.path.insert(0, str(ROOT))
    from webapp import create_app
    from webapp.auth.service import hash_password
    from webapp.models import UserAccount

    year, month = (int(x) for x in args.month.split("-"))
    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": args.database_url, "REDIS_URL": None,
                      "SESSION_COOKIE_SECURE": False})
    engine = app.extensions["db_bind"]
    with engine.begin() as conn:
        started = time.perf_counter()
        plan = build(conn, date(year, month, 1), args.unit, random.Random(11))
        for username in (plan["head"], plan["admin"]):
            conn.execute(UserAccount.__table__.update().where(UserAccount.username == username).values(
                password_hash=hash_password(PASSWORD), must_change_password=False, active=True))
        print(f"OKR built in {time.perf_counter() - started:.1f} s: {plan['counts']}")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE objective; ANALYZE keyresult; ANALYZE keyresultitem; ANALYZE checkin; "
                          "ANALYZE objectivealignment"))
        conn.commit()
        month_entries = conn.execute(text("SELECT count(*) FROM diaryentry WHERE work_date BETWEEN :a AND :b"),
                                     {"a": date(year, month, 1), "b": quarter(date(year, month, 1))[2]}).scalar()
    head, admin = sign_in(app, plan["head"]), sign_in(app, plan["admin"])
    rows = [("GET /healthz (floor)", timed(head, "/healthz", args.runs)),
            (f"unit tree /okr/units/{plan['unit']}", timed(head, f"/okr/units/{plan['unit']}?period={plan['key']}",
                                                        args.runs, "Mục tiêu và kết quả then chốt")),
            ("province objective page", timed(admin, f"/okr/objectives/{plan['province']}", args.runs)),
            (f"bloc objective page ({plan['counts']['bloc' + chr(39) + 's unit objectives']} units)",
             timed(admin, f"/okr/objectives/{plan['bloc']}", args.runs))]
    print(f"\n{month_entries:,} diary entries in the quarter; {args.runs} requests each, server time in ms")
    print(f"{'':<44}{'p50':>8}{'p95':>8}{'max':>8}")
    for name, times in rows:
        print(line(name, times))
    print(f"target: p95 ≤ {TARGET_P95_MS:.0f} ms (issue 11)")


if __name__ == "__main__":
    main()
