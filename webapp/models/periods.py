"""Evaluation periods and the public holiday calendar."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, timestamp_field

PERIOD_STATES = ("open", "closing", "closed")


class Period(SQLModel, table=True):
    """Kỳ đánh giá of one unit: a month (default), a quarter or a year."""

    __table_args__ = (
        UniqueConstraint("unit_id", "key", name="uq_period_unit_key"),
        CheckConstraint("state IN ('open','closing','closed')", name="ck_period_state"),
        CheckConstraint("kind IN ('month','quarter','year')", name="ck_period_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    kind: str = Field(default="month", max_length=8)
    key: str = Field(max_length=16)  # "2026-11", "2026-Q4", "2026": index-friendly on every database
    starts_on: date
    ends_on: date
    state: str = Field(default="open", max_length=8)
    closed_at: datetime | None = timestamp_field()
    cap_decision: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # the head's reason
    cap_decided_at: datetime | None = timestamp_field()


class PeriodReopening(SQLModel, table=True):
    """The kept reason each time a period was reopened."""

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    reopened_by_id: int = Field(foreign_key="useraccount.id")
    reason: str = Field(max_length=1000)
    created_at: datetime = created_at_field()


class Holiday(SQLModel, table=True):
    """A Vietnamese public holiday or compensating day off."""

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(default="holiday", max_length=16)
