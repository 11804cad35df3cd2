"""Applying catalogue rows of an import: THE one place an imported catalogue change takes effect.

For now it writes directly (new items, new values, retired items, position links), audited. When catalogue
changes become drafts the head approves (branch h-cat, propose_batch(...)), this function is the one to
re-route: the import then proposes instead of applying.
"""
from sqlalchemy import delete, select
from sqlmodel import Session

from ..clock import local_today, utcnow
from ..models import CatalogueItem, CatalogueItemPosition, JobPosition, Unit
from .bulk import audit_many, update_many
from .changes import Changes

COLUMNS = ("name", "unit_of_measure", "task_group", "coefficient", "standard_hours", "active")


def apply_catalogue_rows(session: Session, actor, unit: Unit, changes: Changes) -> dict:
    """Insert, update (version + 1) and retire the unit's items and set their positions, in the caller's
    transaction; the counts."""
    table, conn, today, now = CatalogueItem.__table__, session.connection(), local_today(), utcnow()
    if changes.added:
        conn.execute(table.insert(), [{"unit_id": unit.id, "code": c.key, **{k: c.after[k] for k in COLUMNS},
                                       "applies_to_all": c.after["positions"] == ["*"], "effective_from": today,
                                       "effective_to": None, "version": 1, "approved_at": now}
                                      for c in changes.added])
    ids = dict(conn.execute(select(table.c.code, table.c.id).where(table.c.unit_id == unit.id)).all())
    versions = dict(conn.execute(select(table.c.id, table.c.version).where(table.c.unit_id == unit.id)).all())
    updates = []
    for c in changes.changed:
        values = {k: v for k, v in c.after.items() if k in COLUMNS}
        if "positions" in c.after:
            values["applies_to_all"] = c.after["positions"] == ["*"]
        if c.after.get("active"):
            values["effective_to"] = None
        updates.append({"row_id": c.row_id, **values, "version": versions[c.row_id] + 1, "approved_at": now})
    updates += [{"row_id": c.row_id, **c.after} for c in changes.retired]
    update_many(session, table, updates)
    _set_positions(session, unit, [c for c in changes.added + changes.changed if "positions" in c.after], ids)
    audit_many(session, actor, "catalogue_item_imported", "catalogueitem", unit.id,
               [(ids[c.key], {}, c.after) for c in changes.added] + [(c.row_id, c.before, c.after)
                                                                      for c in changes.changed])
    audit_many(session, actor, "catalogue_item_retired", "catalogueitem", unit.id,
               [(c.row_id, c.before, c.after) for c in changes.retired], reason="Không có trong danh mục nhập từ Excel")
    return {"added": len(changes.added), "changed": len(changes.changed), "retired": len(changes.retired)}


def _set_positions(session: Session, unit: Unit, rows, ids: dict) -> None:
    """The items' links are exactly the file's positions ("*" keeps none: it applies to every position)."""
    if not rows:
        return
    conn = session.connection()
    positions = dict(conn.execute(select(JobPosition.code, JobPosition.id).where(JobPosition.unit_id == unit.id)).all())
    item_ids = [ids[c.key] for c in rows]
    for start in range(0, len(item_ids), 5000):
        chunk = item_ids[start:start + 5000]
        conn.execute(delete(CatalogueItemPosition).where(CatalogueItemPosition.item_id.in_(chunk)))
    links = [{"item_id": ids[c.key], "position_id": positions[code]} for c in rows for code in c.after["positions"]
             if code != "*"]
    if links:
        conn.execute(CatalogueItemPosition.__table__.insert(), links)
