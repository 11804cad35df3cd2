"""Which catalogue items a person may record or be assigned: those of every position, or of theirs."""
from sqlmodel import Session

from ..models import CatalogueItem, CatalogueItemPosition, Person


def applies_to(session: Session, item: CatalogueItem, person: Person) -> bool:
    """True when the item applies to every position or is linked to the person's."""
    if item.applies_to_all:
        return True
    if person.position_id is None:
        return False
    return session.get(CatalogueItemPosition, (item.id, person.position_id)) is not None
