"""Job positions (vị trí việc làm) with their description and competency framework."""
from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Column, Text, UniqueConstraint, true
from sqlmodel import Field, SQLModel

POSITION_GROUPS = ("leadership", "professional", "support")


class JobPosition(SQLModel, table=True):
    """A unit's job position, grouped as in Thông tư 12/2022/TT-BNV."""

    __table_args__ = (
        UniqueConstraint("unit_id", "code", name="uq_job_position_unit_code"),
        CheckConstraint("position_group IN ('leadership','professional','support')", name="ck_job_position_group"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=255)
    position_group: str = Field(max_length=16)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # A retired position stays on the people and sheets that had it, but is offered for no new data.
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, server_default=true()))
    retired_on: date | None = None


class Competency(SQLModel, table=True):
    """One competency of a position's framework with its required level (1-5)."""

    __table_args__ = (CheckConstraint("required_level BETWEEN 1 AND 5", name="ck_competency_level"),)

    id: int | None = Field(default=None, primary_key=True)
    position_id: int = Field(foreign_key="jobposition.id", index=True)
    name: str = Field(max_length=255)
    required_level: int
    sort_order: int = Field(default=0)
