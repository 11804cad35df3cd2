"""Loại văn bản: export, check, compare and apply the unit's document-type mapping (upsert on the type; types
missing from the file are kept: removing one is done on its page)."""
from sqlmodel import Session, select

from ..clock import utcnow
from ..models import CatalogueItem, DocumentTypeMapping, Unit
from .bulk import audit_many, update_many
from .changes import Change, Changes, differences
from .columns import DOCUMENT_TYPES as SPEC
from .reader import Problems

HEADERS = {column.key: column.header for column in SPEC.columns}


def _current(session: Session, unit: Unit) -> dict[str, tuple[DocumentTypeMapping, dict]]:
    """The unit's mappings by document type, with their values as the file writes them."""
    rows = session.exec(select(DocumentTypeMapping, CatalogueItem.code)
                        .join(CatalogueItem, CatalogueItem.id == DocumentTypeMapping.item_id)
                        .where(DocumentTypeMapping.unit_id == unit.id).order_by(DocumentTypeMapping.document_type))
    return {m.document_type: (m, {"item_code": code, "note": m.note}) for m, code in rows}


def _items(session: Session, unit: Unit) -> dict[str, int]:
    """The unit's items in use by code."""
    return dict(session.exec(select(CatalogueItem.code, CatalogueItem.id)
                             .where(CatalogueItem.unit_id == unit.id, CatalogueItem.active)).all())


def export_rows(session: Session, unit: Unit) -> list[list]:
    """One row per mapping."""
    return [[kind, v["item_code"], v["note"]] for kind, (_, v) in _current(session, unit).items()]


def check(session: Session, unit: Unit, records: list[dict], problems: Problems) -> None:
    """Each type once; each item an item in use of the unit's catalogue."""
    seen: dict[str, int] = {}
    items = _items(session, unit)
    for record in records:
        kind, row = record.get("document_type"), record["_row"]
        if kind in seen:
            problems.add(row, HEADERS["document_type"], f"Loại “{kind}” trùng với dòng {seen[kind]}.")
        elif kind:
            seen[kind] = row
        code = record.get("item_code")
        if code and code not in items:
            problems.add(row, HEADERS["item_code"], f"Không có sản phẩm/công việc mã “{code}” đang dùng.")


def diff(session: Session, unit: Unit, records: list[dict]) -> Changes:
    """Added and changed mappings; those not in the file are kept."""
    current, changes = _current(session, unit), Changes()
    for record in records:
        after = {"item_code": record["item_code"], "note": record.get("note") or ""}
        kind = record["document_type"]
        if kind not in current:
            changes.added.append(Change(kind, after["item_code"], None, {}, after))
            continue
        row, values = current[kind]
        before, changed = differences(values, after)
        if changed:
            changes.changed.append(Change(kind, after["item_code"], row.id, before, changed))
    in_file = {r["document_type"] for r in records}
    changes.kept = [Change(kind, v["item_code"], row.id) for kind, (row, v) in current.items() if kind not in in_file]
    return changes


def apply(session: Session, actor, unit: Unit, changes: Changes) -> dict:
    """Insert the new mappings and update the changed ones; audited per row."""
    table, items, now = DocumentTypeMapping.__table__, _items(session, unit), utcnow()
    conn = session.connection()
    if changes.added:
        conn.execute(table.insert(), [{"unit_id": unit.id, "document_type": c.key, "item_id": items[c.after["item_code"]],
                                       "note": c.after["note"], "updated_at": now} for c in changes.added])
    ids = dict(conn.execute(select(table.c.document_type, table.c.id).where(table.c.unit_id == unit.id)).all())
    updates = []
    for c in changes.changed:
        values = {"note": c.after["note"]} if "note" in c.after else {}
        if "item_code" in c.after:
            values["item_id"] = items[c.after["item_code"]]
        updates.append({"row_id": c.row_id, **values, "updated_at": now})
    update_many(session, table, updates)
    audit_many(session, actor, "document_type_imported", "documenttypemapping", unit.id,
               [(ids[c.key], {}, {"document_type": c.key, **c.after}) for c in changes.added]
               + [(c.row_id, c.before, c.after) for c in changes.changed])
    return {"added": len(changes.added), "changed": len(changes.changed), "retired": 0}
