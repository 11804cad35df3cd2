"""Lookups into the seeded pilot data, so tests name roles, not usernames."""
from sqlmodel import Session, select

from webapp.models import Bloc, Unit, UserAccount


def username_of(session: Session, unit_code: str, role: str) -> str:
    """The first seeded account with this role in this unit."""
    return session.exec(
        select(UserAccount.username).join(Unit, Unit.id == UserAccount.unit_id)
        .where(Unit.code == unit_code, UserAccount.role == role).order_by(UserAccount.id)
    ).first()


def organiser_of(session: Session, bloc_code: str) -> str:
    """The seeded province organiser of a bloc."""
    return session.exec(
        select(UserAccount.username).join(Bloc, Bloc.id == UserAccount.bloc_id)
        .where(Bloc.code == bloc_code, UserAccount.role == "organiser")
    ).first()
