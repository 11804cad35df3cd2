"""Phòng, ban: export, check, compare and apply the divisions list (upsert on the code; none is removed)."""
from sqlmodel import Session, select

from ..models import Division, Unit
from .bulk import audit_many, update_many
from .changes import Change, Changes, differences
from .columns import DIVISIONS as SPEC
from .reader import Problems

FIELDS = ("name", "parent_code", "sort_order")


def _current(session: Session, unit: Unit) -> dict[str, tuple[Division, dict]]:
    """The unit's divisions by code, with their values as the file writes them."""
    rows = list(session.exec(select(Division).where(Division.unit_id == unit.id).order_by(Division.sort_order,
                                                                                          Division.code)))
    codes = {d.id: d.code for d in rows}
    return {d.code: (d, {"name": d.name, "parent_code": codes.get(d.parent_id, ""), "sort_order": d.sort_order})
            for d in rows}


def export_rows(session: Session, unit: Unit) -> list[list]:
    """One row per division, in the tree's order."""
    return [[code, v["name"], v["parent_code"], v["sort_order"]] for code, (_, v) in _current(session, unit).items()]


def check(session: Session, unit: Unit, records: list[dict], problems: Problems) -> None:
    """Codes once each; a parent is a division of the file or of the unit, and no division is its own ancestor."""
    seen: dict[str, int] = {}
    for record in records:
        code = record.get("code")
        if code in seen:
            problems.add(record["_row"], SPEC.columns[0].header, f"Mã “{code}” trùng với dòng {seen[code]}.")
        elif code:
            seen[code] = record["_row"]
    known = set(seen) | set(_current(session, unit))
    parents = {r["code"]: r.get("parent_code") or "" for r in records if r.get("code")}
    for record in records:
        parent = record.get("parent_code") or ""
        if parent and parent not in known:
            problems.add(record["_row"], SPEC.columns[2].header, f"Không có phòng, ban mã “{parent}”.")
        elif parent and _cycles(record.get("code"), parents):
            problems.add(record["_row"], SPEC.columns[2].header, "Phòng, ban cấp trên tạo thành vòng lặp.")


def _cycles(code: str | None, parents: dict[str, str]) -> bool:
    """True when following the parents from code comes back to it."""
    seen, current = set(), code
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current, "")
    return False


def diff(session: Session, unit: Unit, records: list[dict]) -> Changes:
    """Added and changed divisions; those not in the file are kept (closing one is done in the app)."""
    current, changes = _current(session, unit), Changes()
    for record in records:
        after = {name: record.get(name) if record.get(name) is not None else 0 for name in FIELDS}
        after["parent_code"] = record.get("parent_code") or ""
        if record["code"] not in current:
            changes.added.append(Change(record["code"], after["name"], None, {}, after))
            continue
        row, values = current[record["code"]]
        before, changed = differences(values, after)
        if changed:
            changes.changed.append(Change(record["code"], after["name"], row.id, before, changed))
    in_file = {r["code"] for r in records}
    changes.kept = [Change(code, v["name"], row.id) for code, (row, v) in current.items() if code not in in_file]
    return changes


def apply(session: Session, actor, unit: Unit, changes: Changes) -> dict:
    """Insert the new divisions, then set names, order and parents; audited per row."""
    table = Division.__table__
    conn = session.connection()
    if changes.added:
        conn.execute(table.insert(), [{"unit_id": unit.id, "code": c.key, "name": c.after["name"], "parent_id": None,
                                       "sort_order": c.after["sort_order"]} for c in changes.added])
    ids = dict(conn.execute(select(table.c.code, table.c.id).where(table.c.unit_id == unit.id)).all())
    updates = [{"row_id": ids[c.key], "parent_id": ids.get(c.after["parent_code"])} for c in changes.added
               if c.after["parent_code"]]
    for c in changes.changed:
        values = {k: v for k, v in c.after.items() if k != "parent_code"}
        if "parent_code" in c.after:
            values["parent_id"] = ids.get(c.after["parent_code"]) if c.after["parent_code"] else None
        updates.append({"row_id": c.row_id, **values})
    update_many(session, table, updates)
    audit_many(session, actor, "division_imported", "division", unit.id,
               [(ids[c.key], {}, c.after) for c in changes.added] + [(c.row_id, c.before, c.after)
                                                                      for c in changes.changed])
    return {"added": len(changes.added), "changed": len(changes.changed), "retired": 0}
