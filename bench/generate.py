"""Province-scale benchmark data: ~166 units, 20,000 people, and for each of --months months (1 by default, ending
with --month) their assignments and ~2.2 M diary entries: 12 months make about 26 M entries.

    .venv/bin/python -m bench.generate --database-url postgresql+psycopg://postgres@127.0.0.1/okr_bench
    .venv/bin/python -m bench.generate --database-url …/okr_bench_m12 --months 12 --month 2026-10

Creates the database when missing (``--recreate`` drops it first; only for names containing
"bench"), applies the migrations, loads ``seeds/`` (rule sets, holidays, the pilot units), then adds
``--units`` generated units ("Xã Thử nghiệm 001", ...) on the seeded blocs and levels with their
divisions, job positions, catalogue items, people with accounts, the month's assignments and diary
entries. Every bulk table is written with PostgreSQL COPY (psycopg 3 ``cursor.copy``) in one
transaction; ``session_replication_role = replica`` skips the per-row foreign-key triggers while
loading (ids are assigned here, consistently) and an anti-join check runs afterwards instead.
Deterministic: the same ``--seed`` gives the same rows. Ends with VACUUM ANALYZE.
"""
from __future__ import annotations

import argparse
import importlib
import calendar
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
PASSWORD_HASH = "bench:not-a-real-hash"  # generated accounts cannot log in
UNIT_CODE_PREFIX = "tn-"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Lương", "Trịnh", "Đinh", "Mai", "Cao", "Hà", "Lò", "Tống"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Xuân", "Thanh", "Đình", "Ngọc", "Trọng"]
MIDDLE_F = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Diệu"]
GIVEN_M = ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Mạnh", "Nam",
           "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh", "Hòa", "Lâm", "Tùng"]
GIVEN_F = ["An", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
           "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Ánh"]
DIVISIONS = ["Văn phòng", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Phòng Nội vụ", "Phòng Tư pháp",
             "Phòng Tài chính", "Phòng Quản lý đô thị"]
ITEM_VERBS = ["Soạn thảo", "Thẩm định", "Tổng hợp", "Kiểm tra", "Tiếp nhận, xử lý", "Báo cáo", "Rà soát",
              "Hướng dẫn", "Tham mưu", "Cập nhật"]
ITEM_OBJECTS = [("văn bản hành chính", "văn bản"), ("hồ sơ thủ tục hành chính", "hồ sơ"),
                ("báo cáo định kỳ", "báo cáo"), ("kế hoạch công tác", "kế hoạch"), ("đơn thư của công dân", "đơn"),
                ("số liệu thống kê", "biểu"), ("cuộc họp, hội nghị", "cuộc họp"), ("dự thảo quyết định", "dự thảo"),
                ("hồ sơ đất đai", "hồ sơ"), ("chứng thực bản sao", "bản")]
DESCRIPTIONS = [
    "Soạn thảo và trình ký theo phân công của lãnh đạo phòng",
    "Tiếp nhận, kiểm tra hồ sơ và chuyển bộ phận liên quan xử lý",
    "Tổng hợp số liệu, lập biểu báo cáo gửi cấp trên đúng hạn",
    "Rà soát, hoàn thiện dự thảo theo ý kiến góp ý",
    "Tham dự họp, ghi biên bản và thông báo kết luận",
    "Kiểm tra thực địa, lập biên bản hiện trạng",
    "Cập nhật dữ liệu lên phần mềm quản lý văn bản",
    "Hướng dẫn công dân hoàn thiện thủ tục hành chính",
]
HOURS = ["0.50", "1.00", "1.00", "1.50", "1.50", "2.00", "2.00", "2.50", "3.00"]
# (text, half units): mostly whole products, some halves and batches
QUANTITIES = [("1.00", 2)] * 14 + [("2.00", 4)] * 4 + [("3.00", 6), ("0.50", 1)]
SOURCES = ["plan"] * 6 + ["document"] * 2 + ["adhoc"] * 2


@dataclass
class Config:
    units: int = 160
    people: int = 20_000
    divisions: int = 5
    items: int = 40
    assignments: int = 5
    entries_min: int = 95
    entries_max: int = 125
    month: date = date(2026, 10, 1)
    months: int = 1
    seed: int = 335


@dataclass
class UnitPlan:
    id: int
    code: str
    divisions: list[int] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    items: list[tuple[int, str]] = field(default_factory=list)  # (id, K text)
    items_for: dict[str, list[int]] = field(default_factory=dict)  # position code -> item indices


@dataclass
class PersonPlan:
    id: int
    unit: UnitPlan
    position: str
    reviewer_id: int | None
    repertoire: list[int] = field(default_factory=list)  # item indices of the unit


# --- connections ------------------------------------------------------------------------------------

SUMMARY_FILL = importlib.import_module("migrations.versions.0003_work_summary").FILL
ITEM_SUMMARY_FILL = importlib.import_module("migrations.versions.0015_okr").FILL


def conninfo(url: str, database: str | None = None) -> str:
    """A libpq conninfo from a SQLAlchemy URL."""
    parsed = make_url(url)
    if database:
        parsed = parsed.set(database=database)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def prepare_database(url: str, recreate: bool) -> None:
    """Create (or drop and create) the database, apply the migrations and load seeds/."""
    name = make_url(url).database
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and recreate:
            if "bench" not in name:
                sys.exit(f"--recreate refuses to drop {name!r}: only databases whose name contains 'bench'.")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(name)))
            print(f"database {name} created")
    from webapp import models  # noqa: F401  (registers the tables)
    from webapp.db import upgrade_database
    from webapp.seeding import load_all

    upgrade_database(url)
    engine = create_engine(url)
    with Session(engine) as session:
        counts = load_all(session, ROOT / "seeds")
    engine.dispose()
    added = {t: a for t, (a, _u) in counts.items() if a}
    print(f"seeds loaded: {added or 'already present'}")


# --- generation -------------------------------------------------------------------------------------

class Copier:
    """COPY one table in text format, in chunks, counting rows."""

    def __init__(self, cur: psycopg.Cursor, table: str, columns: list[str]):
        self.cur, self.table, self.columns = cur, table, columns
        self.rows = 0

    def __enter__(self):
        stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.table), sql.SQL(", ").join(map(sql.Identifier, self.columns)))
        self._ctx = self.cur.copy(stmt)
        self.copy = self._ctx.__enter__()
        self.buffer: list[str] = []
        return self

    def add(self, *values) -> None:
        self.buffer.append("\t".join(values) + "\n")
        if len(self.buffer) >= 20_000:
            self.flush()

    def add_line(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= 20_000:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.rows += len(self.buffer)
            self.copy.write("".join(self.buffer))
            self.buffer.clear()

    def __exit__(self, *exc):
        if exc[0] is None:
            self.flush()
        return self._ctx.__exit__(*exc)


def b(value: bool) -> str:
    return "t" if value else "f"


def n(value) -> str:
    return "\\N" if value is None else str(value)


class Generator:
    def __init__(self, conn: psycopg.Connection, cfg: Config):
        self.conn, self.cfg = conn, cfg
        self.rng = random.Random(cfg.seed)
        self.counts: dict[str, int] = {}
        self.times: dict[str, float] = {}
        cur = conn.cursor()
        self.next_id = {t: cur.execute(sql.SQL("SELECT coalesce(max(id), 0) + 1 FROM {}").format(sql.Identifier(t))).fetchone()[0]
                        for t in ("unit", "division", "jobposition", "catalogueitem", "person", "useraccount",
                                  "assignment", "diaryentry")}
        self.blocs = dict(cur.execute("SELECT code, id FROM bloc").fetchall())
        self.levels = dict(cur.execute("SELECT code, id FROM level").fetchall())
        self.set_month(cfg.month)
        # Items in force from the first generated month (or 01/01/2026 as before).
        self.items_from = min(months_ending(cfg.month, cfg.months)[0], date(2026, 1, 1)).isoformat()
        if cur.execute("SELECT 1 FROM unit WHERE code LIKE %s LIMIT 1", (UNIT_CODE_PREFIX + "%",)).fetchone():
            sys.exit("Generated units already exist in this database: use --recreate (or a fresh database).")

    def set_month(self, first: date) -> None:
        """The month whose work is generated next: its first and last day and its working days."""
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        holidays = {r[0] for r in self.conn.execute("SELECT day FROM holiday WHERE day BETWEEN %s AND %s",
                                                    (first, last))}
        self.first, self.last = first, last
        self.days = [first + timedelta(d) for d in range((last - first).days + 1)
                     if (first + timedelta(d)).weekday() < 5 and first + timedelta(d) not in holidays]

    def ids(self, table: str, count: int) -> range:
        start = self.next_id[table]
        self.next_id[table] = start + count
        return range(start, start + count)

    def timed(self, name: str, started: float, rows: int) -> None:
        self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - started
        self.counts[name] = self.counts.get(name, 0) + rows

    # -- organisation, positions, catalogue --

    def organisation(self) -> list[UnitPlan]:
        cfg, rng, cur = self.cfg, self.rng, self.conn.cursor()
        units: list[UnitPlan] = []
        t0 = time.perf_counter()
        with Copier(cur, "unit", ["id", "code", "name", "short_name", "bloc_id", "level_id", "place",
                                  "superior_name", "is_pilot", "active"]) as out:
            for i, uid in enumerate(self.ids("unit", cfg.units), start=1):
                provincial = i <= cfg.units // 6  # about one in six is a provincial agency
                bloc = ("dang" if i % 3 == 0 else "mttq" if i % 3 == 1 else "chinhquyen") if provincial and i % 2 else "chinhquyen"
                kind = "Sở" if provincial else "Xã"
                name = f"{kind} Thử nghiệm {i:03d}"
                code = f"{UNIT_CODE_PREFIX}{i:03d}"
                out.add(str(uid), code, name, name, str(self.blocs[bloc]), str(self.levels["tinh" if provincial else "xa"]),
                        f"Thử nghiệm {i:03d}", "TỈNH THỬ NGHIỆM", "f", "t")
                units.append(UnitPlan(uid, code))
        self.timed("unit", t0, out.rows)

        t0 = time.perf_counter()
        with Copier(cur, "division", ["id", "unit_id", "code", "name", "sort_order"]) as out:
            for unit in units:
                for k, did in enumerate(self.ids("division", cfg.divisions), start=1):
                    out.add(str(did), str(unit.id), f"p{k}", DIVISIONS[(k - 1) % len(DIVISIONS)], str(k))
                    unit.divisions.append(did)
        self.timed("division", t0, out.rows)

        positions = [("LD-TT", "Thủ trưởng cơ quan", "leadership"), ("LD-TP", "Trưởng phòng", "leadership"),
                     ("CV-01", "Chuyên viên tổng hợp", "professional"), ("CV-02", "Chuyên viên kinh tế", "professional"),
                     ("CV-03", "Chuyên viên văn hóa - xã hội", "professional"), ("CV-04", "Chuyên viên pháp chế", "professional"),
                     ("NV-01", "Văn thư - lưu trữ", "support")]
        t0 = time.perf_counter()
        with Copier(cur, "jobposition", ["id", "unit_id", "code", "name", "position_group", "description"]) as out:
            for unit in units:
                for (code, name, group), pid in zip(positions, self.ids("jobposition", len(positions))):
                    out.add(str(pid), str(unit.id), code, name, group, f"{name} (dữ liệu thử nghiệm)")
                    unit.positions[code] = pid
        self.timed("jobposition", t0, out.rows)

        k_values = [f"{x / 100:.2f}" for x in range(80, 201, 5)]  # 0.80 .. 2.00
        links: list[tuple[int, int]] = []
        t0 = time.perf_counter()
        with Copier(cur, "catalogueitem", ["id", "unit_id", "code", "name", "unit_of_measure", "task_group",
                                           "coefficient", "standard_hours", "applies_to_all", "effective_from",
                                           "version", "approved_at", "active"]) as out:
            codes = [p[0] for p in positions]
            for unit in units:
                unit.items_for = {c: [] for c in codes}
                for j, iid in enumerate(self.ids("catalogueitem", cfg.items)):
                    verb, (obj, uom) = rng.choice(ITEM_VERBS), rng.choice(ITEM_OBJECTS)
                    k = rng.choice(k_values)
                    to_all = rng.random() < 0.2
                    out.add(str(iid), str(unit.id), f"SP-{j + 1:03d}", f"{verb} {obj} (mục {j + 1})", uom,
                            rng.choice("ABBCCCDD"), k, f"{float(k) * 2.5:.2f}", b(to_all), self.items_from,
                            "1", "2025-12-20 08:00:00+07", "t")
                    unit.items.append((iid, k))
                    chosen = codes if to_all else rng.sample(codes, rng.randint(1, 3))
                    for c in chosen:
                        unit.items_for[c].append(j)
                        if not to_all:
                            links.append((iid, unit.positions[c]))
        self.timed("catalogueitem", t0, out.rows)
        t0 = time.perf_counter()
        with Copier(cur, "catalogueitemposition", ["item_id", "position_id"]) as out:
            for iid, pid in links:
                out.add(str(iid), str(pid))
        self.timed("catalogueitemposition", t0, out.rows)
        return units

    # -- people and accounts --

    def people(self, units: list[UnitPlan]) -> list[PersonPlan]:
        cfg, rng, cur = self.cfg, self.rng, self.conn.cursor()
        weights = [rng.uniform(0.5, 1.5) for _ in units]
        scale = cfg.people / sum(weights)
        sizes = [max(cfg.divisions + 3, int(w * scale)) for w in weights]
        for i in range(cfg.people - sum(sizes)):  # exact total
            sizes[i % len(sizes)] += 1
        plans: list[PersonPlan] = []
        t0 = time.perf_counter()
        person_out = Copier(cur, "person", ["id", "unit_id", "division_id", "position_id", "full_name", "gender",
                                            "title", "staff_kind", "is_leader", "started_on", "active"])
        account_rows: list[str] = []
        with person_out as out:
            account_ids = iter(self.ids("useraccount", cfg.people))
            for unit, size in zip(units, sizes):
                pids = list(self.ids("person", size))
                head_id, manager_ids = pids[0], pids[1:1 + cfg.divisions]
                for idx, pid in enumerate(pids):
                    if idx == 0:
                        role, position, division, title, reviewer = "head", "LD-TT", unit.divisions[0], "Thủ trưởng", None
                    elif idx <= cfg.divisions:
                        role, position, division = "manager", "LD-TP", unit.divisions[idx - 1]
                        title, reviewer = "Trưởng phòng", head_id
                    else:
                        d = rng.randrange(cfg.divisions)
                        role, division, reviewer = "staff", unit.divisions[d], manager_ids[d]
                        position = rng.choice(["CV-01", "CV-02", "CV-03", "CV-04", "CV-01", "CV-02", "NV-01"])
                        title = "Văn thư" if position == "NV-01" else "Chuyên viên"
                    female = rng.random() < 0.5
                    name = " ".join((rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                                     rng.choice(GIVEN_F if female else GIVEN_M)))
                    leader = role != "staff"
                    out.add(str(pid), str(unit.id), str(division), str(unit.positions[position]), name,
                            "Nữ" if female else "Nam", title, "can_bo" if role == "head" else "cong_chuc",
                            b(leader), f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-01", "t")
                    account_rows.append("\t".join((
                        str(next(account_ids)), f"{unit.code}.u{pid}", PASSWORD_HASH, role, str(pid), str(unit.id),
                        str(division), name, "t", "2026-01-05 08:00:00+07")) + "\n")
                    plan = PersonPlan(pid, unit, position, reviewer)
                    applicable = unit.items_for[position] or list(range(len(unit.items)))
                    plan.repertoire = rng.sample(applicable, min(len(applicable), rng.randint(8, 12)))
                    plans.append(plan)
        self.timed("person", t0, person_out.rows)
        t0 = time.perf_counter()
        with Copier(cur, "useraccount", ["id", "username", "password_hash", "role", "person_id", "unit_id",
                                         "division_id", "display_name", "active", "created_at"]) as out:
            for line in account_rows:
                out.add_line(line)
        self.timed("useraccount", t0, out.rows)
        return plans

    # -- the month's work --

    def work(self, plans: list[PersonPlan], latest: bool = True) -> None:
        """The month's diary entries streamed by COPY; each person's assignments are sized from their entries,
        copied after. Only the latest month has its last days mostly still awaiting approval."""
        cfg, rng, cur = self.cfg, self.rng, self.conn.cursor()
        days = self.days
        n_days = len(days)
        day_text = [d.isoformat() for d in days]
        created = [f"{d} 16:30:00+07" for d in days]
        submitted = [f"{d} 17:00:00+07" for d in days]
        reviewed = [f"{days[min(i + 1, n_days - 1)]} 09:00:00+07" for i, d in enumerate(days)]
        late_days = n_days - 3 if latest else n_days  # the last three working days are mostly awaiting approval
        doc_numbers = [f"{k}/UBND-VP" for k in range(1, 400)]
        deadlines = days[n_days // 3:]
        assignment_lines: list[str] = []
        assigned_created = f"{self.first - timedelta(days=3)} 08:00:00+07"
        random_, choice, randrange = rng.random, rng.choice, rng.randrange
        entry_ids = iter(range(self.next_id["diaryentry"], 10**12))
        t0 = time.perf_counter()
        with Copier(cur, "diaryentry", [
                "id", "person_id", "unit_id", "work_date", "item_id", "assignment_id", "quantity", "coefficient",
                "hours", "description", "evidence_doc_number", "evidence_doc_date", "evidence_link", "status",
                "return_reason", "quality_errors", "errors_exempt", "delay_exempt", "exemption_reason",
                "completed_on", "is_late", "submitted_at", "reviewed_by_id", "reviewed_at", "version",
                "created_at"]) as out:
            buf_add = out.add_line
            for plan in plans:
                unit = plan.unit
                pid, uid = str(plan.id), str(unit.id)
                reviewer = str(plan.reviewer_id if plan.reviewer_id is not None else plan.id)
                count = cfg.assignments if len(plan.repertoire) >= cfg.assignments else len(plan.repertoire)
                a_items = rng.sample(plan.repertoire, count)
                a_ids = list(self.ids("assignment", count))
                a_halves = [0] * count
                a_text = [(str(a_ids[k]), str(unit.items[a_items[k]][0]), unit.items[a_items[k]][1]) for k in range(count)]
                declared_items = [(str(unit.items[j][0]), unit.items[j][1]) for j in plan.repertoire]
                n_entries = rng.randint(cfg.entries_min, cfg.entries_max)
                for e in range(n_entries):
                    di = e * n_days // n_entries
                    if count and random_() < 0.86:
                        k = randrange(count)
                        aid, item_id, coeff = a_text[k]
                        linked = True
                    else:
                        item_id, coeff = choice(declared_items)
                        aid, linked, k = "\\N", False, -1
                    qty, halves = choice(QUANTITIES)
                    if k >= 0:
                        a_halves[k] += halves
                    approved = random_() >= (0.35 if di >= late_days else 0.02)
                    r = random_()
                    errors = 2 if r < 0.005 else 1 if r < 0.035 else 0
                    errors_exempt = errors > 0 and random_() < 0.2
                    late = linked and random_() < 0.04
                    delay_exempt = late and random_() < 0.25
                    reason = "Nguyên nhân khách quan đã được xác nhận" if errors_exempt or delay_exempt else ""
                    has_doc = random_() < 0.3
                    buf_add("\t".join((
                        str(next(entry_ids)), pid, uid, day_text[di], item_id, aid, qty, coeff, choice(HOURS),
                        choice(DESCRIPTIONS), choice(doc_numbers) if has_doc else "",
                        day_text[di] if has_doc else "\\N", "", "approved" if approved else "submitted", "",
                        str(errors), b(errors_exempt), b(delay_exempt), reason, day_text[di], b(late),
                        submitted[di], reviewer if approved else "\\N", reviewed[di] if approved else "\\N", "1",
                        created[di])) + "\n")
                for k in range(count):
                    planned = max(1, round(a_halves[k] / 2 * rng.uniform(0.85, 1.2)))
                    assignment_lines.append("\t".join((
                        a_text[k][0], uid, pid, a_text[k][1], f"{planned}.00", choice(deadlines).isoformat(),
                        choice(SOURCES), "", str(plan.reviewer_id) if plan.reviewer_id else "\\N",
                        assigned_created, "\\N")) + "\n")
                if random_() < 0.05:  # a cancelled assignment: filtered out by month close
                    (aid,) = self.ids("assignment", 1)
                    assignment_lines.append("\t".join((
                        str(aid), uid, pid, str(unit.items[plan.repertoire[0]][0]), "2.00", days[-1].isoformat(),
                        "adhoc", "Đã hủy", str(plan.reviewer_id) if plan.reviewer_id else "\\N", assigned_created,
                        f"{self.first + timedelta(days=7)} 10:00:00+07")) + "\n")
        self.next_id["diaryentry"] += out.rows
        self.timed("diaryentry", t0, out.rows)
        t0 = time.perf_counter()
        with Copier(cur, "assignment", ["id", "unit_id", "person_id", "item_id", "quantity", "deadline", "source",
                                        "note", "assigned_by_id", "created_at", "cancelled_at"]) as out:
            for line in assignment_lines:
                out.add_line(line)
        self.timed("assignment", t0, out.rows)

    def fix_sequences(self) -> None:
        cur = self.conn.cursor()
        for table in self.next_id:
            cur.execute(sql.SQL("SELECT setval(pg_get_serial_sequence({t}, 'id'), (SELECT max(id) FROM {i}))").format(
                t=sql.Literal(table), i=sql.Identifier(table)))


CHECKS = {
    "entries without their person": "SELECT count(*) FROM diaryentry d LEFT JOIN person p ON p.id = d.person_id WHERE p.id IS NULL",
    "entries without their item": "SELECT count(*) FROM diaryentry d LEFT JOIN catalogueitem c ON c.id = d.item_id WHERE c.id IS NULL",
    "entries without their assignment": "SELECT count(*) FROM diaryentry d LEFT JOIN assignment a ON a.id = d.assignment_id "
                                        "WHERE d.assignment_id IS NOT NULL AND a.id IS NULL",
    "entries of another unit's person": "SELECT count(*) FROM diaryentry d JOIN person p ON p.id = d.person_id WHERE p.unit_id <> d.unit_id",
    "assignments without their person": "SELECT count(*) FROM assignment a LEFT JOIN person p ON p.id = a.person_id WHERE p.id IS NULL",
    "accounts without their person": "SELECT count(*) FROM useraccount u LEFT JOIN person p ON p.id = u.person_id "
                                     "WHERE u.person_id IS NOT NULL AND p.id IS NULL",
}


def months_ending(last: date, count: int) -> list[date]:
    """The first days of the `count` months ending with `last`'s month, oldest first."""
    index = last.year * 12 + last.month - 1
    return [date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(count - 1, -1, -1)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="postgresql+psycopg://user@host/okr_bench")
    parser.add_argument("--recreate", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--units", type=int, default=Config.units, help="generated units (the 6 seeded ones come on top)")
    parser.add_argument("--people", type=int, default=Config.people)
    parser.add_argument("--month", default="2026-10", help="yyyy-mm of the generated work (the last month)")
    parser.add_argument("--months", type=int, default=1, help="months of work ending with --month (12: ~26 M entries)")
    parser.add_argument("--seed", type=int, default=Config.seed)
    args = parser.parse_args(argv)
    year, month = (int(x) for x in args.month.split("-"))
    cfg = Config(units=args.units, people=args.people, month=date(year, month, 1), months=args.months,
                 seed=args.seed)
    if not args.database_url.startswith("postgresql"):
        sys.exit("The benchmark needs PostgreSQL (COPY).")

    started = time.perf_counter()
    prepare_database(args.database_url, args.recreate)
    prepared = time.perf_counter()
    with psycopg.connect(conninfo(args.database_url)) as conn:
        conn.execute("SET session_replication_role = replica")  # no per-row FK triggers while loading
        gen = Generator(conn, cfg)
        units = gen.organisation()
        plans = gen.people(units)
        for first in months_ending(cfg.month, args.months):
            gen.set_month(first)
            gen.work(plans, latest=first == cfg.month)
            print(f"{first:%m/%Y}: {gen.counts['diaryentry']:,} diary entries so far", flush=True)
        gen.fix_sequences()
        conn.execute("SET session_replication_role = DEFAULT")
        # The approvals the generator skipped keep WorkSummary and ItemWorkSummary; fill them as migrations
        # 0003 and 0015 do.
        summarised = time.perf_counter()
        conn.execute("DELETE FROM worksummary")
        conn.execute(SUMMARY_FILL)
        conn.execute("DELETE FROM itemworksummary")
        conn.execute(ITEM_SUMMARY_FILL)
        print(f"worksummary and itemworksummary filled from the approved entries in "
              f"{time.perf_counter() - summarised:.1f} s")
        conn.commit()
    loaded = time.perf_counter()
    with psycopg.connect(conninfo(args.database_url), autocommit=True) as conn:
        problems = {name: conn.execute(q).fetchone()[0] for name, q in CHECKS.items()}
        checked = time.perf_counter()
        conn.execute("VACUUM (ANALYZE)")
        analysed = time.perf_counter()
        totals = {t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
                  for t in ("unit", "division", "jobposition", "catalogueitem", "catalogueitemposition", "person",
                            "useraccount", "assignment", "diaryentry")}
        month_rows = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'approved'), count(*) FILTER (WHERE assignment_id IS NULL) "
            "FROM diaryentry WHERE work_date BETWEEN %s AND %s", (gen.first, gen.last)).fetchone()
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]

    print(f"\n{'table':<24}{'generated':>12}{'seconds':>9}{'rows/s':>10}{'total in db':>13}")
    for table, rows in gen.counts.items():
        secs = gen.times[table]
        print(f"{table:<24}{rows:>12,}{secs:>9.2f}{rows / secs if secs else 0:>10,.0f}{totals.get(table, rows):>13,}")
    print(f"\n{args.months} month(s); month {args.month}: {month_rows[0]:,} diary entries, {month_rows[1]:,} approved, "
          f"{month_rows[2]:,} declared (no assignment); {len(gen.days)} working days")
    bad = {k: v for k, v in problems.items() if v}
    print(f"integrity checks: {'all passed' if not bad else bad} ({checked - loaded:.1f} s)")
    print(f"database size {size}")
    print(f"time: migrations + seeds {prepared - started:.1f} s, COPY {loaded - prepared:.1f} s, "
          f"checks {checked - loaded:.1f} s, VACUUM ANALYZE {analysed - checked:.1f} s, total {analysed - started:.1f} s")
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
