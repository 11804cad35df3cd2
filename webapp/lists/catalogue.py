"""Danh mục sản phẩm/công việc: export, check and compare the catalogue list (upsert on the code; items of the
unit missing from the file are retired, never deleted). Writing goes through catalogue_apply, one function."""
from sqlmodel import Session, select

from ..clock import local_today
from ..models import CatalogueItem, CatalogueItemPosition, JobPosition, Unit
from .catalogue_apply import apply_catalogue_rows
from .changes import Change, Changes, differences
from .columns import CATALOGUE as SPEC
from .reader import Problems

HEADERS = {column.key: column.header for column in SPEC.columns}
FIELDS = ("name", "unit_of_measure", "task_group", "coefficient", "standard_hours", "positions")


def _current(session: Session, unit: Unit) -> dict[str, tuple[CatalogueItem, dict]]:
    """The unit's items by code with their values as the file writes them ("*" or the sorted position codes)."""
    today = local_today()
    items = list(session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id)
                              .order_by(CatalogueItem.code)))
    links: dict[int, list[str]] = {item.id: [] for item in items}
    for item_id, code in session.exec(select(CatalogueItemPosition.item_id, JobPosition.code)
                                      .join(JobPosition, JobPosition.id == CatalogueItemPosition.position_id)
                                      .where(JobPosition.unit_id == unit.id)):
        if item_id in links:
            links[item_id].append(code)
    return {i.code: (i, {"name": i.name, "unit_of_measure": i.unit_of_measure, "task_group": i.task_group,
                         "coefficient": i.coefficient, "standard_hours": i.standard_hours,
                         "positions": ["*"] if i.applies_to_all else sorted(links[i.id]), "active": _in_use(i, today)})
            for i in items}


def _in_use(item: CatalogueItem, today) -> bool:
    """Active and not retired by an approved draft (its last day, effective_to, already past)."""
    return item.active and (item.effective_to is None or item.effective_to >= today)


def export_rows(session: Session, unit: Unit) -> list[list]:
    """A row per item in use (retired items stay retired: they are not in the list)."""
    return [[code, v["name"], v["unit_of_measure"], v["task_group"], v["coefficient"], v["standard_hours"],
             "; ".join(v["positions"])] for code, (_, v) in _current(session, unit).items() if v["active"]]


def check(session: Session, unit: Unit, records: list[dict], problems: Problems) -> None:
    """Codes once each; the positions are the unit's."""
    seen: dict[str, int] = {}
    positions = set(session.exec(select(JobPosition.code).where(JobPosition.unit_id == unit.id)))
    for record in records:
        code, row = record.get("code"), record["_row"]
        if code in seen:
            problems.add(row, HEADERS["code"], f"Mã “{code}” trùng với dòng {seen[code]}.")
        elif code:
            seen[code] = row
        unknown = [c for c in record.get("positions") or [] if c != "*" and c not in positions]
        if unknown:
            problems.add(row, HEADERS["positions"], f"Không có vị trí việc làm mã {', '.join(unknown[:5])}.")


def diff(session: Session, unit: Unit, records: list[dict]) -> Changes:
    """Added, changed (a retired item in the file comes back), retired (in use, not in the file)."""
    current, changes, today = _current(session, unit), Changes(), local_today()
    for record in records:
        after = {name: record.get(name) for name in FIELDS}
        after["positions"] = ["*"] if after["positions"] == ["*"] else sorted(set(after["positions"]))
        after["active"] = True
        if record["code"] not in current:
            changes.added.append(Change(record["code"], after["name"], None, {}, after))
            continue
        item, values = current[record["code"]]
        before, changed = differences(values, after)
        if changed:
            changes.changed.append(Change(record["code"], after["name"], item.id, before, changed))
    in_file = {r["code"] for r in records}
    changes.retired = [Change(code, v["name"], item.id, {"active": True, "effective_to": item.effective_to},
                              {"active": False, "effective_to": today})
                       for code, (item, v) in current.items() if v["active"] and code not in in_file]
    return changes


def apply(session: Session, actor, unit: Unit, changes: Changes) -> dict:
    """The one step the catalogue drafts will take over (see catalogue_apply)."""
    return apply_catalogue_rows(session, actor, unit, changes)
