"""Organisation scope: which units, divisions and people an actor may see or act on."""
from sqlalchemy import Select, and_, false, select

from ..errors import Forbidden
from ..models import Person, Unit
from .actor import Actor

UNIT_WIDE_ROLES = {"head", "personnel"}


def units_in_scope(actor: Actor) -> Select:
    """A query of the units the actor may see."""
    query = select(Unit).where(Unit.active)
    if actor.role == "admin":
        return query
    if actor.role == "organiser":
        return query.where(Unit.bloc_id == actor.bloc_id)
    return query.where(Unit.id == actor.unit_id)


def can_see_unit(actor: Actor, unit: Unit) -> bool:
    """True when the unit lies inside the actor's scope."""
    if actor.role == "admin":
        return True
    if actor.role == "organiser":
        return unit.bloc_id == actor.bloc_id
    return unit.id == actor.unit_id


def require_unit(actor: Actor, unit: Unit | None) -> Unit:
    """Return the unit, or refuse when it is missing or outside the actor's scope."""
    if unit is None or not can_see_unit(actor, unit):
        raise Forbidden("Bạn không có quyền truy cập cơ quan, đơn vị này.")
    return unit


def manages_person(actor: Actor, person: Person) -> bool:
    """True for the person's direct manager (Person.reports_to_id, see org.lines) or the head of their unit."""
    if person.unit_id != actor.unit_id or person.id == actor.person_id:
        return False
    if actor.role == "head":
        return True
    return actor.role == "manager" and actor.person_id is not None and person.reports_to_id == actor.person_id


def managed_condition(actor: Actor):
    """SQL condition on Person: the people the actor approves for (mirrors scope.manages_person); one indexed
    condition either way."""
    if actor.role == "head" and actor.unit_id:
        scope = Person.unit_id == actor.unit_id
        return and_(scope, Person.id != actor.person_id) if actor.person_id else scope
    if actor.role == "manager" and actor.person_id:
        return Person.reports_to_id == actor.person_id
    return false()


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse unless the actor holds one of the roles."""
    if actor.role not in roles:
        raise Forbidden("Chức năng này không dành cho vai trò của bạn.")


def own_and_managed_ids(session, actor: Actor, division_id: int) -> list[int]:
    """The actor and the people of the division they manage: what a manager's division lists may hold (the head
    and deputy heads sitting in the office division answer to the head, not to its manager)."""
    people = session.execute(select(Person).where(Person.division_id == division_id)).scalars().all()
    return [p.id for p in people if p.id == actor.person_id or manages_person(actor, p)]
