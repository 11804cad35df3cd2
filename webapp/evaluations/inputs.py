"""The facts of a month for many people at once: SQL aggregates feeding the pure rules.

Counting conventions (conv, written down for the officials who check the numbers):
- assigned work counts in the month of its deadline; completed work in the month of its
  diary date; an approved entry with no assignment is declared work and counts on both sides;
- completed work is grouped per person, item, K and identical error/delay counts, so grouping
  never changes a deduction (each diary entry is one product for the 25 % rules);
- a late entry is one delay; its objective-cause exemption exempts that delay.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, literal, select
from sqlmodel import Session

from ..models import Assignment, CatalogueItem, CriterionScore, DiaryEntry, EvaluationSheet, WorkSummary
from ..months import month_key
from ..scoring import AssignedWork, CompletedWork

ZERO, ONE = Decimal(0), Decimal(1)


@dataclass
class WorkFacts:
    """One person's assigned and completed rows for the month."""

    assigned: list[AssignedWork] = field(default_factory=list)
    completed: list[CompletedWork] = field(default_factory=list)


# The K an assignment was given with; rows from before it was kept read the item's.
ASSIGNED_K = func.coalesce(Assignment.coefficient, CatalogueItem.coefficient, type_=CatalogueItem.coefficient.type)


def _in_units(column, ids: list[int] | None):
    """A unit (or person) filter, or none for the whole province."""
    return literal(True) if ids is None else column.in_(ids)


def work_facts(session: Session, start: date, end: date, unit_ids: list[int] | None,
               person_ids: list[int] | None = None) -> dict[int, WorkFacts]:
    """Per person (of the units, or only the people named): assigned rows (deadline in the month) and approved
    completed rows (diary date in it)."""
    facts: dict[int, WorkFacts] = defaultdict(WorkFacts)
    assigned = (
        select(Assignment.person_id, Assignment.item_id, ASSIGNED_K, func.sum(Assignment.quantity))
        .join(CatalogueItem, CatalogueItem.id == Assignment.item_id)
        .where(Assignment.deadline.between(start, end), Assignment.cancelled_at.is_(None),
               _in_units(Assignment.unit_id, unit_ids), _in_units(Assignment.person_id, person_ids))
        .group_by(Assignment.person_id, Assignment.item_id, ASSIGNED_K)
    )
    for person_id, item_id, k, quantity in session.execute(assigned):
        facts[person_id].assigned.append(AssignedWork(f"giao:{item_id}", str(item_id), Decimal(k), Decimal(quantity)))
    entry = DiaryEntry
    declared = entry.assignment_id.is_(None)
    late = case((entry.is_late, 1), else_=0)
    completed = (
        select(entry.person_id, entry.item_id, entry.coefficient, entry.quality_errors, entry.errors_exempt,
               late, entry.delay_exempt, declared, func.sum(entry.quantity), func.count())
        .where(entry.status == "approved", entry.work_date.between(start, end), _in_units(entry.unit_id, unit_ids),
               _in_units(entry.person_id, person_ids))
        .group_by(entry.person_id, entry.item_id, entry.coefficient, entry.quality_errors, entry.errors_exempt,
                  late, entry.delay_exempt, declared)
    )
    for person_id, item_id, k, errors, errors_exempt, delays, delay_exempt, is_declared, quantity, n in session.execute(completed):
        k, quantity = Decimal(k), Decimal(quantity)
        ref = f"nhatky:{item_id}:{errors}:{int(errors_exempt)}:{delays}:{int(delay_exempt)}"
        # Every entry of the group has the same counts, so the row's factor is each entry's factor.
        facts[person_id].completed.append(CompletedWork(
            f"{ref}:{n}", str(item_id), k, quantity, errors, errors if errors_exempt else 0,
            delays, delays if delay_exempt else 0))
        if is_declared:
            facts[person_id].assigned.append(AssignedWork("tu-ke-khai:" + ref, str(item_id), k, quantity))
    for person in facts.values():  # the explanation lists them in one order, whatever order the rows came in
        person.assigned.sort(key=_in_item_order)
        person.completed.sort(key=_in_item_order)
    return facts


def _in_item_order(work) -> tuple[str, str]:
    """By catalogue item (its id, as a number), then by the row's reference."""
    return work.item_code.zfill(12), work.ref


def work_totals(session: Session, start: date, end: date, unit_ids: list[int] | None) -> dict[int, WorkFacts]:
    """Per person, totals instead of item rows, read from WorkSummary (kept at approval time): exact
    whenever the rule set caps a, b, c on the period's totals (not per item), because a row's 25 %
    deductions depend only on its own counts. A person gets one assigned total (assignments and
    declared work) and one completed row per distinct error and delay counts, ~4 rows at province scale."""
    assigned, completed = _month_sums(session, start, end, unit_ids)
    facts: dict[int, WorkFacts] = defaultdict(WorkFacts)
    for person_id, total in assigned.items():
        facts[person_id].assigned.append(AssignedWork("giao+tu-ke-khai", "", ONE, total))
    for (errors, errors_exempt, late, delay_exempt), sums in completed.items():
        delays = int(late)
        ref = f"nhatky:{errors}:{int(errors_exempt)}:{delays}:{int(delay_exempt)}"
        counts = (errors, errors if errors_exempt else 0, delays, delays if delay_exempt else 0)
        for person_id, converted in sums.items():
            facts[person_id].completed.append(CompletedWork(ref, "", ONE, converted, *counts))
    return facts


def _month_sums(session: Session, start: date, end: date,
                unit_ids: list[int] | None) -> tuple[dict[int, Decimal], dict[tuple, dict[int, Decimal]]]:
    """Σ quantity × K assigned per person (assignments and declared work), and completed per counts and person.

    Declared work counts on both sides (conv.), and completed rows with the same counts merge whether declared
    or not: sums of NUMERIC(16,4) fit Decimal's 28 digits, so every sum is exact and the ratios are those of
    the rows one by one, with fewer objects to build and score."""
    assigned_query = (
        select(Assignment.person_id, func.sum(Assignment.quantity * ASSIGNED_K))
        .join(CatalogueItem, CatalogueItem.id == Assignment.item_id)
        .where(Assignment.deadline.between(start, end), Assignment.cancelled_at.is_(None),
               _in_units(Assignment.unit_id, unit_ids))
        .group_by(Assignment.person_id)
    )
    row = WorkSummary
    completed_query = (
        select(row.person_id, row.quality_errors, row.errors_exempt, row.is_late, row.delay_exempt, row.declared,
               row.converted)
        .where(row.month == month_key(start), _in_units(row.unit_id, unit_ids))
    )
    # Plain rows fetched at once (.all()): the session's connection skips the ORM's row processing, and
    # iterating a result would fetch ~114k rows one by one at province scale.
    connection = session.connection()
    assigned = {person_id: Decimal(total) for person_id, total in connection.execute(assigned_query).all()}
    completed: dict[tuple, dict[int, Decimal]] = defaultdict(dict)  # (errors, exempt, late, exempt) → person → Σ
    rows = connection.execute(completed_query).all()
    for person_id, errors, errors_exempt, late, delay_exempt, declared, converted in rows:
        sums = completed[errors, errors_exempt, late, delay_exempt]
        sums[person_id] = sums.get(person_id, ZERO) + converted
        if declared:
            assigned[person_id] = assigned.get(person_id, ZERO) + converted
    return assigned, completed


def criterion_scores(session: Session, period_ids: list[int]) -> dict[int, dict[str, dict[str, Decimal]]]:
    """Per sheet: {"self": {code: score}, "manager": {code: score}}."""
    rows = session.execute(
        select(CriterionScore.sheet_id, CriterionScore.criterion_code, CriterionScore.self_score,
               CriterionScore.manager_score)
        .join(EvaluationSheet, EvaluationSheet.id == CriterionScore.sheet_id)
        .where(EvaluationSheet.period_id.in_(period_ids))
    )
    scores: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(lambda: {"self": {}, "manager": {}})
    for sheet_id, code, own, manager in rows:
        if own is not None:
            scores[sheet_id]["self"][code] = Decimal(own)
        if manager is not None:
            scores[sheet_id]["manager"][code] = Decimal(manager)
    return scores
