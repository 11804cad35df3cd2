"""Objectives: set, edit, align, agree and close. Each verb checks role and scope, refuses closed periods,
writes the audit log and commits once."""
from sqlmodel import Session, select

from ..audit import record, snapshot, write
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import DomainError, Forbidden, NotFound
from ..models import KeyResult, Objective, ObjectiveAlignment, Period, Person
from ..reports.periods import parse_period
from ..text import tidy
from .access import ABOVE, LEVEL_LABELS, reviewer_candidates, scope_of_new, visible
from .progress import ProgressError, check_weights

EDITABLE = ("title", "reviewer_id", "state")
CLOSED = "Mục tiêu đã kết thúc: không thể thay đổi mục tiêu, kết quả then chốt hay cập nhật tiến độ."


def create_objective(session: Session, actor: Actor, level: str, period_text: str, title: str,
                     reviewer_id: int | None) -> Objective:
    """Đặt mục tiêu at a level for a quarter or a year; the actor owns it, the chosen reviewer agrees it."""
    if level not in LEVEL_LABELS:
        raise DomainError("Cấp của mục tiêu không hợp lệ.", field="level")
    scope = scope_of_new(session, actor, level)
    span = parse_period(period_text)
    if span.kind not in ("quarter", "year"):
        raise DomainError("Mục tiêu đặt theo quý hoặc năm (ví dụ: Quý 4/2026 hoặc 2026).", field="period")
    objective = Objective(level=level, **scope, owner_id=actor.account_id, period_key=span.key,
                          starts_on=span.first, ends_on=span.last, title=_title(title),
                          reviewer_id=_reviewer(session, level, scope, actor.account_id, reviewer_id))
    _require_period_open(session, objective)
    session.add(objective)
    record(session, actor, "okr_objective_created", objective, {}, snapshot(objective))
    session.commit()
    return objective


def edit_objective(session: Session, actor: Actor, objective_id: int, title: str, reviewer_id: int | None
                   ) -> Objective:
    """Sửa mục tiêu (its title and reviewer), by its owner while it is a draft."""
    objective = owned(session, actor, objective_id)
    _require_draft(objective)
    before = snapshot(objective, EDITABLE)
    objective.title = _title(title)
    objective.reviewer_id = _reviewer(session, objective.level, _scope(objective), objective.owner_id, reviewer_id)
    objective.updated_at = utcnow()
    record(session, actor, "okr_objective_updated", objective, before, snapshot(objective, EDITABLE))
    session.commit()
    return objective


def agree(session: Session, actor: Actor, objective_id: int) -> Objective:
    """Thống nhất: the reviewer agrees a draft whose key results' weights sum to 100 %."""
    objective = reviewed(session, actor, objective_id)
    if objective.state != "draft":
        raise DomainError("Chỉ thống nhất được mục tiêu đang ở trạng thái dự thảo.")
    weights = session.exec(select(KeyResult.weight).where(KeyResult.objective_id == objective.id)).all()
    try:
        check_weights(weights)
    except ProgressError as refusal:
        raise DomainError(str(refusal)) from None
    return _move(session, actor, objective, "agreed", "okr_objective_agreed")


def close(session: Session, actor: Actor, objective_id: int) -> Objective:
    """Kết thúc: the reviewer closes an agreed objective; nothing of it changes afterwards."""
    objective = reviewed(session, actor, objective_id)
    if objective.state != "agreed":
        raise DomainError("Chỉ kết thúc được mục tiêu đã thống nhất.")
    return _move(session, actor, objective, "closed", "okr_objective_closed")


def align(session: Session, actor: Actor, objective_id: int, supports_id: int) -> ObjectiveAlignment:
    """Gắn kết: the owner makes the objective support an objective of the level above, in the same scope."""
    objective = owned(session, actor, objective_id)
    require_changeable(session, objective)
    above = visible(session, actor, supports_id)
    _require_alignable(session, objective, above)
    if session.get(ObjectiveAlignment, (objective.id, above.id)) is not None:
        raise DomainError("Mục tiêu đã được gắn kết với mục tiêu này.")
    alignment = ObjectiveAlignment(objective_id=objective.id, supports_id=above.id)
    session.add(alignment)
    write(session, actor, "okr_objective_aligned", "objective", objective.id, objective.unit_id, {},
          {"supports_id": above.id})
    session.commit()
    return alignment


def unalign(session: Session, actor: Actor, objective_id: int, supports_id: int) -> None:
    """Bỏ gắn kết, by the owner of the supporting objective."""
    objective = owned(session, actor, objective_id)
    require_changeable(session, objective)
    alignment = session.get(ObjectiveAlignment, (objective.id, supports_id))
    if alignment is None:
        raise NotFound("Mục tiêu không gắn kết với mục tiêu này.")
    session.delete(alignment)
    write(session, actor, "okr_objective_unaligned", "objective", objective.id, objective.unit_id,
          {"supports_id": supports_id}, {})
    session.commit()


def owned(session: Session, actor: Actor, objective_id: int, lock: bool = False) -> Objective:
    """An objective the actor owns (locked for the transaction when asked), or a refusal."""
    objective = visible(session, actor, objective_id)
    if objective.owner_id != actor.account_id:
        raise Forbidden("Chỉ người chủ trì mục tiêu mới được thay đổi mục tiêu và cập nhật tiến độ.")
    return locked(session, objective.id) if lock else objective


def reviewed(session: Session, actor: Actor, objective_id: int) -> Objective:
    """An objective the actor reviews, locked for the transaction, or a refusal."""
    objective = visible(session, actor, objective_id)
    if objective.reviewer_id != actor.account_id:
        raise Forbidden("Chỉ người thẩm định mục tiêu mới được thống nhất hoặc kết thúc mục tiêu.")
    return locked(session, objective.id)


def locked(session: Session, objective_id: int) -> Objective:
    """The objective's row, locked until commit: rules over its key results hold under concurrent requests."""
    return session.exec(select(Objective).where(Objective.id == objective_id).with_for_update()
                        .execution_options(populate_existing=True)).one()


def require_changeable(session: Session, objective: Objective) -> None:
    """Refuse any change to a closed objective or to one whose unit has closed its period."""
    if objective.state == "closed":
        raise DomainError(CLOSED)
    _require_period_open(session, objective)


def _require_period_open(session: Session, objective: Objective) -> None:
    """Refuse when the unit's evaluation period of the same quarter or year is closed."""
    if objective.unit_id is None:
        return
    state = session.exec(select(Period.state).where(Period.unit_id == objective.unit_id,
                                                    Period.key == objective.period_key)).first()
    if state == "closed":
        raise DomainError("Kỳ đánh giá của mục tiêu đã khóa: không thể thay đổi.")


def _require_draft(objective: Objective) -> None:
    """Title, reviewer and key results change only while the objective is a draft."""
    if objective.state == "closed":
        raise DomainError(CLOSED)
    if objective.state != "draft":
        raise DomainError("Mục tiêu đã được thống nhất: không sửa được nội dung, trọng số hay chỉ tiêu.")


def require_draft(session: Session, objective: Objective) -> None:
    """A draft in an open period, or a refusal."""
    _require_draft(objective)
    _require_period_open(session, objective)


def _require_alignable(session: Session, objective: Objective, above: Objective) -> None:
    """The supported objective is of the level just above, in the same branch, over a period containing this one."""
    if ABOVE.get(objective.level) != above.level:
        raise DomainError(f"Mục tiêu {LEVEL_LABELS[objective.level].lower()} chỉ gắn kết với mục tiêu "
                          f"{LEVEL_LABELS.get(ABOVE.get(objective.level), 'cấp trên').lower()}.")
    if above.state == "closed":
        raise DomainError("Mục tiêu cấp trên đã kết thúc: không gắn kết thêm được.")
    if not (above.starts_on <= objective.starts_on and objective.ends_on <= above.ends_on):
        raise DomainError("Kỳ của mục tiêu cấp trên phải bao trùm kỳ của mục tiêu này.")
    if not same_branch(session, objective, above):
        raise DomainError("Chỉ gắn kết với mục tiêu của khối, cơ quan, đơn vị hoặc phòng mà mục tiêu này thuộc về.")


def same_branch(session: Session, objective: Objective, above: Objective) -> bool:
    """A person under their division, a division under its unit, a unit under its bloc; any bloc under the province."""
    if objective.level == "person":
        return session.get(Person, objective.person_id).division_id == above.division_id
    if objective.level == "division":
        return objective.unit_id == above.unit_id
    if objective.level == "unit":
        return objective.bloc_id == above.bloc_id
    return True


def _move(session: Session, actor: Actor, objective: Objective, state: str, action: str) -> Objective:
    """One state transition with its audit record and commit."""
    require_changeable(session, objective)
    before = snapshot(objective, ("state",))
    objective.state = state
    if state == "agreed":
        objective.agreed_at = utcnow()
    else:
        objective.closed_at = utcnow()
    record(session, actor, action, objective, before, snapshot(objective, ("state",)))
    session.commit()
    return objective


def _scope(objective: Objective) -> dict:
    """The objective's scope columns."""
    return {"bloc_id": objective.bloc_id, "unit_id": objective.unit_id, "division_id": objective.division_id,
            "person_id": objective.person_id}


def _reviewer(session: Session, level: str, scope: dict, owner_id: int, reviewer_id: int | None) -> int:
    """The chosen reviewer if they may review this objective (never the owner)."""
    if reviewer_id == owner_id:
        raise DomainError("Người thẩm định phải khác người chủ trì mục tiêu.", field="reviewer_id")
    allowed = {account.id for account in reviewer_candidates(session, level, scope, owner_id)}
    if reviewer_id not in allowed:
        raise DomainError("Vui lòng chọn người thẩm định trong danh sách.", field="reviewer_id")
    return reviewer_id


def _title(title: str) -> str:
    """The objective's title, required and at most 500 characters."""
    text = tidy(title)
    if not text:
        raise DomainError("Vui lòng nhập tên mục tiêu.", field="title")
    if len(text) > 500:
        raise DomainError("Tên mục tiêu tối đa 500 ký tự.", field="title")
    return text
