"""Đánh giá, xếp loại cơ quan, đơn vị: one unit's yearly evaluation by the superior level."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, score_field, timestamp_field

AGENCY_STATES = ("draft", "self_assessed", "scored", "approved")


class AgencyEvaluation(SQLModel, table=True):
    """A unit's year: the head's self-assessment, the superior's criterion scores, the task part read from the
    unit's OKR and plan, the total and band; `result` keeps the figures and steps the numbers came from."""

    __table_args__ = (
        UniqueConstraint("unit_id", "year", name="uq_agency_evaluation_unit_year"),
        CheckConstraint("state IN ('draft','self_assessed','scored','approved')", name="ck_agency_evaluation_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    year: int
    rule_set_id: int = Field(foreign_key="ruleset.id")
    state: str = Field(default="draft", max_length=16)
    self_scores: dict = json_field()  # criterion code → the head's score (strings: exact decimals)
    self_band: str = Field(default="", max_length=16)
    self_comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    scores: dict = json_field()  # criterion code → the superior level's score, which counts
    superior_comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    general_points: Decimal | None = score_field()
    task_points: Decimal | None = score_field()
    total_points: Decimal | None = score_field()
    band: str = Field(default="", max_length=16)
    result: dict = json_field()  # the OKR and plan figures, the sources and steps at the last scoring
    self_assessed_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    scored_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    approved_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    self_assessed_at: datetime | None = timestamp_field()
    scored_at: datetime | None = timestamp_field()
    approved_at: datetime | None = timestamp_field()
    version: int = Field(default=1)
    created_at: datetime = created_at_field()
