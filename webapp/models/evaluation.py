"""Rule sets, evaluation sheets with criterion scores, and appeals."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, score_field, timestamp_field

SHEET_STATES = ("draft", "self_assessed", "reviewed", "approved", "published", "locked")


class RuleSet(SQLModel, table=True):
    """A scoring rule set as data (weights, criteria, thresholds, caps) with its legal basis."""

    __table_args__ = (UniqueConstraint("code", "version", name="uq_rule_set_code_version"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64)
    version: int = Field(default=1)
    name: str = Field(max_length=255)
    legal_reference: str = Field(max_length=500)
    effective_from: date
    effective_to: date | None = None
    is_default: bool = Field(default=False)
    data: dict = json_field()


class EvaluationSheet(SQLModel, table=True):
    """Phiếu theo dõi, đánh giá: one person's sheet for one period."""

    __table_args__ = (
        UniqueConstraint("period_id", "person_id", name="uq_sheet_period_person"),
        CheckConstraint(
            "state IN ('draft','self_assessed','reviewed','approved','published','locked')",
            name="ck_sheet_state",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    rule_set_id: int = Field(foreign_key="ruleset.id")
    state: str = Field(default="draft", max_length=16)
    is_leader: bool = Field(default=False)
    position_group_key: str = Field(default="", max_length=64)  # "group of similar positions" for the cap
    disciplined: bool = Field(default=False)
    degraded: bool = Field(default=False)
    corruption_in_unit: bool = Field(default=False)
    unit_plan_done: bool | None = Field(default=None)  # đ of a leader: None until the evaluator sets it
    internal_unity: bool | None = Field(default=None)  # e of a leader: None until the evaluator sets it
    task_points: Decimal | None = score_field()
    general_points: Decimal | None = score_field()
    total_points: Decimal | None = score_field()
    self_band: str = Field(default="", max_length=16)
    band: str = Field(default="", max_length=16)
    band_decision: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})  # the head's band before approval (cap), kept with its reason
    band_decision_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    strengths: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    limitations: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    comments: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    frozen_result: dict = json_field()  # inputs, K values, rule-set version and steps once approved
    frozen_at: datetime | None = timestamp_field()
    self_assessed_at: datetime | None = timestamp_field()
    reviewed_at: datetime | None = timestamp_field()
    approved_at: datetime | None = timestamp_field()
    published_at: datetime | None = timestamp_field()
    locked_at: datetime | None = timestamp_field()
    version: int = Field(default=1)


class CriterionScore(SQLModel, table=True):
    """A Form 01 criterion: the person's self score and the manager's score (which counts)."""

    __table_args__ = (UniqueConstraint("sheet_id", "criterion_code", name="uq_criterion_sheet_code"),)

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="evaluationsheet.id", index=True)
    criterion_code: str = Field(max_length=16)
    self_score: Decimal | None = Field(default=None, max_digits=5, decimal_places=2)
    manager_score: Decimal | None = Field(default=None, max_digits=5, decimal_places=2)


class Appeal(SQLModel, table=True):
    """Kiến nghị: a person's objection to their result and the answer kept with it."""

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="evaluationsheet.id", index=True)
    filed_by_id: int = Field(foreign_key="useraccount.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = created_at_field()
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    answered_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    answered_at: datetime | None = timestamp_field()
