"""Reading a unit's catalogue with search and filters."""
from dataclasses import dataclass

from sqlmodel import Session, or_, select

from ..models import CatalogueItem, CatalogueItemPosition, JobPosition, Unit
from ..text import fold

GROUP_LABELS = {
    "A": "A. Lãnh đạo, quản lý",
    "B": "B. Chuyên môn dùng chung",
    "C": "C. Chuyên môn đặc thù",
    "D": "D. Khác",
}


@dataclass(frozen=True)
class CatalogueFilter:
    """What the user typed and picked on the catalogue page."""

    q: str = ""
    group: str = ""
    position_id: int | None = None


def unit_positions(session: Session, unit: Unit) -> list[JobPosition]:
    """The unit's positions, for the filter."""
    return list(session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id).order_by(JobPosition.code)))


def search_catalogue(session: Session, unit: Unit, flt: CatalogueFilter) -> list[CatalogueItem]:
    """Active items of the unit matching the filter; text search ignores diacritics."""
    query = select(CatalogueItem).where(CatalogueItem.unit_id == unit.id, CatalogueItem.active)
    if flt.group in GROUP_LABELS:
        query = query.where(CatalogueItem.task_group == flt.group)
    if flt.position_id:
        linked = select(CatalogueItemPosition.item_id).where(CatalogueItemPosition.position_id == flt.position_id)
        query = query.where(or_(CatalogueItem.applies_to_all, CatalogueItem.id.in_(linked)))
    items = session.exec(query.order_by(CatalogueItem.code)).all()
    needle = fold(flt.q.strip())
    # A unit's catalogue holds tens to a few hundred items: folding in Python keeps the
    # search accent-insensitive on every database without an extension.
    return [item for item in items if not needle or needle in fold(f"{item.code} {item.name} {item.unit_of_measure}")]
