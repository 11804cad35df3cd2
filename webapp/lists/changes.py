"""What an import would do: rows added, fields changed (before → after), rows retired; and its preview."""
from dataclasses import dataclass, field

PREVIEW_LINES = 200  # lines of each part kept for the page; the counts are always whole


@dataclass
class Change:
    """One row: its natural key and name, the database id (None when new), the fields before and after."""

    key: str
    name: str
    row_id: int | None = None
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)


@dataclass
class Changes:
    """Everything an import does, and the rows the file holds (for applying)."""

    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    retired: list[Change] = field(default_factory=list)
    kept: list[Change] = field(default_factory=list)  # in the unit, not in the file, and left as they are

    @property
    def empty(self) -> bool:
        """Nothing to write."""
        return not (self.added or self.changed or self.retired)


def differences(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that differ, before and after."""
    names = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in names}, {name: after[name] for name in names}


def preview(changes: Changes, labels: dict[str, str]) -> dict:
    """The JSON the preview page shows: counts and the first lines of each part, values as text."""
    def lines(part: list[Change]) -> list[dict]:
        return [{"key": c.key, "name": c.name,
                 "fields": [[labels.get(k, k), _shown(c.before.get(k)), _shown(v)] for k, v in c.after.items()]}
                for c in part[:PREVIEW_LINES]]
    return {"counts": {"added": len(changes.added), "changed": len(changes.changed), "retired": len(changes.retired),
                       "kept": len(changes.kept)},
            "added": lines(changes.added), "changed": lines(changes.changed), "retired": lines(changes.retired),
            "kept": lines(changes.kept)}


def _shown(value) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):  # position codes, or a framework's [name, level] pairs
        return "; ".join(f"{v[0]} (mức {v[1]})" if isinstance(v, (list, tuple)) else str(v) for v in value)
    return str(value).replace(".", ",") if value.__class__.__name__ == "Decimal" else str(value)
