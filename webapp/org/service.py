"""Reading the organisation tree within an actor's scope."""
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import require_unit, units_in_scope
from ..errors import NotFound
from ..models import Bloc, Division, JobPosition, Level, Person, Unit, UserAccount
from ..text import vn_name_key


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
    for person, position in sorted(people_rows, key=lambda row: (not row[0].is_leader, vn_name_key(row[0].full_name))):
        people[person.division_id].append((person, position))
    children = defaultdict(list)
    for division in divisions:
        children[division.parent_id].append(division)

    def build(parent_id):
        return [
            DivisionNode(d, tuple(build(d.id)), tuple(people[d.id])) for d in children[parent_id]
        ]

    return build(None)


@dataclass(frozen=True)
class Management:
    """Who manages whom in a unit: the head(s), each division's managers and their people, each person's
    direct leader (their reporting line, who reviews their diary and sheet)."""

    heads: tuple[Person, ...]
    managers: dict[int, tuple[Person, ...]]  # division id → its managers
    people_of: dict[int, tuple[Person, ...]]  # manager's person id → the people reporting to them
    leaders_of: dict[int, tuple[Person, ...]]  # person id → their direct leader (empty for a head)


def management(session: Session, unit: Unit) -> Management:
    """The unit's lines of management (Person.reports_to_id), from one query of its people with their role."""
    rows = session.exec(
        select(Person, UserAccount.role, UserAccount.division_id)
        .outerjoin(UserAccount, (UserAccount.person_id == Person.id) & UserAccount.active)
        .where(Person.unit_id == unit.id, Person.active)
        .order_by(Person.id)).all()
    rows = sorted(rows, key=lambda row: vn_name_key(row[0].full_name))
    by_id = {person.id: person for person, _, _ in rows}
    heads = tuple(p for p, role, _ in rows if role == "head")
    managers, people_of, leaders_of = defaultdict(list), defaultdict(list), {}
    for person, role, division_id in rows:
        if role == "manager" and division_id:
            managers[division_id].append(person)
        leader = by_id.get(person.reports_to_id)
        leaders_of[person.id] = (leader,) if leader else ()
        if leader:
            people_of[leader.id].append(person)
    return Management(heads, {d: tuple(m) for d, m in managers.items()},
                      {m: tuple(p) for m, p in people_of.items()}, leaders_of)
