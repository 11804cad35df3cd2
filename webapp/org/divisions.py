"""A unit's divisions (phòng, ban, bộ phận): the open ones for new data, and the officer's changes to the tree
(add, rename, move, sort, close on a date, reopen). Each change locks the unit's tree, is audited, commits once."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import local_today
from ..errors import DomainError, NotFound
from ..models import Division, Person, Unit
from ..text import vn_name_key
from .access import check_code, check_text, locked_unit

FIELDS = ("code", "name", "parent_id", "sort_order", "closed_on")
MAX_SORT = 9999
NAMED = 5  # people or divisions named in a refusal; the rest are counted


@dataclass(frozen=True)
class DivisionInput:
    """What the officer typed: code (on creation only), name, parent, position among its siblings."""

    name: str
    parent_id: int | None = None
    sort_order: int | None = None
    code: str = ""


def unit_divisions(session: Session, unit: Unit) -> list[Division]:
    """Every division of the unit, closed ones too (history pages), in tree order's sibling order."""
    return list(session.exec(select(Division).where(Division.unit_id == unit.id)
                             .order_by(Division.sort_order, Division.name, Division.id)).all())


def open_divisions(session: Session, unit: Unit) -> list[Division]:
    """The divisions new data may name (new people, moves, children): those not closed."""
    return [division for division in unit_divisions(session, unit) if division.closed_on is None]


def open_division(session: Session, unit_id: int, division_id: int | None, field: str = "division_id") -> Division:
    """The open division of the unit that new data names, share-locked until commit so that it cannot be closed
    under a person being added to it; otherwise a refusal at the field."""
    division = None
    if division_id:
        division = session.exec(select(Division).where(Division.id == division_id).with_for_update(read=True)
                                .execution_options(populate_existing=True)).first()
    if division is None or division.unit_id != unit_id:
        raise DomainError("Vui lòng chọn phòng, ban của cơ quan, đơn vị.", field=field)
    if division.closed_on is not None:
        raise DomainError(f"{division.name} đã giải thể từ {division.closed_on:%d/%m/%Y}: hãy chọn phòng, ban khác.",
                          field=field)
    return division


def add_division(session: Session, actor: Actor, unit_id: int, data: DivisionInput) -> Division:
    """Thêm phòng, ban: a code unique in the unit, a name, an open parent of the same unit (or none)."""
    unit = locked_unit(session, actor, unit_id)
    code = check_code(data.code)
    name = check_text(data.name, "name", "tên phòng, ban", 255)
    parent = open_division(session, unit.id, data.parent_id, "parent_id") if data.parent_id else None
    if session.exec(select(Division.id).where(Division.unit_id == unit.id, Division.code == code)).first():
        raise DomainError(f"Mã {code} đã có trong cơ quan, đơn vị.", field="code")
    division = Division(unit_id=unit.id, code=code, name=name, parent_id=parent.id if parent else None,
                        sort_order=_sort_order(session, unit, data.sort_order))
    session.add(division)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DomainError(f"Mã {code} đã có trong cơ quan, đơn vị.", field="code") from None
    record(session, actor, "division_created", division, {}, snapshot(division, FIELDS))
    session.commit()
    return division


def change_division(session: Session, actor: Actor, division_id: int, data: DivisionInput) -> Division:
    """Đổi tên, chuyển sang phòng cấp trên khác, đổi thứ tự: never into its own subtree or another unit."""
    division = _division(session, actor, division_id)
    if division.closed_on is not None:
        raise DomainError("Phòng, ban đã giải thể: mở lại trước khi sửa.", field="name")
    name = check_text(data.name, "name", "tên phòng, ban", 255)
    if data.parent_id != division.parent_id:
        _check_move(session, division, data.parent_id)
    before = snapshot(division, FIELDS)
    division.name, division.parent_id = name, data.parent_id
    division.sort_order = _sort_order(session, None, data.sort_order, division.sort_order)
    return _save(session, actor, "division_changed", division, before)


def close_division(session: Session, actor: Actor, division_id: int, closed_on: date | None) -> Division:
    """Giải thể from a date: refused while active people or open child divisions are in it (named)."""
    division = _division(session, actor, division_id)
    if division.closed_on is not None:
        raise DomainError(f"Phòng, ban này đã giải thể từ {division.closed_on:%d/%m/%Y}.", field="closed_on")
    if closed_on is None:
        raise DomainError("Vui lòng nhập ngày giải thể (dd/mm/yyyy).", field="closed_on")
    if closed_on > local_today():
        raise DomainError("Ngày giải thể không được sau ngày hôm nay.", field="closed_on")
    _check_empty(session, division)
    before = snapshot(division, FIELDS)
    division.closed_on = closed_on
    return _save(session, actor, "division_closed", division, before)


def reopen_division(session: Session, actor: Actor, division_id: int) -> Division:
    """Mở lại a closed division, under an open parent."""
    division = _division(session, actor, division_id)
    if division.closed_on is None:
        raise DomainError("Phòng, ban này đang hoạt động.")
    parent = session.get(Division, division.parent_id) if division.parent_id else None
    if parent is not None and parent.closed_on is not None:
        raise DomainError(f"Phòng, ban cấp trên ({parent.name}) đã giải thể: mở lại phòng, ban đó trước.")
    before = snapshot(division, FIELDS)
    division.closed_on = None
    return _save(session, actor, "division_reopened", division, before)


def _division(session: Session, actor: Actor, division_id: int) -> Division:
    """The division, locked with its unit's tree until commit, if the actor keeps the unit's lists."""
    division = session.get(Division, division_id)
    if division is None:
        raise NotFound("Không tìm thấy phòng, ban.")
    locked_unit(session, actor, division.unit_id)
    # FOR UPDATE: a person being added to it (open_division's share lock, or the foreign key's) finishes first,
    # so that closing counts them; and the row is read as it is now that the tree is ours.
    return session.exec(select(Division).where(Division.id == division_id).with_for_update()
                        .execution_options(populate_existing=True)).one()


def _check_move(session: Session, division: Division, parent_id: int | None) -> None:
    """The new parent is an open division of the same unit, neither the division nor one below it."""
    if parent_id is None:
        return
    parent = open_division(session, division.unit_id, parent_id, "parent_id")
    parents = dict(session.exec(select(Division.id, Division.parent_id)
                                .where(Division.unit_id == division.unit_id)).all())
    node, seen = parent.id, set()
    while node is not None and node not in seen:
        if node == division.id:
            raise DomainError("Không thể chuyển phòng, ban vào chính nó hoặc vào một phòng, ban trực thuộc nó.",
                              field="parent_id")
        seen.add(node)
        node = parents.get(node)


def _check_empty(session: Session, division: Division) -> None:
    """Nobody active and no open child division left in it, or a refusal naming them."""
    people = session.exec(select(Person.full_name).where(Person.division_id == division.id, Person.active)).all()
    if people:
        raise DomainError(f"Chưa giải thể được: còn {len(people)} người đang công tác trong phòng, ban "
                          f"({_named(sorted(people, key=vn_name_key), 'người')}). "
                          "Hãy chuyển họ sang phòng, ban khác trước.",
                          field="closed_on")
    children = session.exec(select(Division.name).where(Division.parent_id == division.id,
                                                        Division.closed_on.is_(None))
                            .order_by(Division.sort_order, Division.name)).all()
    if children:
        raise DomainError(f"Chưa giải thể được: còn {len(children)} phòng, ban trực thuộc đang hoạt động "
                          f"({_named(children, 'phòng, ban')}). Hãy giải thể hoặc chuyển chúng trước.",
                          field="closed_on")


def _named(names: list[str], noun: str) -> str:
    """The first few names, and how many more."""
    shown = ", ".join(names[:NAMED])
    return shown + (f" và {len(names) - NAMED} {noun} khác" if len(names) > NAMED else "")


def _sort_order(session: Session, unit: Unit | None, typed: int | None, current: int = 0) -> int:
    """The typed order (0-9999), or after the last division for a new one, or unchanged."""
    if typed is not None:
        if not 0 <= typed <= MAX_SORT:
            raise DomainError(f"Thứ tự từ 0 đến {MAX_SORT}.", field="sort_order")
        return typed
    if unit is None:
        return current
    orders = session.exec(select(Division.sort_order).where(Division.unit_id == unit.id)).all()
    return min(max(orders, default=0) + 1, MAX_SORT)


def _save(session: Session, actor: Actor, action: str, division: Division, before: dict) -> Division:
    """Audit the change and commit."""
    record(session, actor, action, division, before, snapshot(division, FIELDS))
    session.commit()
    return division


@dataclass(frozen=True)
class DivisionRow:
    """A division in tree order, with its depth and its active people."""

    division: Division
    depth: int
    people: int
    parent: Division | None


def division_rows(session: Session, unit: Unit) -> list[DivisionRow]:
    """Every division of the unit (closed ones greyed by the page) in tree order, parents before children."""
    divisions = unit_divisions(session, unit)
    counts = dict(session.exec(select(Person.division_id, func.count(Person.id))
                               .where(Person.unit_id == unit.id, Person.active).group_by(Person.division_id)).all())
    by_id = {d.id: d for d in divisions}
    children: dict[int | None, list[Division]] = {}
    for division in divisions:
        parent_id = division.parent_id if division.parent_id in by_id else None
        children.setdefault(parent_id, []).append(division)
    rows: list[DivisionRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for division in children.get(parent_id, ()):
            rows.append(DivisionRow(division, depth, counts.get(division.id, 0), by_id.get(division.parent_id)))
            walk(division.id, depth + 1)

    walk(None, 0)
    return rows
