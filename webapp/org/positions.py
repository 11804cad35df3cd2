"""A unit's job positions (vị trí việc làm) and their competency frameworks (khung năng lực): the open ones for
new data, and the officer's changes. Each change locks the position (or the unit's list), is audited, commits once."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import record, snapshot, write
from ..auth.actor import Actor
from ..clock import local_today
from ..errors import DomainError, NotFound
from ..models import Competency, JobPosition, Person, Unit
from ..models.positions import POSITION_GROUPS
from ..text import fold, vn_name_key
from .access import check_code, check_text, locked_unit

GROUP_LABELS = dict(zip(POSITION_GROUPS, ("Lãnh đạo, quản lý", "Chuyên môn, nghiệp vụ", "Hỗ trợ, phục vụ")))
FIELDS = ("code", "name", "position_group", "description", "active", "retired_on")
COMPETENCY_FIELDS = ("position_id", "name", "required_level", "sort_order")
MAX_DESCRIPTION = 5000
MAX_COMPETENCIES = 40
NAMED = 5


@dataclass(frozen=True)
class PositionInput:
    """Mã, tên, nhóm (Thông tư 12/2022/TT-BNV), bản mô tả công việc."""

    code: str
    name: str
    position_group: str
    description: str = ""


def open_positions(session: Session, unit: Unit) -> list[JobPosition]:
    """The positions new data may name (new people, catalogue items): those not retired."""
    return list(session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id, JobPosition.active)
                             .order_by(JobPosition.position_group, JobPosition.code)).all())


def open_position(session: Session, unit_id: int, position_id: int | None, field: str = "position_id") -> JobPosition:
    """The unit's position that new data names, share-locked until commit so that it cannot be retired under a
    person being given it; otherwise a refusal at the field."""
    position = None
    if position_id:
        position = session.exec(select(JobPosition).where(JobPosition.id == position_id).with_for_update(read=True)
                                .execution_options(populate_existing=True)).first()
    if position is None or position.unit_id != unit_id:
        raise DomainError("Vui lòng chọn vị trí việc làm của cơ quan, đơn vị.", field=field)
    if not position.active:
        raise DomainError(f"Vị trí việc làm {position.name} đã thôi sử dụng: hãy chọn vị trí khác.", field=field)
    return position


def add_position(session: Session, actor: Actor, unit_id: int, data: PositionInput) -> JobPosition:
    """Thêm vị trí việc làm with a code unique in the unit."""
    unit = locked_unit(session, actor, unit_id)
    position = JobPosition(unit_id=unit.id, **_checked(session, unit.id, data))
    session.add(position)
    _flush(session, position.code)
    record(session, actor, "position_created", position, {}, snapshot(position, FIELDS))
    session.commit()
    return position


def change_position(session: Session, actor: Actor, position_id: int, data: PositionInput) -> JobPosition:
    """Sửa mã, tên, nhóm, bản mô tả of a position in use (a retired one is restored first)."""
    position = _position(session, actor, position_id, in_use=True)
    before = snapshot(position, FIELDS)
    for name, value in _checked(session, position.unit_id, data, position.id).items():
        setattr(position, name, value)
    _flush(session, position.code)
    return _save(session, actor, "position_changed", position, before)


def retire_position(session: Session, actor: Actor, position_id: int, retired_on: date | None) -> JobPosition:
    """Thôi sử dụng from a date: refused while active people hold the position (named)."""
    position = _position(session, actor, position_id, in_use=True, field="retired_on")
    if retired_on is None:
        raise DomainError("Vui lòng nhập ngày thôi sử dụng (dd/mm/yyyy).", field="retired_on")
    if retired_on > local_today():
        raise DomainError("Ngày thôi sử dụng không được sau ngày hôm nay.", field="retired_on")
    holders = sorted(session.exec(select(Person.full_name).where(Person.position_id == position.id,
                                                                 Person.active)).all(), key=vn_name_key)
    if holders:
        more = f" và {len(holders) - NAMED} người khác" if len(holders) > NAMED else ""
        raise DomainError(f"Chưa thôi sử dụng được: còn {len(holders)} người đang giữ vị trí này "
                          f"({', '.join(holders[:NAMED])}{more}). Hãy chuyển họ sang vị trí khác trước.",
                          field="retired_on")
    before = snapshot(position, FIELDS)
    position.active, position.retired_on = False, retired_on
    return _save(session, actor, "position_retired", position, before)


def restore_position(session: Session, actor: Actor, position_id: int) -> JobPosition:
    """Dùng lại a retired position."""
    position = _position(session, actor, position_id)
    if position.active:
        raise DomainError("Vị trí việc làm này đang được sử dụng.")
    before = snapshot(position, FIELDS)
    position.active, position.retired_on = True, None
    return _save(session, actor, "position_restored", position, before)


def add_competency(session: Session, actor: Actor, position_id: int, name: str, level: int | None) -> Competency:
    """Thêm năng lực vào khung năng lực, at its end."""
    position = _position(session, actor, position_id, in_use=True)
    framework = framework_of(session, position.id)
    if len(framework) >= MAX_COMPETENCIES:
        raise DomainError(f"Khung năng lực có tối đa {MAX_COMPETENCIES} năng lực.", field="name")
    last = max((c.sort_order for c in framework), default=0)
    competency = Competency(position_id=position.id, name=_competency_name(name, framework),
                            required_level=_level(level), sort_order=last + 1)
    session.add(competency)
    return _save_competency(session, actor, "competency_created", position, competency, {})


def change_competency(session: Session, actor: Actor, competency_id: int, name: str, level: int | None) -> Competency:
    """Sửa tên hoặc cấp độ yêu cầu (1-5) of a competency."""
    position, competency = _competency(session, actor, competency_id)
    others = [c for c in framework_of(session, position.id) if c.id != competency.id]
    before = snapshot(competency, COMPETENCY_FIELDS)
    competency.name, competency.required_level = _competency_name(name, others), _level(level)
    return _save_competency(session, actor, "competency_changed", position, competency, before)


def remove_competency(session: Session, actor: Actor, competency_id: int) -> Competency:
    """Xóa năng lực khỏi khung năng lực (the audit record keeps what it was)."""
    position, competency = _competency(session, actor, competency_id)
    before = snapshot(competency, COMPETENCY_FIELDS)
    session.delete(competency)
    write(session, actor, "competency_removed", "competency", competency.id, position.unit_id, before, {})
    session.commit()
    return competency


def move_competency(session: Session, actor: Actor, competency_id: int, step: int) -> Competency:
    """Lên (-1) or xuống (+1) one place in the framework; the order is renumbered 1, 2, 3…"""
    if step not in (-1, 1):
        raise DomainError("Hướng di chuyển không hợp lệ.")
    position, competency = _competency(session, actor, competency_id)
    framework = framework_of(session, position.id)
    before = {c.id: c.sort_order for c in framework}
    index = next(i for i, c in enumerate(framework) if c.id == competency.id)
    target = min(max(index + step, 0), len(framework) - 1)
    framework.insert(target, framework.pop(index))
    for order, row in enumerate(framework, start=1):
        row.sort_order = order
    record(session, actor, "competencies_reordered", position, {"order": before},
           {"order": {c.id: c.sort_order for c in framework}})
    session.commit()
    return competency


def framework_of(session: Session, position_id: int) -> list[Competency]:
    """A position's competencies in their order."""
    return list(session.exec(select(Competency).where(Competency.position_id == position_id)
                             .order_by(Competency.sort_order, Competency.id)).all())


def _checked(session: Session, unit_id: int, data: PositionInput, own_id: int | None = None) -> dict:
    """The typed values checked: code unique in the unit, a name, a group of Thông tư 12/2022, a description."""
    code = check_code(data.code)
    taken = session.exec(select(JobPosition.id).where(JobPosition.unit_id == unit_id, JobPosition.code == code,
                                                      JobPosition.id != (own_id or 0))).first()
    if taken:
        raise DomainError(f"Mã {code} đã có trong cơ quan, đơn vị.", field="code")
    if data.position_group not in GROUP_LABELS:
        raise DomainError("Vui lòng chọn nhóm vị trí việc làm.", field="position_group")
    return {"code": code, "name": check_text(data.name, "name", "tên vị trí việc làm", 255),
            "position_group": data.position_group,
            "description": check_text(data.description, "description", "bản mô tả công việc", MAX_DESCRIPTION,
                                      required=False)}


def _competency_name(name: str, others: list[Competency]) -> str:
    """A name not yet in the framework (ignoring case and accents)."""
    name = check_text(name, "name", "tên năng lực", 255)
    if any(fold(c.name) == fold(name) for c in others):
        raise DomainError("Năng lực này đã có trong khung năng lực.", field="name")
    return name


def _level(level: int | None) -> int:
    """Cấp độ yêu cầu 1-5."""
    if level is None or not 1 <= level <= 5:
        raise DomainError("Cấp độ yêu cầu từ 1 đến 5.", field="required_level")
    return level


def _position(session: Session, actor: Actor, position_id: int, in_use: bool = False,
              field: str = "name") -> JobPosition:
    """The position locked until commit, if the actor keeps its unit's lists (and, when asked, not retired)."""
    found = session.get(JobPosition, position_id)
    if found is None:
        raise NotFound("Không tìm thấy vị trí việc làm.")
    locked_unit(session, actor, found.unit_id)  # the unit first, then the row, as for divisions
    # FOR UPDATE: a person being given the position finishes first, so that retiring counts them.
    position = session.exec(select(JobPosition).where(JobPosition.id == position_id)
                            .with_for_update().execution_options(populate_existing=True)).one()
    if in_use and not position.active:
        raise DomainError("Vị trí việc làm đã thôi sử dụng: dùng lại trước khi sửa.", field=field)
    return position


def _competency(session: Session, actor: Actor, competency_id: int) -> tuple[JobPosition, Competency]:
    """The competency and its locked position."""
    competency = session.get(Competency, competency_id)
    if competency is None:
        raise NotFound("Không tìm thấy năng lực.")
    position = _position(session, actor, competency.position_id, in_use=True)
    session.refresh(competency)
    return position, competency


def _flush(session: Session, code: str) -> None:
    """Write now, so that a code taken at the same moment by another request is refused at the field."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DomainError(f"Mã {code} đã có trong cơ quan, đơn vị.", field="code") from None


def _save(session: Session, actor: Actor, action: str, position: JobPosition, before: dict) -> JobPosition:
    """Audit the change and commit."""
    record(session, actor, action, position, before, snapshot(position, FIELDS))
    session.commit()
    return position


def _save_competency(session: Session, actor: Actor, action: str, position: JobPosition, competency: Competency,
                     before: dict) -> Competency:
    """Audit a competency's change (under its position's unit) and commit."""
    session.flush()
    write(session, actor, action, "competency", competency.id, position.unit_id, before,
          snapshot(competency, COMPETENCY_FIELDS))
    session.commit()
    return competency


def holders_count(session: Session, unit: Unit) -> dict[int, int]:
    """Active people per position of the unit."""
    return dict(session.exec(select(Person.position_id, func.count(Person.id))
                             .where(Person.unit_id == unit.id, Person.active, Person.position_id.is_not(None))
                             .group_by(Person.position_id)).all())


@dataclass(frozen=True)
class PositionCard:
    """A position with its framework and how many active people hold it."""

    position: JobPosition
    competencies: list[Competency]
    holders: int


def position_cards(session: Session, unit: Unit, position_id: int | None = None) -> list[PositionCard]:
    """The unit's positions (retired ones last), each with its framework; one position when asked."""
    query = select(JobPosition).where(JobPosition.unit_id == unit.id)
    if position_id is not None:
        query = query.where(JobPosition.id == position_id)
    positions = session.exec(query.order_by(JobPosition.active.desc(), JobPosition.position_group,
                                            JobPosition.code)).all()
    frameworks: dict[int, list[Competency]] = {}
    rows = session.exec(select(Competency).where(Competency.position_id.in_([p.id for p in positions]))
                        .order_by(Competency.sort_order, Competency.id)).all()
    for competency in rows:
        frameworks.setdefault(competency.position_id, []).append(competency)
    holders = holders_count(session, unit)
    return [PositionCard(p, frameworks.get(p.id, []), holders.get(p.id, 0)) for p in positions]


def position_card(session: Session, unit: Unit, position_id: int) -> PositionCard:
    """One position of the unit, or 404."""
    cards = position_cards(session, unit, position_id)
    if not cards:
        raise NotFound("Không tìm thấy vị trí việc làm trong cơ quan, đơn vị này.")
    return cards[0]


def competency_position(session: Session, unit: Unit, competency_id: int) -> PositionCard:
    """The card of the position a competency of the unit belongs to, or 404."""
    competency = session.get(Competency, competency_id)
    return position_card(session, unit, competency.position_id if competency else 0)
