"""Applying catalogue rows of an import: THE one place an imported catalogue change takes effect.

An import changes nothing by itself: its rows become one batch of drafts (catalog/drafts.py) that the head
approves or rejects, as a change typed in the app does. New items, changed values and items missing from the
file (retired) are proposed with today as their effective date; the catalogue, the pickers and the scores move
only when the head approves. The proposals are checked again as drafts (K range of the rule set, pending codes,
closed periods); a refusal leaves the import refused with the reason and nothing written.
"""
from sqlmodel import Session

from ..catalog.drafts import Proposal, stage_batch
from ..clock import local_today
from ..models import Unit
from .changes import Change, Changes

IMPORT_REASON = "Cập nhật danh mục theo tệp Excel do cán bộ tổ chức nhập"


def apply_catalogue_rows(session: Session, actor, unit: Unit, changes: Changes) -> dict:
    """Propose the file's changes as one batch for the head, in the caller's transaction; the counts."""
    proposals = ([_new(c) for c in changes.added] + [_changed(c) for c in changes.changed]
                 + [Proposal("retire", c.key) for c in changes.retired])
    batch = stage_batch(session, actor, unit, proposals, local_today(), IMPORT_REASON)
    return {"added": len(changes.added), "changed": len(changes.changed), "retired": len(changes.retired),
            "batch_id": batch.id}


def _positions(values: dict) -> tuple[str, ...] | None:
    """The file's position codes ("*": every position), or None when they did not change."""
    return tuple(values["positions"]) if "positions" in values else None


def _new(change: Change) -> Proposal:
    """A new item with every value of its row."""
    after = change.after
    return Proposal("new", change.key, after["name"], after["unit_of_measure"], after["task_group"],
                    after["coefficient"], after["standard_hours"], _positions(after))


def _changed(change: Change) -> Proposal:
    """A changed item: only the values that differ from the catalogue (None keeps the current one)."""
    after = change.after
    return Proposal("change", change.key, after.get("name"), after.get("unit_of_measure"), after.get("task_group"),
                    after.get("coefficient"), after.get("standard_hours"), _positions(after))
