"""OKR: objectives cascading province → bloc → unit → division → person, their key results and check-ins."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from ._base import created_at_field, quantity_field, timestamp_field

OBJECTIVE_LEVELS = ("province", "bloc", "unit", "division", "person")
OBJECTIVE_STATES = ("draft", "agreed", "closed")
MEASURED_BY = ("items", "checkin")
CONFIDENCES = ("on_track", "at_risk", "off_track")

# Which scope columns each level fills: bloc_id is the unit's bloc below the bloc level (organisers' scope in one
# column); a person's objective names the person and their unit, not their division (people move between them).
_SCOPE = (
    "(level = 'province' AND bloc_id IS NULL AND unit_id IS NULL AND division_id IS NULL AND person_id IS NULL)"
    " OR (level = 'bloc' AND bloc_id IS NOT NULL AND unit_id IS NULL AND division_id IS NULL AND person_id IS NULL)"
    " OR (level = 'unit' AND bloc_id IS NOT NULL AND unit_id IS NOT NULL AND division_id IS NULL"
    " AND person_id IS NULL)"
    " OR (level = 'division' AND bloc_id IS NOT NULL AND unit_id IS NOT NULL AND division_id IS NOT NULL"
    " AND person_id IS NULL)"
    " OR (level = 'person' AND bloc_id IS NOT NULL AND unit_id IS NOT NULL AND division_id IS NULL"
    " AND person_id IS NOT NULL)"
)


class Objective(SQLModel, table=True):
    """Mục tiêu of the province, a bloc, a unit, a division or a person over a quarter or a year."""

    __table_args__ = (
        CheckConstraint("level IN ('province','bloc','unit','division','person')", name="ck_objective_level"),
        CheckConstraint("state IN ('draft','agreed','closed')", name="ck_objective_state"),
        CheckConstraint(_SCOPE, name="ck_objective_scope"),
        CheckConstraint("owner_id <> reviewer_id", name="ck_objective_owner_not_reviewer"),
        CheckConstraint("starts_on <= ends_on", name="ck_objective_period"),
        Index("ix_objective_period_level", "period_key", "level"),
    )

    id: int | None = Field(default=None, primary_key=True)
    level: str = Field(max_length=16)
    bloc_id: int | None = Field(default=None, foreign_key="bloc.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    division_id: int | None = Field(default=None, foreign_key="division.id")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    owner_id: int = Field(foreign_key="useraccount.id", index=True)  # sets it and checks in
    reviewer_id: int = Field(foreign_key="useraccount.id", index=True)  # agrees and closes it
    state: str = Field(default="draft", max_length=8)
    period_key: str = Field(max_length=16)  # "2026-Q4" or "2026"
    starts_on: date  # the period's first and last day: the work measured lies between (index-friendly ranges)
    ends_on: date
    title: str = Field(max_length=500)
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()
    agreed_at: datetime | None = timestamp_field()
    closed_at: datetime | None = timestamp_field()


class ObjectiveAlignment(SQLModel, table=True):
    """An objective supports an objective of the level above (many-to-many)."""

    __table_args__ = (CheckConstraint("objective_id <> supports_id", name="ck_alignment_not_itself"),)

    objective_id: int = Field(foreign_key="objective.id", primary_key=True)
    supports_id: int = Field(foreign_key="objective.id", primary_key=True, index=True)
    created_at: datetime = created_at_field()


class KeyResult(SQLModel, table=True):
    """Kết quả then chốt with its baseline, target and weight, measured from approved work or by check-ins."""

    __table_args__ = (
        CheckConstraint("measured_by IN ('items','checkin')", name="ck_keyresult_measured_by"),
        CheckConstraint("target <> baseline", name="ck_keyresult_target_not_baseline"),
        CheckConstraint("weight > 0 AND weight <= 100", name="ck_keyresult_weight"),
    )

    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(foreign_key="objective.id", index=True)
    title: str = Field(max_length=500)
    measure_unit: str = Field(default="", max_length=64)
    baseline: Decimal = quantity_field()
    target: Decimal = quantity_field()
    weight: Decimal = Field(default=Decimal("100"), max_digits=5, decimal_places=2)  # % of the objective
    allow_over: bool = Field(default=False)  # progress may pass 100 %
    measured_by: str = Field(default="checkin", max_length=16)  # checkin or items
    sort_order: int = Field(default=0)
    created_at: datetime = created_at_field()


class KeyResultItem(SQLModel, table=True):
    """A catalogue item whose approved converted work counts toward a key result."""

    key_result_id: int = Field(foreign_key="keyresult.id", primary_key=True)
    item_id: int = Field(foreign_key="catalogueitem.id", primary_key=True)


class CheckIn(SQLModel, table=True):
    """A reported value of a key result with the owner's confidence, a note and evidence; kept as history."""

    __table_args__ = (
        CheckConstraint("confidence IN ('on_track','at_risk','off_track')", name="ck_checkin_confidence"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key_result_id: int = Field(foreign_key="keyresult.id", index=True)
    value: Decimal = quantity_field()  # typed for check-in key results; the measured value for the others
    confidence: str = Field(default="on_track", max_length=16)
    note: str = Field(default="", max_length=1000)
    evidence_doc_number: str = Field(default="", max_length=100)
    evidence_doc_date: date | None = None
    evidence_link: str = Field(default="", max_length=500)
    reported_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = created_at_field()
