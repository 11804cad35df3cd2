"""The figures a unit's yearly task points are read from: its OKR completion and its plan completion.

- OKR: the unit-level objectives (agreed or closed) of the year, measured at 31/12 (okr.kpi, the figure a head's đ
  may be read from); a unit without year objectives takes the mean of its quarters' figures, each quarter's
  objectives measured at the quarter's last day. No objective at all: no OKR figure.
- Plan: Σ quantity × K of the approved diary work of the year (WorkSummary, kept at approval) over Σ quantity × K
  of the assignments with a deadline in the year (cancelled ones aside) plus approved declared work, for everyone
  in the unit: the person's a (inputs.py's counting conventions) taken over the unit and the year.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, select
from sqlmodel import Session

from ..evaluations.inputs import ASSIGNED_K
from ..models import Assignment, CatalogueItem, WorkSummary
from ..okr.kpi import unit_okr_figures

ZERO = Decimal(0)
SHOWN = Decimal("0.0001")
QUARTERS = ((1, 3), (4, 6), (7, 9), (10, 12))
QUARTER_ENDS = (date(2001, 3, 31), date(2001, 6, 30), date(2001, 9, 30), date(2001, 12, 31))


@dataclass(frozen=True)
class OkrPart:
    """One OKR period that fed the figure: its key ("2026", "2026-Q3"), objectives counted, progress."""

    period_key: str
    objectives: int
    progress: Decimal


@dataclass(frozen=True)
class YearFigures:
    """What the task points of a unit's year are read from, with the parts shown on the result page."""

    okr_completion: Decimal | None
    okr_parts: list[OkrPart] = field(default_factory=list)
    plan_completed: Decimal = ZERO
    plan_assigned: Decimal = ZERO

    def as_plain(self) -> dict:
        """JSON-ready, decimals as strings (kept with the result)."""
        return {"okr_completion": None if self.okr_completion is None else str(self.okr_completion),
                "okr_parts": [{"period_key": p.period_key, "objectives": p.objectives, "progress": str(p.progress)}
                              for p in self.okr_parts],
                "plan_completed": str(self.plan_completed), "plan_assigned": str(self.plan_assigned)}


def year_figures(session: Session, unit_id: int, year: int) -> YearFigures:
    """The unit's OKR and plan figures for the year."""
    completed, assigned = plan_sums(session, unit_id, year)
    completion, parts = okr_completion(session, unit_id, year)
    return YearFigures(completion, parts, completed, assigned)


def okr_completion(session: Session, unit_id: int, year: int) -> tuple[Decimal | None, list[OkrPart]]:
    """The year's objectives' figure, else the mean of the quarters' (rounded as the OKR pages show it)."""
    whole = unit_okr_figures(session, [unit_id], date(year, 1, 1), date(year, 12, 31)).get(unit_id)
    if whole is not None:
        return whole.progress, [OkrPart(whole.period_key, whole.objectives, whole.progress)]
    parts = []
    for (first, last), end in zip(QUARTERS, QUARTER_ENDS):
        figure = unit_okr_figures(session, [unit_id], date(year, first, 1), end.replace(year=year)).get(unit_id)
        if figure is not None and figure.period_key != str(year):
            parts.append(OkrPart(figure.period_key, figure.objectives, figure.progress))
    if not parts:
        return None, []
    mean = sum((p.progress for p in parts), ZERO) / len(parts)
    return mean.quantize(SHOWN, rounding=ROUND_HALF_UP), parts


def plan_sums(session: Session, unit_id: int, year: int) -> tuple[Decimal, Decimal]:
    """(converted completed, converted assigned) of the unit's year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    assigned = session.execute(
        select(func.coalesce(func.sum(Assignment.quantity * ASSIGNED_K), 0))
        .join(CatalogueItem, CatalogueItem.id == Assignment.item_id)
        .where(Assignment.unit_id == unit_id, Assignment.deadline.between(first, last),
               Assignment.cancelled_at.is_(None))).scalar_one()
    months = (WorkSummary.month >= f"{year:04d}-01", WorkSummary.month <= f"{year:04d}-12")
    completed, declared = session.execute(
        select(func.coalesce(func.sum(WorkSummary.converted), 0),
               func.coalesce(func.sum(case((WorkSummary.declared, WorkSummary.converted), else_=0)), 0))
        .where(WorkSummary.unit_id == unit_id, *months)).one()
    return Decimal(completed), Decimal(assigned) + Decimal(declared)
