"""What each role sees first."""
from sqlalchemy import func
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..clock import local_today
from ..models import Bloc, CatalogueItem, Division, JobPosition, Person, Unit
from ..okr.pages import stale_days
from ..okr.stale import home_okr
from ..worklog.service import window
from .todo import todo_of


def home_context(session: Session, actor: Actor) -> dict:
    """The actor's own place, the figures of their unit, and their to-do lists."""
    person, division, position = _own_place(session, actor)
    unit = session.get(Unit, actor.unit_id) if actor.unit_id else None
    context = {
        "person": person, "unit": unit, "division": division, "position": position,
        "bloc": session.get(Bloc, actor.bloc_id) if actor.bloc_id else None,
    }
    if unit is not None:
        context["figures"] = unit_figures(session, unit.id)
    active = person if person and person.active else None
    okr = home_okr(session, actor, active.id if active else None, local_today(), stale_days())
    context["todo"] = todo_of(session, actor, active, window(), okr.stale)
    context["okr"] = okr.own
    return context


def _own_place(session: Session, actor: Actor) -> tuple[Person | None, Division | None, JobPosition | None]:
    """The actor's person with their division and position, in one query."""
    if not actor.person_id:
        return None, None, None
    row = session.exec(select(Person, Division, JobPosition)
                       .outerjoin(Division, Division.id == Person.division_id)
                       .outerjoin(JobPosition, JobPosition.id == Person.position_id)
                       .where(Person.id == actor.person_id)).first()
    return tuple(row) if row else (None, None, None)


def unit_figures(session: Session, unit_id: int) -> dict:
    """Counts of open divisions, active people and catalogue items of a unit, in one query."""
    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    divisions, people, items = session.exec(select(
        count(Division, Division.unit_id == unit_id, Division.closed_on.is_(None)),
        count(Person, Person.unit_id == unit_id, Person.active),
        count(CatalogueItem, CatalogueItem.unit_id == unit_id, CatalogueItem.active))).one()
    return {"divisions": divisions, "people": people, "items": items}
