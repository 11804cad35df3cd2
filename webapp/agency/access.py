"""Who sees and acts on a unit's yearly evaluation: the unit's head self-assesses, the superior level scores and
approves (the administrator, or the province organiser of the unit's bloc: "cấp trên")."""
from ..auth.actor import Actor
from ..errors import Forbidden
from ..models import AgencyEvaluation, Unit


def is_head(actor: Actor, unit: Unit) -> bool:
    """The unit's head."""
    return actor.role == "head" and actor.unit_id == unit.id


def is_superior(actor: Actor, unit: Unit) -> bool:
    """The superior level of the unit for its yearly evaluation."""
    return actor.role == "admin" or (actor.role == "organiser" and actor.bloc_id == unit.bloc_id)


def can_view(actor: Actor, unit: Unit, evaluation: AgencyEvaluation | None) -> bool:
    """The head and personnel officer of the unit, the superior level; the unit's other people once approved."""
    if is_superior(actor, unit) or (actor.role in ("head", "personnel") and actor.unit_id == unit.id):
        return True
    return actor.unit_id == unit.id and evaluation is not None and evaluation.state == "approved"


def require_view(actor: Actor, unit: Unit, evaluation: AgencyEvaluation | None) -> None:
    """Refuse outside that circle."""
    if not can_view(actor, unit, evaluation):
        raise Forbidden("Bạn không có quyền xem kết quả đánh giá, xếp loại của cơ quan, đơn vị này.")


def require_head(actor: Actor, unit: Unit) -> None:
    """Only the unit's head self-assesses."""
    if not is_head(actor, unit):
        raise Forbidden("Chỉ thủ trưởng cơ quan, đơn vị mới tự đánh giá kết quả của cơ quan, đơn vị mình.")


def require_superior(actor: Actor, unit: Unit) -> None:
    """Only the superior level scores, returns and approves."""
    if not is_superior(actor, unit):
        raise Forbidden("Chỉ cấp trên (cơ quan tổ chức cấp tỉnh của khối hoặc quản trị hệ thống) mới chấm điểm, "
                        "trả lại hoặc phê duyệt kết quả đánh giá của cơ quan, đơn vị này.")
