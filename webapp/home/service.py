"""What each role sees first."""
from sqlalchemy import func
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..models import Bloc, CatalogueItem, Division, JobPosition, Person, Unit
from ..reminders.service import missing_for, own_reminders


def home_context(session: Session, actor: Actor) -> dict:
    """The actor's own place and the figures of their unit or bloc."""
    person = session.get(Person, actor.person_id) if actor.person_id else None
    unit = session.get(Unit, actor.unit_id) if actor.unit_id else None
    context = {
        "person": person,
        "unit": unit,
        "division": session.get(Division, person.division_id) if person and person.division_id else None,
        "position": session.get(JobPosition, person.position_id) if person and person.position_id else None,
        "bloc": session.get(Bloc, actor.bloc_id) if actor.bloc_id else None,
    }
    if unit is not None:
        context["figures"] = unit_figures(session, unit.id)
    context["reminders"] = own_reminders(session, actor) if person else []
    context["missing"] = missing_for(session, actor)
    return context


def unit_figures(session: Session, unit_id: int) -> dict:
    """Counts of divisions, people and catalogue items of a unit."""
    def count(model, *where):
        return session.exec(select(func.count()).select_from(model).where(*where)).one()

    return {
        "divisions": count(Division, Division.unit_id == unit_id),
        "people": count(Person, Person.unit_id == unit_id, Person.active),
        "items": count(CatalogueItem, CatalogueItem.unit_id == unit_id, CatalogueItem.active),
    }
