"""Job positions with competencies, and catalogue items with their positions."""
from collections import Counter
from pathlib import Path

from sqlmodel import Session, delete, select

from ..catalog.versions import ensure_baseline, latest
from ..models import CatalogueItem, CatalogueItemPosition, Competency, JobPosition, Unit
from .files import read_csv, read_yaml, to_date, to_decimal
from .upsert import Upserter


def load_catalogue(session: Session, folder: Path, unit: Unit, counts: Counter) -> None:
    """Positions then items of one unit."""
    positions = _load_positions(session, read_yaml(folder / "positions.yaml"), unit, counts)
    _load_items(session, read_csv(folder / "catalogue.csv"), unit, positions, counts)


def _load_positions(session: Session, docs: list, unit: Unit, counts: Counter) -> dict[str, JobPosition]:
    """Upsert positions; competencies are upserted by (position, name)."""
    position_up = Upserter(session, JobPosition, ("unit_id", "code"), counts)
    competency_up = Upserter(session, Competency, ("position_id", "name"), counts)
    positions = {}
    for doc in docs:
        position = position_up.put({
            "unit_id": unit.id, "code": doc["code"], "name": doc["name"],
            "position_group": doc["group"], "description": doc.get("description", ""),
        })
        for order, comp in enumerate(doc.get("competencies", [])):
            competency_up.put({"position_id": position.id, "name": comp["name"],
                               "required_level": int(comp["level"]), "sort_order": order})
        positions[doc["code"]] = position
    return positions


def _load_items(session: Session, rows: list[dict], unit: Unit, positions: dict, counts: Counter) -> None:
    """Upsert items and make their position links match the file."""
    item_up = Upserter(session, CatalogueItem, ("unit_id", "code"), counts)
    for row in rows:
        known = item_up.rows.get((unit.id, row["code"]))
        if known is not None and known.version > 1:
            continue  # changed through an approved draft since: the app's history owns it, not the seed file
        codes = [c.strip() for c in row["positions"].split(";") if c.strip()]
        item = item_up.put({
            "unit_id": unit.id, "code": row["code"], "name": row["name"],
            "unit_of_measure": row["unit_of_measure"], "task_group": row["group"],
            "coefficient": to_decimal(row["coefficient"]), "standard_hours": to_decimal(row["standard_hours"]),
            "applies_to_all": codes == ["*"], "effective_from": to_date(row["effective_from"]),
        })
        wanted = {positions[c].id for c in codes if c != "*"}
        _sync_links(session, item, wanted, counts)
        _record_first_version(session, item, counts)


def _record_first_version(session: Session, item: CatalogueItem, counts: Counter) -> None:
    """Version 1 of a seeded item in its history, once."""
    if latest(session, item.id) is None:
        ensure_baseline(session, item)
        counts[("catalogueitemversion", "added")] += 1


def _sync_links(session: Session, item: CatalogueItem, wanted: set[int], counts: Counter) -> None:
    """Add missing links and drop stale ones, counting only real changes."""
    existing = set(session.exec(select(CatalogueItemPosition.position_id).where(
        CatalogueItemPosition.item_id == item.id)).all())
    for position_id in wanted - existing:
        session.add(CatalogueItemPosition(item_id=item.id, position_id=position_id))
        counts[("catalogueitemposition", "added")] += 1
    stale = existing - wanted
    if stale:
        session.exec(delete(CatalogueItemPosition).where(
            CatalogueItemPosition.item_id == item.id, CatalogueItemPosition.position_id.in_(stale)))
        counts[("catalogueitemposition", "updated")] += len(stale)
