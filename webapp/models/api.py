"""Integration clients of the JSON API, the document types a unit maps to its catalogue, and the diary
suggestions that work events from the e-office become."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, quantity_field, timestamp_field

API_SCOPES = ("work:write", "assignments:write", "results:read", "catalogue:read")
SUGGESTION_STATES = ("pending", "confirmed", "dismissed")


class ApiClient(SQLModel, table=True):
    """Hệ thống tích hợp: an e-office or task system calling the API with one bearer token."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    # The token is "okr_<prefix>_<secret>": the prefix finds the row, only the SHA-256 of the whole token is kept.
    token_prefix: str = Field(max_length=16, unique=True)
    token_hash: str = Field(max_length=64)
    scopes: list = json_field(list)
    rate_limit_per_minute: int = Field(default=600)
    created_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = created_at_field()
    rotated_at: datetime | None = timestamp_field()
    revoked_at: datetime | None = timestamp_field()
    last_used_at: datetime | None = timestamp_field()


class ApiClientUnit(SQLModel, table=True):
    """A unit an integration client may act for (no call reaches any other)."""

    client_id: int = Field(foreign_key="apiclient.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True, index=True)


class DocumentTypeMapping(SQLModel, table=True):
    """Loại văn bản → sản phẩm/công việc: the unit's catalogue item a document type of the e-office counts as."""

    __table_args__ = (UniqueConstraint("unit_id", "document_type", name="uq_document_type_mapping"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    document_type: str = Field(max_length=64)
    item_id: int = Field(foreign_key="catalogueitem.id")
    note: str = Field(default="", max_length=500)
    updated_at: datetime = created_at_field()


class WorkSuggestion(SQLModel, table=True):
    """Đề xuất từ hệ thống văn bản: a work event waiting for its person to confirm it (an entry) or dismiss it.

    A table of its own, not a state of the diary entry: nothing that counts hours or points reads it.
    """

    __table_args__ = (
        UniqueConstraint("client_id", "external_id", name="uq_work_suggestion_external"),
        CheckConstraint("status IN ('pending','confirmed','dismissed')", name="ck_work_suggestion_status"),
        CheckConstraint("quantity > 0", name="ck_work_suggestion_quantity"),
        Index("ix_work_suggestion_person_status", "person_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="apiclient.id")
    external_id: str = Field(max_length=100)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    work_date: date
    item_id: int = Field(foreign_key="catalogueitem.id")
    quantity: Decimal = quantity_field(Decimal("1"))
    document_type: str = Field(default="", max_length=64)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    evidence_doc_number: str = Field(default="", max_length=100)
    evidence_doc_date: date | None = None
    evidence_link: str = Field(default="", max_length=500)
    task_reference: str = Field(default="", max_length=100)
    status: str = Field(default="pending", max_length=16)
    entry_id: int | None = Field(default=None, foreign_key="diaryentry.id")
    created_at: datetime = created_at_field()
    decided_at: datetime | None = timestamp_field()
    decided_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
