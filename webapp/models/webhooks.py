"""Webhooks out: an integration client's subscriptions and the outbox of deliveries."""
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, timestamp_field

WEBHOOK_EVENTS = ("sheet.published", "period.closed")
DELIVERY_STATES = ("pending", "delivered", "failed")


class WebhookSubscription(SQLModel, table=True):
    """A client's URL and shared secret for one event."""

    __table_args__ = (UniqueConstraint("client_id", "event", name="uq_webhook_subscription_client_event"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="apiclient.id", index=True)
    event: str = Field(max_length=32)
    url: str = Field(max_length=500)
    # The receiver recomputes the HMAC with it, so it is kept as given (never shown again on any page).
    secret: str = Field(max_length=128)
    active: bool = Field(default=True)
    created_by_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = created_at_field()


class WebhookDelivery(SQLModel, table=True):
    """The outbox: one event for one subscription, written in the transaction of the change it announces."""

    __table_args__ = (
        CheckConstraint("status IN ('pending','delivered','failed')", name="ck_webhook_delivery_status"),
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_client", "client_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhooksubscription.id", index=True)
    client_id: int = Field(foreign_key="apiclient.id")
    event: str = Field(max_length=32)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    body: str = Field(sa_column=Column(Text, nullable=False))  # the exact JSON sent (and signed) on every attempt
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = timestamp_field()
    last_status_code: int | None = None
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = created_at_field()
    last_attempt_at: datetime | None = timestamp_field()
    delivered_at: datetime | None = timestamp_field()


class ExternalAssignment(SQLModel, table=True):
    """An assignment sent by a client's task-assignment system, by that system's own id (one row per id)."""

    __table_args__ = (UniqueConstraint("client_id", "external_id", name="uq_external_assignment_client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="apiclient.id")
    external_id: str = Field(max_length=100)
    assignment_id: int = Field(foreign_key="assignment.id", unique=True)
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()
