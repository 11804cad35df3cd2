"""The append-only audit log (nhật ký hệ thống)."""
from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field


PILOT_ACTIONS = "action IN ('login', 'diary_entry_returned')"


class AuditLog(SQLModel, table=True):
    """Who changed what, when, with the state before and after."""

    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        # The pilot review counts sign-ins and returned entries per unit and span: a partial index holds only those
        # rows, so every other write of the application (the diary's hot path) pays nothing for it.
        Index("ix_audit_log_unit_action_time", "unit_id", "action", "created_at",
              postgresql_where=text(PILOT_ACTIONS), sqlite_where=text(PILOT_ACTIONS)),
    )

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = created_at_field()
    actor_id: int | None = Field(default=None, foreign_key="useraccount.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=64)
    entity_id: int | None = None
    before: dict = json_field()
    after: dict = json_field()
    reason: str = Field(default="", max_length=1000)
