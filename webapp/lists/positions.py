"""Vị trí việc làm with their competency frameworks: one row per competency, the position's columns repeated
(a flat sheet is what officers filter and sort; a second sheet would need a key to join by hand)."""
from sqlalchemy import delete
from sqlmodel import Session, select

from ..models import Competency, JobPosition, Unit
from .bulk import audit_many, update_many
from .changes import Change, Changes, differences
from .columns import POSITIONS as SPEC
from .reader import Problems

HEADERS = {column.key: column.header for column in SPEC.columns}


def _current(session: Session, unit: Unit) -> dict[str, tuple[JobPosition, dict]]:
    """The unit's positions by code with their values, competencies as [[name, level], ...] in order."""
    positions = list(session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id).order_by(JobPosition.code)))
    frameworks: dict[int, list] = {p.id: [] for p in positions}
    for comp in session.exec(select(Competency).where(Competency.position_id.in_(list(frameworks)))
                             .order_by(Competency.position_id, Competency.sort_order, Competency.id)):
        frameworks[comp.position_id].append([comp.name, comp.required_level])
    return {p.code: (p, {"name": p.name, "group": p.position_group, "description": p.description,
                         "competencies": frameworks[p.id]}) for p in positions}


def export_rows(session: Session, unit: Unit) -> list[list]:
    """A row per competency (one row with empty competency cells for a position without any)."""
    rows = []
    for code, (_, v) in _current(session, unit).items():
        for name, level in v["competencies"] or [["", None]]:
            rows.append([code, v["name"], SPEC.columns[2].choices[v["group"]], v["description"], name, level])
    return rows


def _grouped(records: list[dict], problems: Problems) -> dict[str, dict]:
    """The file's positions by code: the first row's columns, every row's competency; repeats must agree."""
    grouped: dict[str, dict] = {}
    for record in records:
        code = record.get("code")
        if not code:
            continue
        values = {"name": record.get("name"), "group": record.get("group"), "description": record.get("description")}
        if code not in grouped:
            grouped[code] = {**values, "competencies": [], "_row": record["_row"], "_names": {}}
        position = grouped[code]
        for key, value in values.items():
            if position[key] != value:
                problems.add(record["_row"], HEADERS[key],
                             f"Khác với dòng {position['_row']} của cùng vị trí “{code}”.")
        _competency(record, position, problems)
    return grouped


def _competency(record: dict, position: dict, problems: Problems) -> None:
    """A row's competency: its level required, its name once per position."""
    name, level = record.get("competency") or "", record.get("level")
    if not name and level is not None:
        problems.add(record["_row"], HEADERS["competency"], "Có mức độ yêu cầu nhưng thiếu tên năng lực.")
    elif name and level is None:
        problems.add(record["_row"], HEADERS["level"], "Thiếu mức độ yêu cầu (1-5) của năng lực.")
    elif name and name in position["_names"]:
        problems.add(record["_row"], HEADERS["competency"], f"Năng lực trùng với dòng {position['_names'][name]}.")
    elif name:
        position["_names"][name] = record["_row"]
        position["competencies"].append([name, level])


def check(session: Session, unit: Unit, records: list[dict], problems: Problems) -> None:
    """The repeated columns agree and competencies are complete (codes repeat by design, one per row)."""
    _grouped(records, problems)


def diff(session: Session, unit: Unit, records: list[dict]) -> Changes:
    """Added and changed positions (a framework changes as a whole); those not in the file are kept."""
    current, changes = _current(session, unit), Changes()
    for code, position in _grouped(records, Problems()).items():
        after = {k: position[k] for k in ("name", "group", "description", "competencies")}
        if code not in current:
            changes.added.append(Change(code, after["name"], None, {}, after))
            continue
        row, values = current[code]
        before, changed = differences(values, after)
        if changed:
            changes.changed.append(Change(code, after["name"], row.id, before, changed))
    in_file = {r.get("code") for r in records}
    changes.kept = [Change(code, v["name"], row.id) for code, (row, v) in current.items() if code not in in_file]
    return changes


def apply(session: Session, actor, unit: Unit, changes: Changes) -> dict:
    """Insert and update positions; a changed framework is written again (competencies have no references)."""
    table, conn = JobPosition.__table__, session.connection()
    if changes.added:
        conn.execute(table.insert(), [{"unit_id": unit.id, "code": c.key, "name": c.after["name"],
                                       "position_group": c.after["group"], "description": c.after["description"]}
                                      for c in changes.added])
    ids = dict(conn.execute(select(table.c.code, table.c.id).where(table.c.unit_id == unit.id)).all())
    columns = {"name": "name", "group": "position_group", "description": "description"}
    update_many(session, table, [{"row_id": c.row_id, **{columns[k]: v for k, v in c.after.items() if k in columns}}
                                 for c in changes.changed if set(c.after) - {"competencies"}])
    rewritten = [c for c in changes.added + changes.changed if "competencies" in c.after]
    if rewritten:
        conn.execute(delete(Competency).where(Competency.position_id.in_([ids[c.key] for c in rewritten])))
        comps = [{"position_id": ids[c.key], "name": name, "required_level": level, "sort_order": order}
                 for c in rewritten for order, (name, level) in enumerate(c.after["competencies"])]
        if comps:
            conn.execute(Competency.__table__.insert(), comps)
    audit_many(session, actor, "position_imported", "jobposition", unit.id,
               [(ids[c.key], {}, c.after) for c in changes.added] + [(c.row_id, c.before, c.after)
                                                                      for c in changes.changed])
    return {"added": len(changes.added), "changed": len(changes.changed), "retired": 0}
