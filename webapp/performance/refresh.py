"""Refresh the index's summary rows for one month (one unit or every unit): counts → figures → rows.

One transaction: the month's rows of those units are deleted and written again, under a PostgreSQL advisory
lock on the month so two refreshes of the same month queue rather than interleave (SQLite writes one at a time).
"""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, func, insert, select, text
from sqlmodel import Session

from ..clock import local_today, utcnow
from ..evaluations.rulesets import default_ruleset_row, rules_of
from ..models import PerformanceSummary, Unit
from ..months import month_key
from ..okr.kpi import unit_okr_figures
from ..periods.service import last_day_of_month
from ..workdays import working_days
from .counts import Bucket, bucket_counts
from .indicators import CapRule, Figures, Raw, figures

STORED = Decimal("0.000001")
RATIOS = ("evaluated_share", "average_points", "top_share", "completion", "on_time_share", "coverage",
          "okr_progress", "okr_pace")
COUNTS = ("headcount", "no_sheet", "evaluated", "points_sum", "top_count", "cap_base", "cap_allowed", "cap_over",
          "assigned", "completed", "entries", "on_time", "overdue", "working_days", "diary_days")


def cap_rule(session: Session, first: date) -> CapRule:
    """The cap of the default rule set in force on the month's first day."""
    cap = rules_of(default_ruleset_row(session, first)).cap
    return CapRule(cap.band, tuple(cap.base_bands), cap.share, cap.rounding)


def counted_days(session: Session, first: date, today: date) -> list[date]:
    """The month's working days that count for diary coverage: all of a past month, those before today else."""
    return [d for d in working_days(session, first, last_day_of_month(first)) if d < today]


def _raw(buckets: list[Bucket], okr=None) -> Raw:
    """One row's raw counts: the sum of its buckets (a unit: all of its divisions and the undivided)."""
    stages, bands = {}, {}
    for b in buckets:
        for code, n in b.stages.items():
            stages[code] = stages.get(code, 0) + n
        for code, n in b.bands.items():
            bands[code] = bands.get(code, 0) + n
    total = {name: sum((getattr(b, name) for b in buckets), type(getattr(Bucket(), name))(0)) for name in (
        "headcount", "points_sum", "assigned", "completed", "entries", "on_time", "overdue", "working_days",
        "diary_days")}
    return Raw(stages=tuple(stages.items()), bands=tuple(bands.items()),
               okr_progress=okr.done if okr else None, okr_pace=okr.progress if okr else None, **total)


def _stored(value: Decimal | None) -> Decimal | None:
    """A ratio as stored (six places, half up)."""
    return None if value is None else value.quantize(STORED, rounding=ROUND_HALF_UP)


def row_values(values: Figures, month: str, unit: Unit, division_id: int | None, at) -> dict:
    """The summary row's columns for one unit's or division's figures."""
    row = {name: getattr(values, name) for name in COUNTS} | {name: _stored(getattr(values, name)) for name in RATIOS}
    return row | {name: values.stages.get(name, 0) for name in ("draft", "self_assessed", "reviewed", "approved",
                                                                "published", "locked")} | {
        "month": month, "unit_id": unit.id, "bloc_id": unit.bloc_id, "division_id": division_id,
        "division_key": division_id or 0, "bands": dict(values.bands), "refreshed_at": at}


def refresh_month(session: Session, first: date, unit_ids: list[int] | None = None, today: date | None = None) -> int:
    """Write the month's summary rows of the units (None: every active unit); returns how many rows."""
    first = first.replace(day=1)
    today = today or local_today()
    month = month_key(first)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": "performance:" + month})
    query = select(Unit).where(Unit.active)
    units = list(session.exec(query if unit_ids is None else query.where(Unit.id.in_(unit_ids))).scalars())
    ids = None if unit_ids is None else [u.id for u in units]
    last = last_day_of_month(first)
    buckets = bucket_counts(session, first, last, counted_days(session, first, today), today, ids)
    rule = cap_rule(session, first)
    okr = unit_okr_figures(session, ids, first, last)
    by_unit: dict[int, dict] = {u.id: {} for u in units}
    for (unit_id, division_id), bucket in buckets.items():
        if unit_id in by_unit:
            by_unit[unit_id][division_id] = bucket
    at = utcnow()
    rows = []
    for unit in units:
        found = by_unit[unit.id]
        rows.append(row_values(figures(_raw(list(found.values()), okr.get(unit.id)), rule), month, unit, None, at))
        rows += [row_values(figures(_raw([b]), rule), month, unit, division_id, at)
                 for division_id, b in found.items() if division_id is not None]
    stale = delete(PerformanceSummary).where(PerformanceSummary.month == month)
    session.execute(stale if ids is None else stale.where(PerformanceSummary.unit_id.in_(ids)))
    if rows:
        session.execute(insert(PerformanceSummary), rows)
    session.commit()
    return len(rows)


def refreshed_at(session: Session, month: str, unit_ids: list[int] | None = None):
    """When the month's rows (of those units) were last written; None when never."""
    query = select(func.min(PerformanceSummary.refreshed_at)).where(PerformanceSummary.month == month,
                                                                    PerformanceSummary.division_key == 0)
    if unit_ids is not None:
        query = query.where(PerformanceSummary.unit_id.in_(unit_ids))
    return session.execute(query).scalar()

