"""Key results measured from approved work: Σ quantity × K of the approved diary entries, on the key result's
linked catalogue items, of the people in the objective's scope, with work dates in the objective's period.

The value adds up ItemWorkSummary (approved quantity per person, month, item and K, kept at approval): an
objective's period is a quarter or a year, so whole months cover it exactly, and a unit's tree reads a few
thousand summary rows instead of grouping ~60,000 diary rows per key result (measured: 7 s → see the note).
The drill-down lists the diary entries themselves through the same scope; a property test holds the two equal.
Quantities are summed per K and multiplied here, in Decimal, because SQLite would multiply NUMERIC as floats.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from ..models import CatalogueItem, DiaryEntry, ItemWorkSummary, KeyResult, KeyResultItem, Objective, Person
from ..months import month_key

ZERO = Decimal("0")


@dataclass(frozen=True)
class WorkFigure:
    """What approved work gives a key result: the converted quantity, how many entries, the latest approval."""

    value: Decimal = ZERO
    entries: int = 0
    last_approved: datetime | None = None


@dataclass(frozen=True)
class CountedEntry:
    """One approved diary entry counted by a key result (a line of the drill-down)."""

    entry_id: int
    work_date: date
    person_name: str
    item_code: str
    item_name: str
    quantity: Decimal
    coefficient: Decimal

    @property
    def converted(self) -> Decimal:
        """Quantity × K."""
        return self.quantity * self.coefficient


def _in_scope(person_id):
    """The objective's people: person → them; division → its people; unit → everyone (of the unit)."""
    return or_(
        Objective.level == "unit",
        and_(Objective.level == "division", Person.division_id == Objective.division_id),
        and_(Objective.level == "person", person_id == Objective.person_id),
    )


def _counted():
    """The condition joining DiaryEntry, Person, KeyResultItem, KeyResult and Objective to the entries that count:
    approved, on a linked item, of the objective's unit and people, in its period (one entry meets one key result
    at most once: KeyResultItem's key)."""
    return and_(
        DiaryEntry.status == "approved",
        DiaryEntry.item_id == KeyResultItem.item_id,
        KeyResultItem.key_result_id == KeyResult.id,
        KeyResult.objective_id == Objective.id,
        KeyResult.measured_by == "items",
        DiaryEntry.unit_id == Objective.unit_id,
        DiaryEntry.work_date >= Objective.starts_on,
        DiaryEntry.work_date <= Objective.ends_on,
        Person.id == DiaryEntry.person_id,
        _in_scope(DiaryEntry.person_id),
    )


def work_figures(session: Session, key_result_ids: list[int]) -> dict[int, WorkFigure]:
    """The figure of each key result measured from work (key results with no work: zero): one grouped query per
    level and period among them, each joining the summary on its own scope column (index-friendly month range)."""
    totals: dict[int, list] = defaultdict(lambda: [ZERO, 0, None])
    if key_result_ids:
        groups = session.exec(select(Objective.level, Objective.starts_on, Objective.ends_on).join(
            KeyResult, KeyResult.objective_id == Objective.id).where(
            KeyResult.id.in_(key_result_ids), KeyResult.measured_by == "items").distinct()).all()
        for level, first, last in groups:
            for row in session.exec(_summed(key_result_ids, level, first, last)).all():
                _add(totals[row[0]], *row[1:])
    return {kr_id: WorkFigure(*totals[kr_id]) if kr_id in totals else WorkFigure() for kr_id in key_result_ids}


def _summed(key_result_ids: list[int], level: str, first: date, last: date):
    """Σ quantity, entries and the latest approval per key result and K, from the summary, for the key results of
    one level and period: person → their rows; division → its people's; unit → the unit's."""
    s = ItemWorkSummary
    query = (
        select(KeyResult.id, s.coefficient, func.sum(s.quantity), func.sum(s.entries), func.max(s.last_approved_at))
        .select_from(KeyResult).join(Objective, Objective.id == KeyResult.objective_id)
        .join(KeyResultItem, KeyResultItem.key_result_id == KeyResult.id)
        .join(s, and_(s.item_id == KeyResultItem.item_id, s.unit_id == Objective.unit_id,
                      s.month >= month_key(first), s.month <= month_key(last)))
        .where(KeyResult.id.in_(key_result_ids), KeyResult.measured_by == "items", Objective.level == level,
               Objective.starts_on == first, Objective.ends_on == last)
        .group_by(KeyResult.id, s.coefficient))
    if level == "person":
        return query.where(s.person_id == Objective.person_id)
    if level == "division":
        return query.join(Person, and_(Person.id == s.person_id, Person.division_id == Objective.division_id))
    return query


def _add(total: list, coefficient, quantity, entries, last) -> None:
    """Add one K's quantity (× K), entries and latest approval to a key result's running total."""
    total[0] += Decimal(quantity) * Decimal(coefficient)
    total[1] += int(entries)
    total[2] = max(filter(None, (total[2], last)), default=None)


def counted_entries(session: Session, key_result_id: int, limit: int | None = None) -> list[CountedEntry]:
    """The drill-down: the approved entries a key result counts, by work date then entry."""
    query = (
        select(DiaryEntry.id, DiaryEntry.work_date, Person.full_name, CatalogueItem.code, CatalogueItem.name,
               DiaryEntry.quantity, DiaryEntry.coefficient)
        .select_from(DiaryEntry).join(Person, Person.id == DiaryEntry.person_id)
        .join(CatalogueItem, CatalogueItem.id == DiaryEntry.item_id)
        .join(KeyResultItem, KeyResultItem.item_id == DiaryEntry.item_id)
        .join(KeyResult, KeyResult.id == KeyResultItem.key_result_id)
        .join(Objective, Objective.id == KeyResult.objective_id)
        .where(_counted(), KeyResult.id == key_result_id)
        .order_by(DiaryEntry.work_date, DiaryEntry.id))
    rows = session.exec(query.limit(limit) if limit else query).all()
    return [CountedEntry(*row) for row in rows]
