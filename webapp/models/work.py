"""Assignments, diary entries and their evidence."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from ._base import created_at_field, quantity_field, timestamp_field

ENTRY_STATES = ("draft", "submitted", "approved", "returned")


class Assignment(SQLModel, table=True):
    """Giao việc: an item, a quantity and a deadline given to one person."""

    __table_args__ = (
        CheckConstraint("quantity > 0", name="ck_assignment_quantity"),
        UniqueConstraint("form_token", "person_id", name="uq_assignment_form_token"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    item_id: int = Field(foreign_key="catalogueitem.id")
    quantity: Decimal = quantity_field()
    # K in force when assigned, kept when the catalogue changes later (None: rows older than the catalogue's
    # history, read as the item's K)
    coefficient: Decimal | None = Field(default=None, max_digits=4, decimal_places=2)
    deadline: date
    source: str = Field(default="adhoc", max_length=16)  # plan, document, adhoc, declared
    note: str = Field(default="", max_length=1000)
    assigned_by_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = created_at_field()
    cancelled_at: datetime | None = timestamp_field()
    form_token: str | None = Field(default=None, max_length=32)  # the form that created it: sent twice, one row


class EvidenceFile(SQLModel, table=True):
    """An uploaded proof, stored outside static/ and served only within scope."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    stored_name: str = Field(max_length=128, unique=True)
    original_name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    uploaded_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = created_at_field()


class DiaryEntry(SQLModel, table=True):
    """Mục nhật ký: one line of a person's daily work diary."""

    __table_args__ = (
        CheckConstraint("status IN ('draft','submitted','approved','returned')", name="ck_diary_entry_status"),
        CheckConstraint("quantity > 0", name="ck_diary_entry_quantity"),
        CheckConstraint("hours >= 0 AND hours <= 24", name="ck_diary_entry_hours"),
        CheckConstraint("quality_errors >= 0", name="ck_diary_entry_errors"),
        Index("ix_diary_entry_person_date", "person_id", "work_date"),
        Index("ix_diary_entry_unit_status", "unit_id", "status"),
        Index("ix_diary_entry_unit_date", "unit_id", "work_date"),  # a unit's month (migration 0024)
        # Only the entries waiting for approval: the reviewers' queues and menu badges (migration 0024).
        Index("ix_diary_entry_submitted", "person_id", "work_date", postgresql_where=text("status = 'submitted'"),
              sqlite_where=text("status = 'submitted'")),
        UniqueConstraint("form_token", name="uq_diaryentry_form_token"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    unit_id: int = Field(foreign_key="unit.id")
    work_date: date
    item_id: int = Field(foreign_key="catalogueitem.id")
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id", index=True)
    quantity: Decimal = quantity_field()
    coefficient: Decimal = Field(max_digits=4, decimal_places=2)  # K copied at entry, frozen at approval
    hours: Decimal = Field(default=Decimal("0"), max_digits=5, decimal_places=2)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    evidence_doc_number: str = Field(default="", max_length=100)
    evidence_doc_date: date | None = None
    evidence_link: str = Field(default="", max_length=500)
    evidence_file_id: int | None = Field(default=None, foreign_key="evidencefile.id")
    status: str = Field(default="draft", max_length=16)
    return_reason: str = Field(default="", max_length=1000)
    quality_errors: int = Field(default=0)
    errors_exempt: bool = Field(default=False)  # objective cause confirmed for the errors
    delay_exempt: bool = Field(default=False)  # objective cause confirmed for the delay
    exemption_reason: str = Field(default="", max_length=1000)
    completed_on: date | None = None
    is_late: bool = Field(default=False)
    submitted_at: datetime | None = timestamp_field()
    reviewed_by_id: int | None = Field(default=None, foreign_key="person.id")
    reviewed_at: datetime | None = timestamp_field()
    version: int = Field(default=1)  # optimistic locking
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()
    form_token: str | None = Field(default=None, max_length=32)  # the add form: sent twice, one row


class Reminder(SQLModel, table=True):
    """Nhắc việc: a person had no diary for a working day."""

    __table_args__ = (UniqueConstraint("person_id", "work_date", name="uq_reminder_person_day"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    work_date: date
    created_at: datetime = created_at_field()
    dismissed_at: datetime | None = timestamp_field()


class WorkSummary(SQLModel, table=True):
    """Approved converted work per person, month and deduction counts, kept at approval time.

    Approval is the only way into "approved" and an approved entry never changes, so adding each
    entry once when it is approved keeps this exact; the month close reads ~6 rows a person here
    instead of grouping millions of diary rows.
    """

    __table_args__ = (
        UniqueConstraint("person_id", "month", "quality_errors", "errors_exempt", "is_late", "delay_exempt",
                         "declared", name="uq_work_summary_key"),
        Index("ix_work_summary_month_unit", "month", "unit_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    unit_id: int = Field(foreign_key="unit.id")
    month: str = Field(max_length=7)  # "2026-10", the month of the diary date
    quality_errors: int = Field(default=0)
    errors_exempt: bool = Field(default=False)
    is_late: bool = Field(default=False)
    delay_exempt: bool = Field(default=False)
    declared: bool = Field(default=False)
    converted: Decimal = Field(default=Decimal("0"), max_digits=16, decimal_places=4)  # Σ quantity × K
    entries: int = Field(default=0)


class ItemWorkSummary(SQLModel, table=True):
    """Approved quantity per person, month, catalogue item and K, kept at approval time (as WorkSummary is).

    OKR key results measured from work add these rows up (Σ quantity × K over the linked items, the people in
    scope and the months of a quarter or year) instead of grouping millions of diary rows on every page.
    """

    __table_args__ = (
        UniqueConstraint("person_id", "month", "item_id", "coefficient", name="uq_item_work_summary_key"),
        Index("ix_item_work_summary_unit_item_month", "unit_id", "item_id", "month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    unit_id: int = Field(foreign_key="unit.id")
    item_id: int = Field(foreign_key="catalogueitem.id")
    month: str = Field(max_length=7)  # "2026-10", the month of the diary date
    coefficient: Decimal = Field(max_digits=4, decimal_places=2)  # the entries' own K
    quantity: Decimal = Field(default=Decimal("0"), max_digits=16, decimal_places=2)  # Σ quantity
    entries: int = Field(default=0)
    last_approved_at: datetime | None = timestamp_field()


SHEET_STAGES = ("self_assessment", "review", "approval")


class SheetReminder(SQLModel, table=True):
    """Nhắc việc about late sheets: one account, one month, one stage of the sheet workflow (the unique key makes
    a second click, or two at once, add nothing)."""

    __table_args__ = (
        UniqueConstraint("account_id", "month", "stage", name="uq_sheet_reminder_account_month_stage"),
        CheckConstraint("stage IN ('self_assessment','review','approval')", name="ck_sheet_reminder_stage"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="useraccount.id")  # the waited-on account (a superior may have no person)
    month: str = Field(max_length=7)  # "2026-11": the periods' key, the same month in every unit
    stage: str = Field(max_length=16)
    sheets: int = Field(default=0)  # how many late sheets waited on them when they were reminded
    created_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = created_at_field()
    dismissed_at: datetime | None = timestamp_field()
