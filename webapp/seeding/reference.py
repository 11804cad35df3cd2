"""Rule sets (data, with their legal basis) and the holiday calendar."""
from collections import Counter
from pathlib import Path

from sqlmodel import Session

from ..models import Holiday, RuleSet
from .files import read_csv, read_json, to_date
from .upsert import Upserter


def load_rulesets(session: Session, folder: Path, counts: Counter) -> None:
    """Each JSON file is one rule set version; the whole document is kept as data."""
    upserter = Upserter(session, RuleSet, ("code", "version"), counts)
    for path in sorted(folder.glob("*.json")):
        doc = read_json(path)
        upserter.put({
            "code": doc["code"], "version": int(doc["version"]), "name": doc["name"],
            "legal_reference": doc["legal_reference"], "effective_from": to_date(doc["effective_from"]),
            "effective_to": to_date(doc.get("effective_to") or ""), "is_default": bool(doc.get("is_default")),
            "data": _plain(doc),
        })


def _plain(value):
    """Decimals back to strings so the JSON column stores them exactly."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if value.__class__.__name__ == "Decimal" else value


def load_holidays(session: Session, folder: Path, counts: Counter) -> None:
    """Every holidays/<year>.csv."""
    upserter = Upserter(session, Holiday, ("day",), counts)
    for path in sorted(folder.glob("*.csv")):
        for row in read_csv(path):
            upserter.put({"day": to_date(row["date"]), "name": row["name"], "kind": row.get("kind") or "holiday"})
