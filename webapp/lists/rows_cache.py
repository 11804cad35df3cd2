"""The rows read at the check, kept as JSON beside the upload so that applying does not parse the workbook again
(the database is still checked again: it may have changed since the preview)."""
import json
from datetime import date
from decimal import Decimal
from pathlib import Path


def _encode(value):
    """Dates and Decimals tagged, so they come back as they were."""
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def _decode(value):
    """The tagged values back."""
    if isinstance(value, dict):
        return date.fromisoformat(value["d"]) if "d" in value else Decimal(value["n"])
    return value


def save(path: Path, records: list[dict]) -> None:
    """Write the rows."""
    path.write_text(json.dumps([{k: _encode(v) for k, v in r.items()} for r in records], ensure_ascii=False),
                    encoding="utf-8")


def load(path: Path) -> list[dict] | None:
    """The rows, or None when they were not kept."""
    if not path.is_file():
        return None
    return [{k: _decode(v) for k, v in r.items()} for r in json.loads(path.read_text(encoding="utf-8"))]
