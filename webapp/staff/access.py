"""Who keeps a unit's staff list: its personnel officer and the admin; the bloc's organiser only reads it."""
from ..auth.actor import Actor
from ..errors import Forbidden
from ..models import Unit

STAFF_KIND_LABELS = {"can_bo": "Cán bộ", "cong_chuc": "Công chức", "vien_chuc": "Viên chức"}
# The roles a unit's personnel officer may give; admin and organiser are the admin's to give.
OFFICER_ROLES = ("staff", "manager", "head", "personnel")


def may_manage(actor: Actor, unit: Unit) -> bool:
    """True for the admin and for the unit's own personnel officer."""
    return actor.role == "admin" or (actor.role == "personnel" and actor.unit_id == unit.id)


def may_view(actor: Actor, unit: Unit) -> bool:
    """The managers, and the organiser of the unit's bloc (read-only)."""
    return may_manage(actor, unit) or (actor.role == "organiser" and actor.bloc_id == unit.bloc_id)


def require_manage(actor: Actor, unit: Unit) -> Unit:
    """The unit, or a refusal unless the actor keeps its staff list."""
    if not may_manage(actor, unit):
        raise Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị và quản trị hệ thống được sửa danh sách cán bộ.")
    return unit


def require_view(actor: Actor, unit: Unit) -> Unit:
    """The unit, or a refusal unless the actor may read its staff list."""
    if not may_view(actor, unit):
        raise Forbidden("Bạn không có quyền xem danh sách cán bộ của cơ quan, đơn vị này.")
    return unit
