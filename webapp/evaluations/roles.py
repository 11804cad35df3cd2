"""Who may act on a sheet at each step of the workflow (domain.md §6), following the reporting lines."""
from ..auth.actor import Actor
from ..models import Person, Unit

LINE_ROLES = ("manager", "head")  # the roles that review at all; the lines (Person.reports_to_id) say whose


def is_owner(actor: Actor, person: Person) -> bool:
    """The person evaluated."""
    return actor.person_id == person.id


def is_superior(actor: Actor, unit: Unit) -> bool:
    """The superior level of the unit's head: the unit's superior evaluator; while none is chosen, the bloc's
    province organiser (shown as a problem on the Quan hệ báo cáo page)."""
    if unit.superior_evaluator_id:
        return actor.account_id == unit.superior_evaluator_id
    return actor.role == "organiser" and actor.bloc_id == unit.bloc_id


def is_reviewer(actor: Actor, person: Person, person_role: str, unit: Unit) -> bool:
    """The direct manager (the person's reporting line); for a head, the superior level."""
    if person_role == "head":
        return is_superior(actor, unit)
    return (actor.role in LINE_ROLES and actor.person_id is not None and actor.person_id != person.id
            and actor.unit_id == person.unit_id and person.reports_to_id == actor.person_id)


def is_approver(actor: Actor, person: Person, person_role: str, unit: Unit) -> bool:
    """The head approves the unit's sheets; a head's own sheet goes to the superior level."""
    if person_role == "head":
        return is_superior(actor, unit)
    return actor.role == "head" and actor.unit_id == person.unit_id and actor.person_id != person.id


def is_unit_officer(actor: Actor, unit_id: int) -> bool:
    """The head or the personnel officer of the unit (publish, lock, answer appeals)."""
    return actor.role in {"head", "personnel"} and actor.unit_id == unit_id
