"""Import jobs: the row the pages read while a worker checks an Excel file and, once confirmed, applies it."""
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Text
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, timestamp_field

IMPORT_STATUSES = ("queued", "checking", "invalid", "ready", "applying", "done", "failed")


class ImportJob(SQLModel, table=True):
    """An uploaded list (divisions, positions, staff, catalogue) on its way: checked, previewed, applied."""

    __table_args__ = (
        CheckConstraint("status IN ('queued','checking','invalid','ready','applying','done','failed')",
                        name="ck_import_job_status"),
        CheckConstraint("kind IN ('divisions','positions','staff','catalogue','document_types')", name="ck_import_job_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    status: str = Field(default="queued", max_length=16)
    file_path: str = Field(default="", max_length=500)  # under STORAGE_DIR/imports, an unguessable name
    file_name: str = Field(default="", max_length=255)  # as uploaded, for the page
    progress: int = Field(default=0)
    total: int = Field(default=0)
    problems: list = json_field(list)  # [{"row": 5, "column": "Mã định danh", "message": "..."}], capped
    problem_count: int = Field(default=0)
    preview: dict = json_field()  # counts and the first lines of what is added, changed and retired
    result: dict = json_field()  # after applying: counts, and the ids of the accounts it created
    error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    password_lists: int = Field(default=0)  # how many times the initial passwords were (re)generated
    requested_by_id: int = Field(foreign_key="useraccount.id")
    confirmed_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = created_at_field()
    started_at: datetime | None = timestamp_field()
    heartbeat_at: datetime | None = timestamp_field()
    finished_at: datetime | None = timestamp_field()
