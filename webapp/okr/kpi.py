"""OKR meets KPI: the unit's OKR progress for an evaluation period, the figure a head's đ may be read from.

How a period maps to OKR (a decision, written down in docs): the unit-level objectives of the unit, agreed or
closed, whose period covers the whole evaluation period — the shortest such period wins, so a month takes its
quarter's objectives and falls back to the year's; a year sheet takes the year's. Each key result is measured as
of the evaluation period's last day (approved work dated in its month or before; the last check-in recorded by
then), the objectives' progress is their plain mean, and it is compared with the plan's pace: divided by the
share of the OKR period's months elapsed at that day (October: 1/3 of Q4, so 29,17 % done reads as 87,50 % of
plan). The figure is rounded once, to the hundredth of a percent it is shown with; the bands apply to that figure.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlmodel import Session, select

from ..models import CheckIn, ItemWorkSummary, KeyResult, Objective
from ..months import month_key
from .measure import _add, _summed  # the pages' own sums: one definition of what counts
from .progress import Measured, key_result_progress, objective_progress
from .queries import _as_date

COUNTED_STATES = ("agreed", "closed")  # a draft is not yet the unit's plan
SHOWN = Decimal("0.0001")  # a hundredth of a percent


@dataclass(frozen=True)
class UnitOkrFigure:
    """The unit's OKR progress against the plan's pace at a period's end, with what it was read from."""

    progress: Decimal  # 1 = 100 % of plan, rounded as shown
    done: Decimal  # the objectives' progress at that day (1 = 100 % of their targets)
    elapsed: Fraction  # the share of the OKR period elapsed
    objectives: int
    period_key: str


def months_between(first: date, last: date) -> int:
    """Calendar months from first's month to last's month, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _ratio(value: Fraction) -> Decimal:
    """A ratio as the Decimal shown (four places, half up)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(SHOWN, rounding=ROUND_HALF_UP)


def covering_objectives(session: Session, unit_ids: list[int] | None, start: date, end: date
                        ) -> dict[int, list[Objective]]:
    """Per unit (None: every unit), its agreed or closed unit-level objectives of the shortest OKR period
    covering [start, end]."""
    query = select(Objective).where(Objective.level == "unit", Objective.state.in_(COUNTED_STATES),
                                    Objective.starts_on <= start, Objective.ends_on >= end)
    if unit_ids is not None:
        query = query.where(Objective.unit_id.in_(unit_ids))
    rows = session.exec(query.order_by(Objective.id)).all()
    by_unit = defaultdict(list)
    for objective in rows:
        by_unit[objective.unit_id].append(objective)
    return {unit_id: [o for o in found if o.ends_on - o.starts_on == min(x.ends_on - x.starts_on for x in found)]
            for unit_id, found in by_unit.items()}


def work_values_until(session: Session, key_result_ids: list[int], end: date) -> dict[int, Decimal]:
    """Σ quantity × K of the approved entries each key result counts, in the months up to end's (a period's last
    day): measure._summed's query, one per level and OKR period, bounded by that month."""
    totals: dict[int, list] = defaultdict(lambda: [Decimal(0), 0, None])
    if key_result_ids:
        groups = session.exec(select(Objective.level, Objective.starts_on, Objective.ends_on).join(
            KeyResult, KeyResult.objective_id == Objective.id).where(KeyResult.id.in_(key_result_ids)).distinct()).all()
        for level, first, last in groups:
            query = _summed(key_result_ids, level, first, last).where(ItemWorkSummary.month <= month_key(end))
            for row in session.exec(query).all():
                _add(totals[row[0]], *row[1:])
    return {kr_id: total[0] for kr_id, total in totals.items()}


def check_in_values_until(session: Session, key_result_ids: list[int], end: date) -> dict[int, Decimal]:
    """The last check-in value of each key result recorded by end (local day)."""
    values = {}
    if key_result_ids:
        for check_in in session.exec(select(CheckIn).where(CheckIn.key_result_id.in_(key_result_ids))
                                     .order_by(CheckIn.id)).all():
            if _as_date(check_in.created_at) <= end:
                values[check_in.key_result_id] = check_in.value
    return values


def unit_okr_figures(session: Session, unit_ids: list[int] | None, start: date, end: date) -> dict[int, UnitOkrFigure]:
    """The OKR figure of each unit that has objectives covering the period (units without: absent)."""
    covering = covering_objectives(session, unit_ids, start, end)
    objectives = [o for found in covering.values() for o in found]
    if not objectives:
        return {}
    key_results = session.exec(select(KeyResult).where(KeyResult.objective_id.in_([o.id for o in objectives]))).all()
    work = work_values_until(session, [kr.id for kr in key_results if kr.measured_by == "items"], end)
    typed = check_in_values_until(session, [kr.id for kr in key_results if kr.measured_by != "items"], end)
    measured = defaultdict(list)
    for kr in key_results:
        value = work.get(kr.id, Decimal(0)) if kr.measured_by == "items" else typed.get(kr.id)
        measured[kr.objective_id].append(Measured(kr.weight, key_result_progress(kr.baseline, kr.target, value,
                                                                                 kr.allow_over)))
    figures = {}
    for unit_id, found in covering.items():
        progress = [p for p in (objective_progress(measured[o.id]) for o in found) if p is not None]
        if progress:
            done = sum(progress, Fraction(0)) / len(progress)
            elapsed = Fraction(months_between(found[0].starts_on, end), months_between(found[0].starts_on,
                                                                                      found[0].ends_on))
            figures[unit_id] = UnitOkrFigure(_ratio(done / elapsed), _ratio(done), elapsed, len(progress),
                                             found[0].period_key)
    return figures
