"""Cán bộ, công chức, viên chức: upsert on the national staff identifier; people of the unit missing from the
file are retired (end date, inactive, their account locked), never deleted; new people get a staff account."""
from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from ..auth.usernames import new_usernames
from ..clock import local_today, utcnow
from ..models import Division, JobPosition, Person, Unit, UserAccount
from ..org.lines import reset_default_lines
from .bulk import audit_many, update_many
from .changes import Change, Changes, differences
from .columns import STAFF as SPEC
from .reader import Problems

HEADERS = {column.key: column.header for column in SPEC.columns}
FIELDS = ("full_name", "gender", "staff_kind", "title", "position_code", "division_code", "is_leader", "started_on",
          "left_on", "active")
AUDITED_ACCOUNT = ("username", "role", "person_id", "division_id", "must_change_password")
LOCKED_HASH = "!"  # matches no password: the account opens when the officer prints its initial password


def _codes(session: Session, model, unit: Unit) -> dict[int, str]:
    """id → code of the unit's positions or divisions."""
    return dict(session.exec(select(model.id, model.code).where(model.unit_id == unit.id)).all())


def _current(session: Session, unit: Unit) -> list[tuple[Person, dict]]:
    """The unit's people with their values as the file writes them."""
    positions, divisions = _codes(session, JobPosition, unit), _codes(session, Division, unit)
    people = session.exec(select(Person).where(Person.unit_id == unit.id).order_by(Person.national_id, Person.id))
    return [(p, {"full_name": p.full_name, "gender": p.gender, "staff_kind": p.staff_kind, "title": p.title,
                 "position_code": positions.get(p.position_id, ""), "division_code": divisions.get(p.division_id, ""),
                 "is_leader": p.is_leader, "started_on": p.started_on, "left_on": p.left_on, "active": p.active})
            for p in people]


def export_rows(session: Session, unit: Unit) -> list[list]:
    """A row per person of the unit."""
    kinds = SPEC.columns[3].choices
    return [[p.national_id or "", v["full_name"], v["gender"], kinds.get(v["staff_kind"], v["staff_kind"]), v["title"],
             v["position_code"], v["division_code"], "Có" if v["is_leader"] else "Không", v["started_on"], v["left_on"]]
            for p, v in _current(session, unit)]


def check(session: Session, unit: Unit, records: list[dict], problems: Problems) -> None:
    """Identifiers once each and not held in another unit; positions and divisions of the unit; dates in order."""
    seen: dict[str, int] = {}
    for record in records:
        nid = record.get("national_id")
        if nid in seen:
            problems.add(record["_row"], HEADERS["national_id"], f"Mã định danh “{nid}” trùng với dòng {seen[nid]}.")
        elif nid:
            seen[nid] = record["_row"]
    elsewhere = _held_elsewhere(session, unit, list(seen))
    positions = set(_codes(session, JobPosition, unit).values())
    divisions = set(_codes(session, Division, unit).values())
    closed = _closed(session, unit)
    had = {p.national_id: (v["position_code"], v["division_code"]) for p, v in _current(session, unit)}
    for record in records:
        row = record["_row"]
        if record.get("national_id") in elsewhere:
            problems.add(row, HEADERS["national_id"],
                         f"Mã định danh đã thuộc một người của {elsewhere[record['national_id']]}.")
        if record.get("position_code") and record["position_code"] not in positions:
            problems.add(row, HEADERS["position_code"], f"Không có vị trí việc làm mã “{record['position_code']}”.")
        if record.get("division_code") and record["division_code"] not in divisions:
            problems.add(row, HEADERS["division_code"], f"Không có phòng, ban mã “{record['division_code']}”.")
        _check_open(record, had.get(record.get("national_id"), ("", "")), closed, problems)
        if record.get("started_on") and record.get("left_on") and record["left_on"] < record["started_on"]:
            problems.add(row, HEADERS["left_on"], "Ngày kết thúc trước ngày bắt đầu.")
    if not unit.username_prefix:
        problems.add(None, "", "Cơ quan, đơn vị chưa có tiền tố tên đăng nhập: quản trị hệ thống cần đặt "
                               "trước khi nhập.")



def check_keeps_importer(session: Session, unit: Unit, account_id: int | None, records: list[dict],
                         problems: Problems) -> None:
    """The file is the unit's whole list: leaving out the officer who imports it would retire them and lock their
    own account mid-import, so such a file is refused with the way to fix it."""
    account = session.get(UserAccount, account_id) if account_id else None
    person = session.get(Person, account.person_id) if account and account.person_id else None
    if person is None or person.unit_id != unit.id or not person.active or not person.national_id:
        return
    if person.national_id not in {record.get("national_id") for record in records}:
        problems.add(None, HEADERS["national_id"],
                     f"Tệp không có dòng của chính bạn ({person.full_name}, mã định danh {person.national_id}): nhập "
                     "tệp này sẽ ghi thôi việc và khóa tài khoản của bạn. Hãy thêm dòng của bạn vào tệp rồi tải lên lại.")

def _closed(session: Session, unit: Unit) -> tuple[set[str], set[str]]:
    """Codes of the unit's retired positions and closed divisions (they take no new people)."""
    today = local_today()
    retired = set(session.exec(select(JobPosition.code).where(JobPosition.unit_id == unit.id, ~JobPosition.active)))
    shut = set(session.exec(select(Division.code).where(Division.unit_id == unit.id, Division.closed_on.is_not(None),
                                                        Division.closed_on <= today)))
    return retired, shut


def _check_open(record: dict, had: tuple[str, str], closed: tuple[set[str], set[str]], problems: Problems) -> None:
    """Nobody is newly given a retired position or put in a closed division (those already there stay)."""
    position, division = record.get("position_code"), record.get("division_code")
    if position and position in closed[0] and position != had[0]:
        problems.add(record["_row"], HEADERS["position_code"], f"Vị trí việc làm “{position}” đã thôi sử dụng.")
    if division and division in closed[1] and division != had[1]:
        problems.add(record["_row"], HEADERS["division_code"], f"Phòng, ban “{division}” đã giải thể.")


def _held_elsewhere(session: Session, unit: Unit, ids: list[str]) -> dict[str, str]:
    """national_id → the other unit's name, for identifiers of the file held by people of other units."""
    held: dict[str, str] = {}
    for start in range(0, len(ids), 5000):  # bounded IN lists
        chunk = ids[start:start + 5000]
        held.update(session.exec(select(Person.national_id, Unit.short_name).join(Unit, Unit.id == Person.unit_id)
                                 .where(Person.national_id.in_(chunk), Person.unit_id != unit.id)).all())
    return held


def _after(record: dict, today) -> dict:
    """The values a row asks for; someone whose end date has come is no longer active."""
    values = {name: record.get(name) for name in FIELDS if name != "active"}
    for name in ("gender", "title", "position_code", "division_code"):
        values[name] = values[name] or ""
    values["active"] = values["left_on"] is None or values["left_on"] > today
    return values


def diff(session: Session, unit: Unit, records: list[dict]) -> Changes:
    """Added, changed, and retired (active people of the unit whose identifier is not in the file)."""
    today, changes = local_today(), Changes()
    current = _current(session, unit)
    by_id = {p.national_id: (p, v) for p, v in current if p.national_id}
    for record in records:
        after = _after(record, today)
        if record["national_id"] not in by_id:
            changes.added.append(Change(record["national_id"], after["full_name"], None, {}, after))
            continue
        person, values = by_id[record["national_id"]]
        before, changed = differences(values, after)
        if changed:
            changes.changed.append(Change(record["national_id"], after["full_name"], person.id, before, changed))
    in_file = {r["national_id"] for r in records}
    for person, values in current:
        if person.active and person.national_id not in in_file:
            after = {"left_on": values["left_on"] or today, "active": False}
            changes.retired.append(Change(person.national_id or "", person.full_name, person.id,
                                          {"left_on": values["left_on"], "active": True}, after))
    return changes


def apply(session: Session, actor, unit: Unit, changes: Changes) -> dict:
    """People inserted, updated and retired in bulk; a staff account per new person (locked until its initial
    password is printed); accounts follow their person's division and are locked when the person retires."""
    positions = {code: pid for pid, code in _codes(session, JobPosition, unit).items()}
    divisions = {code: did for did, code in _codes(session, Division, unit).items()}
    new_ids = _insert_people(session, unit, changes.added, positions, divisions)
    update_many(session, Person.__table__, [{"row_id": c.row_id, **_columns(c.after, positions, divisions)}
                                            for c in changes.changed + changes.retired])
    _follow_accounts(session, changes, divisions)
    account_ids = _create_accounts(session, actor, unit, changes.added, new_ids, divisions)
    session.expire_all()  # the bulk statements above bypassed the ORM: the lines must read the new rows
    reset_default_lines(session, unit.id)
    audit_many(session, actor, "person_imported", "person", unit.id,
               [(new_ids[c.key], {}, c.after) for c in changes.added] + [(c.row_id, c.before, c.after)
                                                                          for c in changes.changed])
    audit_many(session, actor, "person_retired", "person", unit.id, [(c.row_id, c.before, c.after)
                                                                     for c in changes.retired],
               reason="Không có trong danh sách nhập từ Excel")
    return {"added": len(changes.added), "changed": len(changes.changed), "retired": len(changes.retired),
            "account_ids": account_ids}


def _columns(values: dict, positions: dict, divisions: dict) -> dict:
    """File values → Person columns."""
    out = {k: v for k, v in values.items() if k not in ("position_code", "division_code")}
    if "position_code" in values:
        out["position_id"] = positions.get(values["position_code"])
    if "division_code" in values:
        out["division_id"] = divisions.get(values["division_code"])
    return out


def _insert_people(session: Session, unit: Unit, added: list[Change], positions, divisions) -> dict[str, int]:
    """INSERT the new people (executemany … RETURNING); national_id → new id."""
    if not added:
        return {}
    table = Person.__table__
    rows = [{"unit_id": unit.id, "national_id": c.key, **_columns(c.after, positions, divisions)} for c in added]
    # No RETURNING: executemany with it becomes multi-VALUES statements psycopg re-parses (15 s for 20,000 rows).
    conn = session.connection()
    conn.execute(table.insert(), rows)
    return dict(conn.execute(select(table.c.national_id, table.c.id).where(table.c.unit_id == unit.id)).all())


def _follow_accounts(session: Session, changes: Changes, divisions: dict) -> None:
    """An account's division is its person's; a retired person's account is locked and its sessions end."""
    moved = [{"person": c.row_id, "division": divisions.get(c.after["division_code"])}
             for c in changes.changed if "division_code" in c.after]
    conn, table = session.connection(), UserAccount.__table__
    if moved:
        conn.execute(update(table).where(table.c.person_id == bindparam("person"))
                     .values(division_id=bindparam("division")), moved)
    retired = [c.row_id for c in changes.retired]
    for start in range(0, len(retired), 5000):
        conn.execute(update(table).where(table.c.person_id.in_(retired[start:start + 5000]))
                     .values(active=False, session_version=table.c.session_version + 1))


def _create_accounts(session: Session, actor, unit: Unit, added: list[Change], new_ids: dict, divisions) -> list[int]:
    """A staff account per new person, username by the unit's rule, to change its password at first login."""
    if not added:
        return []
    names = new_usernames(session, unit, [c.after["full_name"] for c in added])
    table, now = UserAccount.__table__, utcnow()
    rows = [{"username": name, "password_hash": LOCKED_HASH, "role": "staff", "person_id": new_ids[c.key],
             "unit_id": unit.id, "division_id": divisions.get(c.after["division_code"]), "bloc_id": None,
             "display_name": c.after["full_name"], "active": True, "must_change_password": True, "created_at": now,
             "last_login_at": None, "session_version": 0} for name, c in zip(names, added)]
    conn = session.connection()
    conn.execute(table.insert(), rows)
    ids = dict(conn.execute(select(table.c.username, table.c.id).where(table.c.unit_id == unit.id)).all())
    audit_many(session, actor, "account_created", "useraccount", unit.id,
               [(ids[row["username"]], {}, {k: row[k] for k in AUDITED_ACCOUNT}) for row in rows],
               reason="Nhập danh sách cán bộ từ Excel")
    return [ids[name] for name in names]
