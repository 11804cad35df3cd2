"""Who may ask for the reports to the Provincial Standing Committee, and for which scope.

An organiser reports on their own bloc; the administrator on any bloc or on the whole province. The job row
keeps the scope in its params (bloc_id None: the province), since these reports belong to no unit.
"""
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..errors import DomainError, Forbidden
from ..models import Bloc

PROVINCE_KINDS = {"monthly": "Báo cáo tháng", "quarterly": "Báo cáo sơ kết quý"}
PROVINCE_ROLES = ("organiser", "admin")
WHOLE_PROVINCE = "province"  # the scope field's value for the whole province
PROVINCE_LABEL = "Toàn tỉnh"


def may_report(actor: Actor) -> bool:
    """Organisers (with a bloc) and administrators."""
    return actor.role == "admin" or (actor.role == "organiser" and actor.bloc_id is not None)


def scopes_for(session: Session, actor: Actor) -> dict[str, str]:
    """The scopes the actor may choose, value → label: their bloc, or (admin) the province and every bloc."""
    blocs = session.exec(select(Bloc).order_by(Bloc.id)).all()
    if actor.role == "admin":
        return {WHOLE_PROVINCE: PROVINCE_LABEL, **{str(b.id): b.name for b in blocs}}
    if actor.role == "organiser":
        return {str(b.id): b.name for b in blocs if b.id == actor.bloc_id}
    return {}


def parse_scope(session: Session, text: str | None) -> int | None:
    """The bloc id of a typed scope, None for the whole province; an unknown bloc is refused."""
    value = (text or "").strip()
    if value == WHOLE_PROVINCE:
        return None
    if not value.isdigit() or len(value) > 9 or session.get(Bloc, int(value)) is None:
        raise DomainError("Phạm vi báo cáo không hợp lệ: chọn một khối hoặc toàn tỉnh.", field="scope")
    return int(value)


def check_province_scope(actor: Actor, bloc_id: int | None) -> None:
    """Refuse a report on another bloc (organisers) or from anyone else (checked again at download)."""
    if actor.role == "admin" or (actor.role == "organiser" and bloc_id is not None and bloc_id == actor.bloc_id):
        return
    raise Forbidden("Bạn không có quyền lập báo cáo cho phạm vi này.")


def scope_label(session: Session, bloc_id: int | None) -> str:
    """"Khối chính quyền" or "Toàn tỉnh"."""
    bloc = session.get(Bloc, bloc_id) if bloc_id is not None else None
    return bloc.name if bloc else PROVINCE_LABEL
