"""Blocs, levels, units and their divisions."""
from collections import Counter
from pathlib import Path

from sqlmodel import Session

from ..models import Bloc, Division, Level, Unit
from .files import read_csv
from .upsert import Upserter


def load_org(session: Session, root: Path, counts: Counter) -> dict[str, Unit]:
    """Upsert the organisation; return the units by code."""
    blocs = {r["code"]: Upserter(session, Bloc, ("code",), counts).put(r) for r in read_csv(root / "org/blocs.csv")}
    level_up = Upserter(session, Level, ("code",), counts)
    levels = {r["code"]: level_up.put(r) for r in read_csv(root / "org/levels.csv")}
    unit_up = Upserter(session, Unit, ("code",), counts)
    units = {}
    for row in read_csv(root / "org/units.csv"):
        units[row["code"]] = unit_up.put({
            "code": row["code"], "name": row["name"], "short_name": row["short_name"] or row["name"],
            "bloc_id": blocs[row["bloc_code"]].id, "level_id": levels[row["level_code"]].id,
            "place": row["place"], "superior_name": row["superior_name"], "is_pilot": row["is_pilot"] == "1",
            "username_prefix": row["username_prefix"],
        })
    division_up = Upserter(session, Division, ("unit_id", "code"), counts)
    for unit in units.values():
        _load_divisions(read_csv(root / "units" / unit.code / "divisions.csv"), unit, division_up)
    return units


def _load_divisions(rows: list[dict], unit: Unit, upserter: Upserter) -> None:
    """Divisions of one unit; parents are resolved after every node exists."""
    nodes = {
        r["code"]: upserter.put({"unit_id": unit.id, "code": r["code"], "name": r["name"],
                                 "sort_order": int(r.get("sort_order") or i)})
        for i, r in enumerate(rows)
    }
    for row in rows:
        parent = nodes.get(row.get("parent_code") or "")
        upserter.put({"unit_id": unit.id, "code": row["code"], "parent_id": parent.id if parent else None})
