"""The unit performance index's summary rows and the runs of the job that refreshes them."""
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, timestamp_field


def _ratio() -> Any:
    """NUMERIC(14, 6): a ratio (1 = 100 %), unrounded enough for display; completion may pass 100 %."""
    return Field(default=None, max_digits=14, decimal_places=6)


def _amount() -> Any:
    """NUMERIC(18, 4): Σ converted work or Σ points."""
    return Field(default=Decimal("0"), max_digits=18, decimal_places=4)


class PerformanceSummary(SQLModel, table=True):
    """Bộ chỉ số of one unit (division_key 0) or one of its divisions (division_key = its id) for one month.

    The counts are what the refresh's GROUP BY queries gave; the ratios are derived from them by
    webapp.performance.indicators (definitions there). Pages read only these rows."""

    __table_args__ = (
        UniqueConstraint("month", "unit_id", "division_key", name="uq_performance_summary_key"),
        Index("ix_performance_summary_month_bloc", "month", "bloc_id"),
        Index("ix_performance_summary_unit_month", "unit_id", "month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7)  # "2026-11"
    unit_id: int = Field(foreign_key="unit.id")
    bloc_id: int = Field(foreign_key="bloc.id")  # the unit's bloc at refresh time (filters; scope reads Unit)
    division_id: int | None = Field(default=None, foreign_key="division.id")
    division_key: int = Field(default=0)  # 0 for the unit's own row: a unique key needs no NULL
    headcount: int = Field(default=0)
    draft: int = Field(default=0)
    self_assessed: int = Field(default=0)
    reviewed: int = Field(default=0)
    approved: int = Field(default=0)
    published: int = Field(default=0)
    locked: int = Field(default=0)
    no_sheet: int = Field(default=0)
    evaluated: int = Field(default=0)
    points_sum: Decimal = _amount()
    bands: dict = json_field()  # {band code: evaluated sheets}
    top_count: int = Field(default=0)
    cap_base: int = Field(default=0)
    cap_allowed: int = Field(default=0)
    cap_over: int = Field(default=0)
    assigned: Decimal = _amount()
    completed: Decimal = _amount()
    entries: int = Field(default=0)
    on_time: int = Field(default=0)
    overdue: int = Field(default=0)
    working_days: int = Field(default=0)
    diary_days: int = Field(default=0)
    evaluated_share: Decimal | None = _ratio()
    average_points: Decimal | None = _ratio()
    top_share: Decimal | None = _ratio()
    completion: Decimal | None = _ratio()
    on_time_share: Decimal | None = _ratio()
    coverage: Decimal | None = _ratio()
    okr_progress: Decimal | None = _ratio()
    okr_pace: Decimal | None = _ratio()
    refreshed_at: datetime = created_at_field()


class PerformanceRefresh(SQLModel, table=True):
    """One run of the refresh (a month, one unit or all): the row the page polls, not RQ's metadata."""

    __table_args__ = (
        CheckConstraint("status IN ('queued','running','done','failed')", name="ck_performance_refresh_status"),
        Index("ix_performance_refresh_month", "month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")  # one unit, else the bloc's, else all
    bloc_id: int | None = Field(default=None, foreign_key="bloc.id")  # an organiser's bloc
    status: str = Field(default="queued", max_length=16)
    rows: int = Field(default=0)
    error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    requested_by_id: int | None = Field(default=None, foreign_key="useraccount.id")  # None: the system
    created_at: datetime = created_at_field()
    started_at: datetime | None = timestamp_field()
    finished_at: datetime | None = timestamp_field()
