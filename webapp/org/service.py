"""Reading the organisation tree within an actor's scope."""
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import require_unit, units_in_scope
from ..errors import NotFound
from ..models import Bloc, Competency, Division, JobPosition, Level, Person, Unit


@dataclass(frozen=True)
class DivisionNode:
    """A division with its children and its people."""

    division: Division
    children: tuple["DivisionNode", ...]
    people: tuple[tuple[Person, JobPosition | None], ...]


def unit_by_code(session: Session, actor: Actor, code: str) -> Unit:
    """The unit with this code, if the actor may see it."""
    unit = session.exec(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        raise NotFound("Không tìm thấy cơ quan, đơn vị.")
    return require_unit(actor, unit)


def units_by_bloc(session: Session, actor: Actor) -> list[tuple[Bloc, list[tuple[Unit, Level, int]]]]:
    """Visible units grouped by bloc, each with its level and head count."""
    visible = units_in_scope(actor).subquery()
    counts = (
        select(Person.unit_id, func.count(Person.id).label("n")).where(Person.active).group_by(Person.unit_id)
    ).subquery()
    rows = session.exec(
        select(Bloc, Unit, Level, func.coalesce(counts.c.n, 0))
        .join(visible, visible.c.id == Unit.id)
        .join(Bloc, Bloc.id == Unit.bloc_id)
        .join(Level, Level.id == Unit.level_id)
        .outerjoin(counts, counts.c.unit_id == Unit.id)
        .order_by(Bloc.id, Level.id, Unit.name)
    ).all()
    grouped: dict[int, tuple[Bloc, list]] = {}
    for bloc, unit, level, count in rows:
        grouped.setdefault(bloc.id, (bloc, []))[1].append((unit, level, count))
    return list(grouped.values())


def division_tree(session: Session, unit: Unit) -> list[DivisionNode]:
    """The unit's divisions as a tree, each with its people and positions."""
    divisions = session.exec(
        select(Division).where(Division.unit_id == unit.id).order_by(Division.sort_order, Division.name)
    ).all()
    people_rows = session.exec(
        select(Person, JobPosition)
        .outerjoin(JobPosition, JobPosition.id == Person.position_id)
        .where(Person.unit_id == unit.id, Person.active)
        .order_by(Person.is_leader.desc(), Person.id)
    ).all()
    people = defaultdict(list)
    for person, position in people_rows:
        people[person.division_id].append((person, position))
    children = defaultdict(list)
    for division in divisions:
        children[division.parent_id].append(division)

    def build(parent_id):
        return [
            DivisionNode(d, tuple(build(d.id)), tuple(people[d.id])) for d in children[parent_id]
        ]

    return build(None)


def positions_with_competencies(session: Session, unit: Unit) -> list[tuple[JobPosition, list[Competency]]]:
    """The unit's job positions, each with its competency framework."""
    positions = session.exec(
        select(JobPosition).where(JobPosition.unit_id == unit.id).order_by(JobPosition.position_group, JobPosition.code)
    ).all()
    competencies = defaultdict(list)
    rows = session.exec(
        select(Competency)
        .join(JobPosition, JobPosition.id == Competency.position_id)
        .where(JobPosition.unit_id == unit.id)
        .order_by(Competency.sort_order)
    ).all()
    for competency in rows:
        competencies[competency.position_id].append(competency)
    return [(position, competencies[position.id]) for position in positions]
