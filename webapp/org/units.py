"""Cơ quan, đơn vị kept in the app: the admin creates a unit, changes any of its details, stops and restarts it;
the unit's personnel officer changes what its printed forms carry (names, place, superior body). Each change is
audited and commits once; unit codes and username prefixes stay unique under concurrent requests."""
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..errors import DomainError, Forbidden, NotFound
from ..models import Bloc, Level, Person, Unit
from ..text import vn_name_key
from .access import check_code, check_text

FIELDS = ("code", "name", "short_name", "bloc_id", "level_id", "place", "superior_name", "username_prefix",
          "is_pilot", "active")
# What the unit's own personnel officer may change: the names and the lines its printed forms carry.
OFFICER_FIELDS = ("name", "short_name", "place", "superior_name")
PREFIX = re.compile(r"[a-z][a-z0-9]{1,15}")
NAMED = 5  # people named in a refusal; the rest are counted
UNITS_LOCK = 7_150_001  # advisory lock key: one unit creation or prefix change at a time (they are rare)


@dataclass(frozen=True)
class UnitInput:
    """What was typed on the unit's form; the admin-only fields are None when an officer sends the form."""

    name: str
    short_name: str
    place: str
    superior_name: str
    code: str = ""
    bloc_id: int | None = None
    level_id: int | None = None
    username_prefix: str | None = None
    is_pilot: bool | None = None


def may_edit_unit(actor: Actor, unit: Unit) -> bool:
    """The admin, and the unit's own personnel officer (for OFFICER_FIELDS)."""
    return actor.role == "admin" or (actor.role == "personnel" and actor.unit_id == unit.id)


def add_unit(session: Session, actor: Actor, data: UnitInput) -> Unit:
    """Thêm cơ quan, đơn vị: admin only; a unique code and username prefix, an existing bloc and level."""
    _require_admin(actor)
    _lock_units(session)
    code = check_code(data.code)
    if session.exec(select(Unit.id).where(Unit.code == code)).first():
        raise DomainError(f"Mã {code} đã được dùng cho một cơ quan, đơn vị khác.", field="code")
    unit = Unit(code=code, **_officer_values(data), **_admin_values(session, data, None))
    session.add(unit)
    session.flush()
    record(session, actor, "unit_created", unit, {}, snapshot(unit, FIELDS))
    session.commit()
    return unit


def change_unit(session: Session, actor: Actor, unit_id: int, data: UnitInput) -> Unit:
    """Sửa thông tin: the admin any field but the code (the key of imports), the unit's officer OFFICER_FIELDS."""
    unit = _locked(session, unit_id)
    if not may_edit_unit(actor, unit):
        raise Forbidden("Chỉ quản trị hệ thống hoặc cán bộ tổ chức của cơ quan, đơn vị được sửa thông tin này.")
    before = snapshot(unit, FIELDS)
    values = _officer_values(data)
    if actor.role == "admin":
        _lock_units(session)
        values |= _admin_values(session, data, unit)
    for name, value in values.items():
        setattr(unit, name, value)
    after = snapshot(unit, FIELDS)
    if after != before:
        record(session, actor, "unit_changed", unit, before, after)
    session.commit()
    return unit


def set_unit_active(session: Session, actor: Actor, unit_id: int, active: bool) -> Unit:
    """Ngừng hoạt động (refused while the unit has people at work) or hoạt động trở lại: admin only."""
    _require_admin(actor)
    unit = _locked(session, unit_id)
    if unit.active == active:
        return unit
    if not active:
        _check_no_active_people(session, unit)
    before = snapshot(unit, FIELDS)
    unit.active = active
    record(session, actor, "unit_reactivated" if active else "unit_deactivated", unit, before, snapshot(unit, FIELDS))
    session.commit()
    return unit


def inactive_units(session: Session, actor: Actor) -> list[Unit]:
    """The units that stopped (the admin's list, to restart one); nobody else sees them."""
    if actor.role != "admin":
        return []
    return list(session.exec(select(Unit).where(Unit.active.is_(False)).order_by(Unit.name)).all())


def blocs_and_levels(session: Session) -> tuple[list[Bloc], list[Level]]:
    """The choices of the admin's form."""
    return (list(session.exec(select(Bloc).order_by(Bloc.id)).all()),
            list(session.exec(select(Level).order_by(Level.id)).all()))


def _officer_values(data: UnitInput) -> dict:
    """The checked names and print lines."""
    return {"name": check_text(data.name, "name", "tên cơ quan, đơn vị", 255),
            "short_name": check_text(data.short_name, "short_name", "tên ngắn", 200),
            "place": check_text(data.place, "place", "địa danh", 100),
            "superior_name": check_text(data.superior_name, "superior_name", "tên cơ quan chủ quản", 200,
                                        required=False)}


def _admin_values(session: Session, data: UnitInput, unit: Unit | None) -> dict:
    """The checked bloc, level, username prefix and pilot flag (the admin's fields)."""
    if data.bloc_id is None or session.get(Bloc, data.bloc_id) is None:
        raise DomainError("Vui lòng chọn khối.", field="bloc_id")
    if data.level_id is None or session.get(Level, data.level_id) is None:
        raise DomainError("Vui lòng chọn cấp.", field="level_id")
    return {"bloc_id": data.bloc_id, "level_id": data.level_id, "is_pilot": bool(data.is_pilot),
            "username_prefix": _checked_prefix(session, data.username_prefix or "", unit)}


def _checked_prefix(session: Session, prefix: str, unit: Unit | None) -> str:
    """2-16 lowercase letters and digits, starting with a letter, used by no other unit."""
    prefix = prefix.strip().lower()
    if not PREFIX.fullmatch(prefix):
        raise DomainError("Tiền tố tên đăng nhập gồm 2–16 chữ cái không dấu hoặc chữ số, bắt đầu bằng chữ cái "
                          "(ví dụ: ht, snv).", field="username_prefix")
    other = session.exec(select(Unit).where(Unit.username_prefix == prefix)).first()
    if other is not None and (unit is None or other.id != unit.id):
        raise DomainError(f"Tiền tố {prefix} đã dùng cho {other.name}.", field="username_prefix")
    return prefix


def _check_no_active_people(session: Session, unit: Unit) -> None:
    """Refuse to stop a unit where people still work, naming a few (end their service or move them first)."""
    names = sorted(session.exec(select(Person.full_name).where(Person.unit_id == unit.id, Person.active)).all(),
                   key=vn_name_key)
    if names:
        more = f" và {len(names) - NAMED} người khác" if len(names) > NAMED else ""
        raise DomainError(f"Còn {len(names)} người đang làm việc ({', '.join(names[:NAMED])}{more}): "
                          "cho thôi việc hoặc chuyển công tác trước khi ngừng hoạt động.", field="active")


def _locked(session: Session, unit_id: int) -> Unit:
    """The unit, locked until commit."""
    unit = session.exec(select(Unit).where(Unit.id == unit_id).with_for_update()
                        .execution_options(populate_existing=True)).first()
    if unit is None:
        raise NotFound("Không tìm thấy cơ quan, đơn vị.")
    return unit


def _lock_units(session: Session) -> None:
    """Serialize unit creations and prefix changes (PostgreSQL; SQLite has one writer at a time), so that two
    admins cannot both take a free code or prefix."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UNITS_LOCK})


def _require_admin(actor: Actor) -> None:
    """Only the admin creates or stops units."""
    if actor.role != "admin":
        raise Forbidden("Chỉ quản trị hệ thống được thêm hoặc ngừng hoạt động cơ quan, đơn vị.")

