"""The unit's catalogue of products/tasks (danh mục sản phẩm/công việc)."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, timestamp_field

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


class CatalogueItemVersion(SQLModel, table=True):
    """One approved version of an item: its values and the dates it is in force (the item's history)."""

    __table_args__ = (
        UniqueConstraint("item_id", "version", name="uq_catalogue_item_version"),
        CheckConstraint("coefficient > 0", name="ck_catalogue_item_version_coefficient"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="catalogueitem.id", index=True)
    version: int
    name: str = Field(max_length=500)
    unit_of_measure: str = Field(max_length=64)
    task_group: str = Field(max_length=1)
    coefficient: Decimal = Field(max_digits=4, decimal_places=2)
    standard_hours: Decimal | None = Field(default=None, max_digits=6, decimal_places=2)
    applies_to_all: bool = Field(default=False)
    position_codes: list = json_field(list)  # the positions it applied to, by code, as approved
    effective_from: date
    effective_to: date | None = None
    approved_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    approved_at: datetime | None = timestamp_field()
    draft_id: int | None = Field(default=None, foreign_key="cataloguedraft.id")


DRAFT_KINDS = ("new", "change", "retire")
DRAFT_STATES = ("pending", "approved", "rejected", "withdrawn")


class CatalogueBatch(SQLModel, table=True):
    """Proposals sent together (one form or one Excel import): one effective date, one reason."""

    __table_args__ = (
        CheckConstraint("approval_status IN ('','queued','running','done','failed')",
                        name="ck_catalogue_batch_approval_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    proposed_by_id: int = Field(foreign_key="useraccount.id")
    effective_from: date
    reason: str = Field(max_length=1000)
    created_at: datetime = created_at_field()
    # A batch too big to approve within a web request is approved by a job (catalog.batch_approval):
    # '' none, queued, running, done, failed (with the reason; the head may try again).
    approval_status: str = Field(default="", max_length=16)
    approval_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    approval_requested_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    approval_queued_at: datetime | None = timestamp_field()
    approval_started_at: datetime | None = timestamp_field()


class CatalogueDraft(SQLModel, table=True):
    """A proposed change of the catalogue (new, changed or retired item) waiting for the head's decision."""

    __table_args__ = (
        CheckConstraint("kind IN ('new','change','retire')", name="ck_catalogue_draft_kind"),
        CheckConstraint("state IN ('pending','approved','rejected','withdrawn')", name="ck_catalogue_draft_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="cataloguebatch.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    kind: str = Field(max_length=8)
    item_id: int | None = Field(default=None, foreign_key="catalogueitem.id")
    code: str = Field(max_length=32)
    before: dict = json_field()
    after: dict = json_field()
    state: str = Field(default="pending", max_length=12)
    decided_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    decided_at: datetime | None = timestamp_field()
    decision_reason: str = Field(default="", max_length=1000)
