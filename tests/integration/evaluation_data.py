"""Approved work and the people of one division of Sở Nội vụ, for the evaluation tests."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from webapp.models import Assignment, CatalogueItem, DiaryEntry, Person, Unit, UserAccount
from webapp.worklog.summary import count_approved


@dataclass
class Team:
    """A division manager, one of their staff, and the unit's head (usernames and people)."""

    unit: Unit
    staff: UserAccount
    manager: UserAccount
    head: UserAccount
    person: Person


def team(session: Session, unit_code: str = "so-noi-vu") -> Team:
    """The first manager of the unit, a staff member of the same division, and the head."""
    unit = session.exec(select(Unit).where(Unit.code == unit_code)).one()
    accounts = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id).order_by(UserAccount.id)).all()
    manager = next(a for a in accounts if a.role == "manager")
    staff = next(a for a in accounts if a.role == "staff" and a.division_id == manager.division_id
                 and not session.get(Person, a.person_id).is_leader)
    head = next(a for a in accounts if a.role == "head")
    return Team(unit, staff, manager, head, session.get(Person, staff.person_id))


def item(session: Session, unit: Unit, k: str) -> CatalogueItem:
    """A catalogue item of the unit with this K."""
    return session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id,
                                                    CatalogueItem.coefficient == Decimal(k))).first()


def assign(session: Session, person: Person, catalogue_item: CatalogueItem, quantity: str, deadline: date) -> Assignment:
    """An assignment given by the division manager."""
    row = Assignment(unit_id=person.unit_id, person_id=person.id, item_id=catalogue_item.id,
                     coefficient=catalogue_item.coefficient,
                     quantity=Decimal(quantity), deadline=deadline, source="plan")
    session.add(row)
    session.flush()
    return row


def approved(session: Session, person: Person, catalogue_item: CatalogueItem, quantity: str, day: date,
             assignment: Assignment | None = None, errors: int = 0, late: bool = False, delay_exempt: bool = False) -> DiaryEntry:
    """An approved diary entry with its quality errors and delay."""
    row = DiaryEntry(person_id=person.id, unit_id=person.unit_id, work_date=day, item_id=catalogue_item.id,
                     assignment_id=assignment.id if assignment else None, quantity=Decimal(quantity),
                     coefficient=catalogue_item.coefficient, hours=Decimal("4"), status="approved",
                     quality_errors=errors, is_late=late, delay_exempt=delay_exempt, completed_on=day)
    session.add(row)
    session.flush()
    count_approved(session, row)  # what approval does
    return row


def october_work(session: Session, t: Team) -> None:
    """K 1,5 × 4 assigned and done with two errors, K 1 × 4 assigned and done: a 100, b 70, c 100 → 63."""
    k15, k1 = item(session, t.unit, "1.50"), item(session, t.unit, "1.00")
    first = assign(session, t.person, k15, "4", date(2026, 10, 20))
    second = assign(session, t.person, k1, "4", date(2026, 10, 20))
    approved(session, t.person, k15, "4", date(2026, 10, 12), first, errors=2)
    approved(session, t.person, k1, "4", date(2026, 10, 13), second)
    from webapp.evaluations.service import month_periods
    month_periods(session, date(2026, 10, 1), [t.unit])  # October's period is open (as the first diary write opens it)
    session.commit()
