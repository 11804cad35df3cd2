"""Report jobs: the row the UI reads while an RQ worker renders the file."""
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Text
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, timestamp_field


class ReportJob(SQLModel, table=True):
    """A requested PDF or Excel report and its progress."""

    __table_args__ = (
        CheckConstraint("status IN ('queued','running','done','failed')", name="ck_report_job_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # form01, diary, hours, summary, guide
    file_format: str = Field(default="pdf", max_length=8)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)  # none: the user guide
    params: dict = json_field()
    status: str = Field(default="queued", max_length=16)
    progress: int = Field(default=0)
    total: int = Field(default=0)
    attempts: int = Field(default=0)
    error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    file_path: str = Field(default="", max_length=500)
    requested_by_id: int = Field(foreign_key="useraccount.id")
    created_at: datetime = created_at_field()
    started_at: datetime | None = timestamp_field()
    heartbeat_at: datetime | None = timestamp_field()
    finished_at: datetime | None = timestamp_field()
    expires_at: datetime | None = timestamp_field()
