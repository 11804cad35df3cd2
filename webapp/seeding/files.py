"""Reading the seed files (CSV, YAML, JSON), normalized to NFC."""
import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from ..text import tidy


def _nfc(value):
    """Clean NFC strings all the way down (the same normalizer as typed input)."""
    if isinstance(value, str):
        return tidy(value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def read_csv(path: Path) -> list[dict]:
    """Rows of a UTF-8 CSV file as dicts; a missing file is empty."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [_nfc(row) for row in csv.DictReader(handle)]


def read_yaml(path: Path):
    """A YAML document; a missing file is an empty list."""
    if not path.exists():
        return []
    return _nfc(yaml.safe_load(path.read_text(encoding="utf-8")) or [])


def read_json(path: Path) -> dict:
    """A JSON document with exact decimals."""
    return _nfc(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))


def to_date(text: str) -> date | None:
    """An ISO date, or None for an empty cell."""
    return date.fromisoformat(text) if text else None


def to_decimal(text: str) -> Decimal | None:
    """A decimal, or None for an empty cell."""
    return Decimal(text) if text not in ("", None) else None
