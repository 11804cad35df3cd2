"""Key results: add and edit them, link catalogue items, check in. Each verb is the objective owner's, checks
scope and the objective's state, writes the audit log and commits once."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from ..audit import record, snapshot, write
from ..auth.actor import Actor
from ..clock import local_today
from ..errors import DomainError, NotFound
from ..models import CatalogueItem, CheckIn, KeyResult, KeyResultItem, Objective
from ..text import tidy
from .measure import work_figures
from .progress import ProgressError, check_room, check_target
from .service import owned, require_changeable, require_draft

MAX_VALUE = Decimal("9999999999.99")  # NUMERIC(12, 2)
CENT = Decimal("0.01")
KR_FIELDS = ("title", "measure_unit", "baseline", "target", "weight", "allow_over", "measured_by")
CONFIDENCE_LABELS = {"on_track": "Đúng tiến độ", "at_risk": "Có rủi ro", "off_track": "Chậm tiến độ"}
MEASURED_LABELS = {"items": "Từ công việc đã duyệt", "checkin": "Cập nhật định kỳ"}


@dataclass(frozen=True)
class KeyResultInput:
    """A key result as typed."""

    title: str
    baseline: Decimal
    target: Decimal
    weight: Decimal
    measured_by: str = "checkin"
    measure_unit: str = ""
    allow_over: bool = False


@dataclass(frozen=True)
class CheckInInput:
    """A check-in as typed: the value (check-in key results only), confidence, note, evidence."""

    confidence: str
    value: Decimal | None = None
    note: str = ""
    evidence_doc_number: str = ""
    evidence_doc_date: date | None = None
    evidence_link: str = ""


def add_key_result(session: Session, actor: Actor, objective_id: int, data: KeyResultInput) -> KeyResult:
    """Thêm kết quả then chốt to a draft objective; weights never pass 100 % (the objective row is locked)."""
    objective = owned(session, actor, objective_id, lock=True)
    require_draft(session, objective)
    values = _checked(session, objective, data, exclude_id=None)
    count = len(_others(session, objective.id, None))
    key_result = KeyResult(objective_id=objective.id, sort_order=count + 1, **values)
    session.add(key_result)
    record(session, actor, "okr_key_result_created", key_result, {}, snapshot(key_result, KR_FIELDS))
    session.commit()
    return key_result


def edit_key_result(session: Session, actor: Actor, key_result_id: int, data: KeyResultInput) -> KeyResult:
    """Sửa kết quả then chốt of a draft objective."""
    key_result, objective = _owned_key_result(session, actor, key_result_id)
    require_draft(session, objective)
    before = snapshot(key_result, KR_FIELDS)
    for name, value in _checked(session, objective, data, exclude_id=key_result.id).items():
        setattr(key_result, name, value)
    record(session, actor, "okr_key_result_updated", key_result, before, snapshot(key_result, KR_FIELDS))
    session.commit()
    return key_result


def link_item(session: Session, actor: Actor, key_result_id: int, item_id: int) -> KeyResultItem:
    """Gắn sản phẩm/công việc: an active item of the objective's own unit, to a key result measured from work."""
    key_result, objective = _owned_key_result(session, actor, key_result_id)
    require_draft(session, objective)
    if key_result.measured_by != "items":
        raise DomainError("Kết quả then chốt này cập nhật định kỳ, không đo từ sản phẩm/công việc.", field="item_id")
    item = session.get(CatalogueItem, item_id)
    if item is None or item.unit_id != objective.unit_id or not item.active:
        raise DomainError("Chỉ gắn được sản phẩm/công việc trong danh mục của cơ quan, đơn vị.", field="item_id")
    if session.get(KeyResultItem, (key_result.id, item.id)) is not None:
        raise DomainError("Sản phẩm/công việc này đã được gắn.", field="item_id")
    link = KeyResultItem(key_result_id=key_result.id, item_id=item.id)
    session.add(link)
    write(session, actor, "okr_item_linked", "keyresult", key_result.id, objective.unit_id, {}, {"item_id": item.id})
    session.commit()
    return link


def unlink_item(session: Session, actor: Actor, key_result_id: int, item_id: int) -> None:
    """Bỏ gắn sản phẩm/công việc."""
    key_result, objective = _owned_key_result(session, actor, key_result_id)
    require_draft(session, objective)
    link = session.get(KeyResultItem, (key_result.id, item_id))
    if link is None:
        raise NotFound("Sản phẩm/công việc này không được gắn với kết quả then chốt.")
    session.delete(link)
    write(session, actor, "okr_item_unlinked", "keyresult", key_result.id, objective.unit_id, {"item_id": item_id}, {})
    session.commit()


def check_in(session: Session, actor: Actor, key_result_id: int, data: CheckInInput) -> CheckIn:
    """Cập nhật tiến độ, by the owner only: the value (measured from work, or typed with evidence) and confidence."""
    key_result, objective = _owned_key_result(session, actor, key_result_id)
    require_changeable(session, objective)
    if data.confidence not in CONFIDENCE_LABELS:
        raise DomainError("Vui lòng chọn mức độ tin cậy.", field="confidence")
    row = CheckIn(key_result_id=key_result.id, value=_value_of(session, key_result, data),
                  confidence=data.confidence, reported_by_id=actor.account_id, **_evidence(key_result, data))
    session.add(row)
    record(session, actor, "okr_checked_in", row, {}, snapshot(row))
    session.commit()
    return row


def _owned_key_result(session: Session, actor: Actor, key_result_id: int) -> tuple[KeyResult, Objective]:
    """A key result of an objective the actor owns (the objective locked), or a refusal."""
    key_result = session.get(KeyResult, key_result_id)
    if key_result is None:
        raise NotFound("Không tìm thấy kết quả then chốt.")
    return key_result, owned(session, actor, key_result.objective_id, lock=True)


def _others(session: Session, objective_id: int, exclude_id: int | None) -> list[Decimal]:
    """The weights of the objective's other key results."""
    query = select(KeyResult.weight).where(KeyResult.objective_id == objective_id)
    if exclude_id is not None:
        query = query.where(KeyResult.id != exclude_id)
    return list(session.exec(query).all())


def _checked(session: Session, objective: Objective, data: KeyResultInput, exclude_id: int | None) -> dict:
    """The key result's columns once every rule holds: title, bounded numbers, target ≠ baseline, weights ≤ 100 %."""
    title, measure_unit = tidy(data.title), tidy(data.measure_unit)
    if not title or len(title) > 500:
        raise DomainError("Vui lòng nhập tên kết quả then chốt (tối đa 500 ký tự).", field="title")
    if len(measure_unit) > 64:
        raise DomainError("Đơn vị tính tối đa 64 ký tự.", field="measure_unit")
    if data.measured_by not in MEASURED_LABELS:
        raise DomainError("Cách đo không hợp lệ.", field="measured_by")
    if data.measured_by == "items" and objective.unit_id is None:
        raise DomainError("Mục tiêu cấp tỉnh, cấp khối đo bằng cập nhật định kỳ (không có danh mục sản phẩm).",
                          field="measured_by")
    baseline, target = _bounded(data.baseline, "baseline"), _bounded(data.target, "target")
    try:
        check_target(baseline, target)
    except ProgressError as refusal:
        raise DomainError(str(refusal), field="target") from None
    if data.weight is None or data.weight != data.weight.quantize(CENT):
        raise DomainError("Vui lòng nhập trọng số (%, tối đa 2 chữ số thập phân).", field="weight")
    try:
        check_room(_others(session, objective.id, exclude_id), data.weight)
    except ProgressError as refusal:
        raise DomainError(str(refusal), field="weight") from None
    return {"title": title, "measure_unit": measure_unit, "baseline": baseline, "target": target,
            "weight": data.weight, "allow_over": bool(data.allow_over), "measured_by": data.measured_by}


def _bounded(value: Decimal | None, field: str) -> Decimal:
    """A non-negative value with at most two decimals that fits the column."""
    if value is None or not value.is_finite():
        raise DomainError("Vui lòng nhập giá trị.", field=field)
    if value < 0 or value > MAX_VALUE:
        raise DomainError("Giá trị phải từ 0 đến 9.999.999.999,99.", field=field)
    if value != value.quantize(CENT):
        raise DomainError("Giá trị có tối đa 2 chữ số thập phân.", field=field)
    return value


def _value_of(session: Session, key_result: KeyResult, data: CheckInInput) -> Decimal:
    """The measured value for a key result from work (what the owner saw); the typed one otherwise."""
    if key_result.measured_by == "items":
        return work_figures(session, [key_result.id])[key_result.id].value.quantize(CENT)
    return _bounded(data.value, "value")


def _evidence(key_result: KeyResult, data: CheckInInput) -> dict:
    """Note and evidence, bounded; a typed value needs evidence (a document or a link)."""
    fields = {"note": tidy(data.note), "evidence_doc_number": tidy(data.evidence_doc_number),
              "evidence_link": tidy(data.evidence_link), "evidence_doc_date": data.evidence_doc_date}
    for name, limit in (("note", 1000), ("evidence_doc_number", 100), ("evidence_link", 500)):
        if len(fields[name]) > limit:
            raise DomainError(f"Tối đa {limit} ký tự.", field=name)
    link = fields["evidence_link"].lower()
    if link and not link.startswith(("http://", "https://")):
        raise DomainError("Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://.", field="evidence_link")
    if data.evidence_doc_date and data.evidence_doc_date > local_today():
        raise DomainError("Ngày văn bản không được sau hôm nay.", field="evidence_doc_date")
    if key_result.measured_by == "checkin" and not (fields["evidence_doc_number"] or fields["evidence_link"]):
        raise DomainError("Vui lòng nêu minh chứng: số, ký hiệu văn bản hoặc đường dẫn.", field="evidence_doc_number")
    return fields
