"""Who keeps a unit's lists: its personnel officer, and the admin for any unit; everyone else who sees the unit
(its other users, the organiser of its bloc) reads them."""
import re

from sqlmodel import Session, select

from ..auth.actor import Actor
from ..errors import DomainError, Forbidden, NotFound
from ..models import Unit

MAINTAINERS = ("personnel", "admin")
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
READ_ONLY = "Chỉ cán bộ tổ chức của cơ quan, đơn vị (hoặc quản trị hệ thống) được sửa danh sách này."


def may_maintain(actor: Actor, unit: Unit) -> bool:
    """True for the unit's personnel officer and for the admin."""
    return actor.role == "admin" or (actor.role == "personnel" and actor.unit_id == unit.id)


def locked_unit(session: Session, actor: Actor, unit_id: int) -> Unit:
    """The unit, locked against other changes of its lists until commit (FOR NO KEY UPDATE: inserts that
    only reference the unit go on), or a refusal unless the actor keeps its lists."""
    unit = session.exec(select(Unit).where(Unit.id == unit_id).with_for_update(key_share=True)
                        .execution_options(populate_existing=True)).first()
    if unit is None:
        raise NotFound("Không tìm thấy cơ quan, đơn vị.")
    if not may_maintain(actor, unit):
        raise Forbidden(READ_ONLY)
    return unit


def check_code(code: str) -> str:
    """A code of 1-32 letters, digits, dots, dashes or underscores (the key of imports)."""
    code = (code or "").strip()
    if not code:
        raise DomainError("Vui lòng nhập mã.", field="code")
    if not CODE.fullmatch(code):
        raise DomainError("Mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới "
                          "(tối đa 32 ký tự).", field="code")
    return code


def check_text(value: str, field: str, label: str, limit: int, required: bool = True) -> str:
    """Typed text within its limit (and present when required)."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"Vui lòng nhập {label}.", field=field)
    if len(value) > limit:
        raise DomainError(f"{label[0].upper()}{label[1:]} tối đa {limit} ký tự.", field=field)
    return value
