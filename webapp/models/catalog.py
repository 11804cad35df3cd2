"""The unit's catalogue of products/tasks (danh mục sản phẩm/công việc)."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import timestamp_field

TASK_GROUPS = ("A", "B", "C", "D")


class CatalogueItem(SQLModel, table=True):
    """An item with its conversion coefficient K to the unit's standard product."""

    __table_args__ = (
        UniqueConstraint("unit_id", "code", name="uq_catalogue_item_unit_code"),
        CheckConstraint("task_group IN ('A','B','C','D')", name="ck_catalogue_item_group"),
        CheckConstraint("coefficient > 0", name="ck_catalogue_item_coefficient"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=500)
    unit_of_measure: str = Field(max_length=64)
    task_group: str = Field(max_length=1)
    coefficient: Decimal = Field(max_digits=4, decimal_places=2)
    standard_hours: Decimal | None = Field(default=None, max_digits=6, decimal_places=2)
    applies_to_all: bool = Field(default=False)  # "*" in the catalogue: every position of the unit
    effective_from: date
    effective_to: date | None = None
    version: int = Field(default=1)  # bumped on every approved change; entries keep the K they used
    approved_at: datetime | None = timestamp_field()
    active: bool = Field(default=True)


class CatalogueItemPosition(SQLModel, table=True):
    """Which job positions a catalogue item applies to."""

    item_id: int = Field(foreign_key="catalogueitem.id", primary_key=True)
    position_id: int = Field(foreign_key="jobposition.id", primary_key=True, index=True)
