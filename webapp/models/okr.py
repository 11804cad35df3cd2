"""OKR: objectives cascading province → unit → division → person, and key results."""
from datetime import datetime
from decimal import Decimal

from sqlmodel import Field, SQLModel

from ._base import created_at_field, quantity_field


class Objective(SQLModel, table=True):
    """Mục tiêu for a unit, division or person over a quarter or a year."""

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="objective.id")
    bloc_id: int | None = Field(default=None, foreign_key="bloc.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    division_id: int | None = Field(default=None, foreign_key="division.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    period_key: str = Field(max_length=16)  # "2026-Q4" or "2026"
    title: str = Field(max_length=500)
    created_at: datetime = created_at_field()


class KeyResult(SQLModel, table=True):
    """Kết quả then chốt with its baseline and target, measured from work or by check-ins."""

    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    title: str = Field(max_length=500)
    measure_unit: str = Field(default="", max_length=64)
    baseline: Decimal = quantity_field()
    target: Decimal = quantity_field()
    measured_by: str = Field(default="checkin", max_length=16)  # checkin or items


class KeyResultItem(SQLModel, table=True):
    """A catalogue item whose approved converted work counts toward a key result."""

    key_result_id: int = Field(foreign_key="keyresult.id", primary_key=True)
    item_id: int = Field(foreign_key="catalogueitem.id", primary_key=True)


class CheckIn(SQLModel, table=True):
    """A reported value of a key result."""

    id: int | None = Field(default=None, primary_key=True)
    key_result_id: int = Field(foreign_key="keyresult.id", index=True)
    value: Decimal = quantity_field()
    note: str = Field(default="", max_length=1000)
    reported_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = created_at_field()
