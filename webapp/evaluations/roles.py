"""Who may act on a sheet at each step of the workflow (domain.md §6)."""
from ..auth.actor import Actor
from ..models import Person


def is_owner(actor: Actor, person: Person) -> bool:
    """The person evaluated."""
    return actor.person_id == person.id


def is_reviewer(actor: Actor, person: Person, person_role: str, bloc_id: int) -> bool:
    """The direct manager: the division's manager for its staff; the head for managers and the
    leadership; for a head, the superior level (the bloc's province organiser)."""
    if person_role == "head":
        return actor.role == "organiser" and actor.bloc_id == bloc_id
    if actor.unit_id != person.unit_id or actor.person_id == person.id:
        return False
    if actor.role == "head":  # the unit's leaders, managers and officers; staff go to their division's manager
        return person_role != "head" and (person_role != "staff" or person.is_leader)
    # Deputy heads sit in a division but answer to the head, not to the division's manager.
    return (actor.role == "manager" and person_role == "staff" and not person.is_leader
            and person.division_id == actor.division_id)


def is_approver(actor: Actor, person: Person, person_role: str, bloc_id: int) -> bool:
    """The head approves the unit's sheets; a head's own sheet goes to the superior level (the bloc organiser)."""
    if person_role == "head":
        return actor.role == "organiser" and actor.bloc_id == bloc_id
    return actor.role == "head" and actor.unit_id == person.unit_id and actor.person_id != person.id


def is_unit_officer(actor: Actor, unit_id: int) -> bool:
    """The head or the personnel officer of the unit (publish, lock, answer appeals)."""
    return actor.role in {"head", "personnel"} and actor.unit_id == unit_id
