"""Key results measured from approved work: Σ quantity × K of the approved diary entries, on the key result's
linked catalogue items, of the people in the objective's scope, with work dates in the objective's period.

Every figure is an aggregate in SQL over index-friendly date ranges; the drill-down lists the same entries
through the same condition, so the value always equals the sum of what it lists. Entries are grouped by K and
multiplied here, in Decimal, because SQLite would multiply NUMERIC columns as floats.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from ..models import CatalogueItem, DiaryEntry, KeyResult, KeyResultItem, Objective, Person

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


def _counted():
    """The condition joining DiaryEntry, Person, KeyResultItem, KeyResult and Objective to the entries that count.

    person → their own entries; division → the entries of its people; unit → the unit's; always the objective's
    unit and period, approved only. One entry meets one key result at most once (KeyResultItem's key)."""
    in_scope = or_(
        Objective.level == "unit",
        and_(Objective.level == "division", Person.division_id == Objective.division_id),
        and_(Objective.level == "person", DiaryEntry.person_id == Objective.person_id),
    )
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
        in_scope,
    )


def work_figures(session: Session, key_result_ids: list[int]) -> dict[int, WorkFigure]:
    """The figure of each key result measured from work, in one grouped query (key results with no work: zero)."""
    if not key_result_ids:
        return {}
    rows = session.exec(
        select(KeyResult.id, DiaryEntry.coefficient, func.sum(DiaryEntry.quantity), func.count(DiaryEntry.id),
               func.max(DiaryEntry.reviewed_at))
        .select_from(DiaryEntry).join(Person, Person.id == DiaryEntry.person_id)
        .join(KeyResultItem, KeyResultItem.item_id == DiaryEntry.item_id)
        .join(KeyResult, KeyResult.id == KeyResultItem.key_result_id)
        .join(Objective, Objective.id == KeyResult.objective_id)
        .where(_counted(), KeyResult.id.in_(key_result_ids))
        .group_by(KeyResult.id, DiaryEntry.coefficient)).all()
    totals: dict[int, list] = defaultdict(lambda: [ZERO, 0, None])
    for key_result_id, coefficient, quantity, entries, last in rows:
        total = totals[key_result_id]
        total[0] += Decimal(quantity) * Decimal(coefficient)
        total[1] += entries
        total[2] = max(filter(None, (total[2], last)), default=None)
    return {kr_id: WorkFigure(*totals[kr_id]) if kr_id in totals else WorkFigure() for kr_id in key_result_ids}


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
