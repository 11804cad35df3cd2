"""Shared column helpers for the SQLModel tables."""
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field

from ..clock import utcnow


def created_at_field() -> Any:
    """A non-null UTC timestamp set on insert."""
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


def timestamp_field() -> Any:
    """A nullable UTC timestamp."""
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


def json_field(default_factory=dict) -> Any:
    """A JSON document column (rule data, frozen results, audit snapshots)."""
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))


def quantity_field(default: Decimal | None = Decimal("0"), **kw) -> Any:
    """NUMERIC(12, 2): quantities and converted quantities, never float."""
    return Field(default=default, max_digits=12, decimal_places=2, **kw)


def score_field(default: Decimal | None = None, **kw) -> Any:
    """NUMERIC(7, 4): points and ratios kept unrounded; rounding happens for display."""
    return Field(default=default, max_digits=7, decimal_places=4, **kw)
