"""Reporting lines (quan hệ báo cáo): each person's direct manager, resolved into Person.reports_to_id."""
from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import Person, Unit, UserAccount

LINE_ROLES = ("manager", "head")  # who may be someone's direct manager: the roles that approve at all


@dataclass(frozen=True)
class Member:
    """A person of the unit with their account's role (None: no active account)."""

    person: Person
    role: str | None
    account_active: bool


def members(session: Session, unit_id: int) -> list[Member]:
    """Every person of the unit with their account, one query."""
    rows = session.exec(select(Person, UserAccount.role, UserAccount.active)
                        .outerjoin(UserAccount, UserAccount.person_id == Person.id)
                        .where(Person.unit_id == unit_id).order_by(Person.id)).all()
    return [Member(person, role, bool(active)) for person, role, active in rows]


def _leads(member: Member, role: str) -> bool:
    """An active person whose active account holds the role."""
    return member.person.active and member.account_active and member.role == role


def default_managers(people: list[Member]) -> dict[int, int | None]:
    """Person id → their default direct manager: their division's manager (staff and the personnel officer, who
    works in a division like everyone); the head for leaders, deputies and division managers; nobody for the head
    (the superior level evaluates them) or when the division has no manager."""
    head = next((m.person.id for m in people if _leads(m, "head")), None)
    managers: dict[int, int] = {}
    for m in people:  # the first (lowest id) manager of a division is its default manager
        if _leads(m, "manager") and m.person.division_id is not None:
            managers.setdefault(m.person.division_id, m.person.id)
    result = {}
    for m in people:
        if m.role == "head":
            result[m.person.id] = None
        elif m.role == "manager" or m.person.is_leader:
            result[m.person.id] = head if head != m.person.id else None
        else:
            result[m.person.id] = managers.get(m.person.division_id)
    return result


def reset_default_lines(session: Session, unit_id: int) -> int:
    """Resolve every reports_to of the unit (the officer's choice, else the default); call it after people,
    accounts or divisions change. Locks the unit row so two resolutions do not interleave; flushes, does not
    commit (the caller's transaction). Returns how many lines changed."""
    session.exec(select(Unit.id).where(Unit.id == unit_id).with_for_update()).first()
    people = members(session, unit_id)
    defaults = default_managers(people)
    changed = 0
    for m in people:
        target = m.person.manager_override_id or defaults[m.person.id]
        if m.person.reports_to_id != target:
            m.person.reports_to_id = target
            session.add(m.person)
            changed += 1
    session.flush()
    return changed
