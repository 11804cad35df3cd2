"""The personnel officer of Sở Khoa học và Công nghệ and the lookups the division and position tests share."""
from sqlmodel import Session, select

from webapp.models import AuditLog, Division, JobPosition, Person, Unit

from ..helpers import username_of

KHCN = "so-khcn"


def khcn(session: Session) -> Unit:
    """Sở Khoa học và Công nghệ."""
    return session.exec(select(Unit).where(Unit.code == KHCN)).one()


def officer(session: Session) -> str:
    """The unit's personnel officer."""
    return username_of(session, KHCN, "personnel")


def division(session: Session, unit: Unit, code: str) -> Division:
    """A division of the unit by code, fresh from the database."""
    session.expire_all()
    return session.exec(select(Division).where(Division.unit_id == unit.id, Division.code == code)).one()


def position(session: Session, unit: Unit, code: str) -> JobPosition:
    """A position of the unit by code, fresh from the database."""
    session.expire_all()
    return session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id, JobPosition.code == code)).one()


def staffed_division(session: Session, unit: Unit) -> Division:
    """A division with active people in it."""
    return session.exec(select(Division).join(Person, Person.division_id == Division.id)
                        .where(Division.unit_id == unit.id, Person.active)).first()


def audits(session: Session, action: str) -> list[AuditLog]:
    """The audit records of one action, oldest first."""
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all())
