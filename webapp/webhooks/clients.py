"""Which subscriptions an event of a unit goes to: active ones of clients that may act for the unit."""
from sqlmodel import Session, select

from ..models import WebhookSubscription


def subscriptions_for(session: Session, event: str, unit_id: int) -> list[WebhookSubscription]:
    """The active subscriptions to the event (narrowed to the clients' units once the clients land)."""
    return list(session.exec(select(WebhookSubscription).where(WebhookSubscription.event == event,
                                                               WebhookSubscription.active)))
