"""The item picker of the diary and assignment forms: a unit's items in force on a day, matched word by word."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sqlmodel import Session, and_, or_, select

from ..models import CatalogueItem, CatalogueItemPosition, CatalogueItemVersion, Person
from ..text import fold

SHOWN = 100  # a unit's catalogue holds ~80 items: all of them fit, a search narrows them


@dataclass(frozen=True)
class Choices:
    """What the picker lists: the matching items, how many matched, and the chosen one."""

    items: list[CatalogueItem]
    matched: int
    selected: int | None = None
    pinned: bool = False  # the chosen item does not match the search: listed first so the choice survives
    k: dict[int, Decimal] = field(default_factory=dict)  # K in force on the entry's day, where the item's differs

    def coefficient(self, item: CatalogueItem) -> Decimal:
        """The K an entry of this item would take (a change approved for a later date is not yet in force)."""
        return self.k.get(item.id, item.coefficient)

    @property
    def more(self) -> int:
        """Matching items left off the list."""
        return self.matched - (len(self.items) - self.pinned)


def search_key(item: CatalogueItem) -> str:
    """Code, name and unit of measure, lowercase without diacritics."""
    return _folded(f"{item.code} {item.name} {item.unit_of_measure}")


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """fold() remembered: folding a catalogue costs ~2 ms, a cached lookup of it ~0.1 ms (the province's
    catalogues hold a few thousand items)."""
    return fold(text)


def matching(items: list[CatalogueItem], query: str) -> list[CatalogueItem]:
    """The items holding every word of the query, in any order, without accents or case."""
    words = fold(query).split()
    if not words:
        return list(items)
    return [item for item, key in ((i, search_key(i)) for i in items) if all(word in key for word in words)]


def choose(items: list[CatalogueItem], query: str = "", selected: int | None = None,
           k: dict[int, Decimal] | None = None) -> Choices:
    """The items matching the query, in code order, with the chosen item kept first if it does not match."""
    found = matching(items, query)
    shown = found[:SHOWN]
    # Compare ids: comparing SQLModel objects runs pydantic's __eq__ (2 ms for a catalogue).
    chosen = next((item for item in items if item.id == selected), None) if selected else None
    pinned = chosen is not None and all(item.id != chosen.id for item in shown)
    return Choices([chosen, *shown] if pinned else shown, len(found), chosen.id if chosen else None, pinned, k or {})


def coefficients_on(session: Session, items: list[CatalogueItem], day: date) -> dict[int, Decimal]:
    """For items whose version in force on the day has another K than the item row (a change approved for a
    later date), that K; one query."""
    if not items:
        return {}
    # Only closed versions can differ from the row (facts.py: an open-ended one is the row's, or stale).
    rows = session.exec(select(CatalogueItemVersion.item_id, CatalogueItemVersion.coefficient).where(
        CatalogueItemVersion.item_id.in_([i.id for i in items]), CatalogueItemVersion.effective_from <= day,
        CatalogueItemVersion.effective_to >= day)).all()
    current = {i.id: i.coefficient for i in items}
    return {item_id: k for item_id, k in rows if k != current.get(item_id)}


def in_force(day: date):
    """SQL condition: the item is in force on the day (new items from their date, retired ones until the day
    before their retirement date)."""
    return and_(CatalogueItem.active, CatalogueItem.effective_from <= day,
                or_(CatalogueItem.effective_to.is_(None), CatalogueItem.effective_to >= day))


def person_items(session: Session, person: Person, day: date) -> list[CatalogueItem]:
    """Items of the person's unit in force on the day that apply to their position, by code."""
    linked = select(CatalogueItemPosition.item_id).where(CatalogueItemPosition.position_id == person.position_id)
    applies = CatalogueItem.applies_to_all if person.position_id is None else or_(
        CatalogueItem.applies_to_all, CatalogueItem.id.in_(linked))
    return list(session.exec(
        select(CatalogueItem).where(CatalogueItem.unit_id == person.unit_id, in_force(day), applies)
        .order_by(CatalogueItem.code)).all())


def unit_items(session: Session, unit_id: int | None, day: date) -> list[CatalogueItem]:
    """Items of the unit in force on the day, by code (what a manager may assign)."""
    return list(session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit_id, in_force(day))
                             .order_by(CatalogueItem.code)).all())
