"""Which subscriptions an event of a unit goes to: active ones of clients that may act for the unit and still
hold a token (a revoked client gets nothing)."""
from sqlmodel import Session, select

from ..models import ApiClient, ApiClientUnit, WebhookSubscription


def subscriptions_for(session: Session, event: str, unit_id: int) -> list[WebhookSubscription]:
    """The active subscriptions to the event of the unit's clients."""
    return list(session.exec(
        select(WebhookSubscription)
        .join(ApiClient, ApiClient.id == WebhookSubscription.client_id)
        .join(ApiClientUnit, (ApiClientUnit.client_id == ApiClient.id) & (ApiClientUnit.unit_id == unit_id))
        .where(WebhookSubscription.event == event, WebhookSubscription.active, ApiClient.revoked_at.is_(None))
        .order_by(WebhookSubscription.id)))
