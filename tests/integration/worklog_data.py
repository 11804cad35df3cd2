"""A division of Sở Nội vụ (its manager, two of their staff, the head) and diary helpers."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from webapp.auth.actor import Actor
from webapp.clock import local_today
from webapp.models import CatalogueItem, DiaryEntry, Person, Unit, UserAccount
from webapp.periods.service import month_period
from webapp.workdays import earliest_allowed
from webapp.worklog import service
from webapp.worklog.rules import EntryInput

UNIT = "so-noi-vu"


def add_entry(session: Session, author: Actor, data: EntryInput) -> DiaryEntry:
    """Add an entry through the diary's service; the stored row."""
    return session.get(DiaryEntry, service.add(session, author, data).entry.id)


def update_entry(session: Session, author: Actor, entry_id: int, version: int, data: EntryInput) -> DiaryEntry:
    """Change an entry through the diary's service; the stored row."""
    return service.change(session, author, entry_id, version, data).entry


@dataclass
class Team:
    """The first manager of the unit, two staff of the same division, another division's manager, the head."""

    unit: Unit
    manager: UserAccount
    staff: UserAccount
    colleague: UserAccount
    other_manager: UserAccount
    head: UserAccount

    @property
    def person_id(self) -> int:
        """The staff member's person id."""
        return self.staff.person_id


def team(session: Session) -> Team:
    """Pick the people from the seeded unit (a manager only manages their own division)."""
    unit = session.exec(select(Unit).where(Unit.code == UNIT)).one()
    accounts = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id).order_by(UserAccount.id)).all()
    manager = next(a for a in accounts if a.role == "manager")
    staff = [a for a in accounts if a.role == "staff" and a.division_id == manager.division_id
             and not session.get(Person, a.person_id).is_leader]
    other = next(a for a in accounts if a.role == "manager" and a.division_id != manager.division_id)
    head = next(a for a in accounts if a.role == "head")
    return Team(unit, manager, staff[0], staff[1], other, head)


def actor(account: UserAccount) -> Actor:
    """The service-level actor of an account."""
    return Actor.from_account(account, UNIT)


def working_day(session: Session, back: int = 0) -> date:
    """Today (back=0) or the working day `back` working days ago."""
    return local_today() if back == 0 else earliest_allowed(session, local_today(), back)


def common_item(session: Session, unit: Unit, code: str = "SNV-001") -> CatalogueItem:
    """A catalogue item of the unit by code (SNV-001 applies to every position, K = 1,00)."""
    return session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id,
                                                    CatalogueItem.code == code)).one()


def entry_input(item: CatalogueItem, day: date, quantity: str = "2", hours: str = "3", **kw) -> EntryInput:
    """What a staff member types for one entry."""
    return EntryInput(work_date=day, item_id=item.id, quantity=Decimal(quantity), hours=Decimal(hours), **kw)


def submitted(session: Session, t: Team, day: date, quantity: str = "2", hours: str = "3", item=None, **kw):
    """An entry of the staff member, added and submitted through the services."""
    entry = add_entry(session, actor(t.staff), entry_input(item or common_item(session, t.unit), day,
                                                                    quantity, hours, **kw))
    service.submit_entries(session, actor(t.staff), [entry.id])
    return entry


def close_month(session: Session, t: Team, day: date, state: str = "closed") -> None:
    """Put the unit's month of the day into a closing or closed state."""
    month_period(session, t.unit.id, day).state = state
    session.commit()


def form_of(entry_input_: EntryInput) -> dict:
    """The posted form of an entry."""
    data = {"work_date": entry_input_.work_date.isoformat(), "item_id": str(entry_input_.item_id),
            "quantity": str(entry_input_.quantity), "hours": str(entry_input_.hours),
            "description": entry_input_.description, "evidence_doc_number": entry_input_.evidence_doc_number,
            "evidence_link": entry_input_.evidence_link}
    if entry_input_.assignment_id:
        data["assignment_id"] = str(entry_input_.assignment_id)
    return data
