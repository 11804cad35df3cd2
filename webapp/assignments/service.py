"""Giao việc: a manager gives an item, a quantity and a deadline to people of their division (the
head: to anyone in the unit) and may cancel it. Each verb checks role and scope, writes the audit
log and commits once; no write lands in a closing or closed period (the deadline's month)."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from .. import once
from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import manages_person, require_role
from ..catalog.applies import applies_to
from ..catalog.versions import coefficient_on
from ..clock import local_today, utcnow
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..models import Assignment, CatalogueItem, Person
from ..periods.service import require_open
from ..text import tidy
from ..worklog.rules import check_quantity

ASSIGNERS = ("manager", "head")
SOURCES = {"plan": "Theo kế hoạch", "document": "Theo văn bản chỉ đạo", "adhoc": "Đột xuất"}
MAX_PEOPLE = 200
MAX_NOTE = 1000
MAX_AHEAD = timedelta(days=366)
SENT_TWICE = "Việc này đã được giao (biểu mẫu được gửi hai lần); không giao thêm."


@dataclass(frozen=True)
class AssignmentInput:
    """What the manager filled in: who, which item, how much, by when, why."""

    person_ids: tuple[int, ...]
    item_id: int | None
    quantity: Decimal | None
    deadline: date | None
    source: str = "adhoc"
    note: str = ""
    form_token: str | None = None  # the form's token (webapp/once.py)


def assign(session: Session, actor: Actor, data: AssignmentInput) -> list[Assignment]:
    """Giao việc: one assignment per chosen person, all or none."""
    require_role(actor, *ASSIGNERS)
    people = _assignees(session, actor, data.person_ids)
    item, note = check_terms(session, actor, people, data)
    try:
        rows = [create_row(session, actor, person, item, data, note) for person in people]
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise once.duplicate_or(error, session, Assignment, data.form_token, SENT_TWICE) from None
    return rows


def check_terms(session: Session, actor: Actor, people: list[Person],
                data: AssignmentInput) -> tuple[CatalogueItem, str]:
    """The item (applying to each person), quantity, deadline, source and note of an assignment, in an open
    period; the item and the tidied note (also for assignments sent by the task-assignment system)."""
    check_deadline(data.deadline)
    item = assignable_item(session, actor, data.item_id, data.deadline)
    for person in people:
        if not applies_to(session, item, person):
            raise DomainError(f"Sản phẩm/công việc này không thuộc vị trí việc làm của {person.full_name}.",
                              field="item_id")
    check_quantity(data.quantity)
    note = tidy(data.note)
    if data.source not in SOURCES:
        raise DomainError("Nguồn giao việc không hợp lệ.", field="source")
    if len(note) > MAX_NOTE:
        raise DomainError(f"Ghi chú tối đa {MAX_NOTE} ký tự.", field="note")
    require_open(session, actor.unit_id, data.deadline)
    return item, note


def create_row(session: Session, actor: Actor, person: Person, item: CatalogueItem, data: AssignmentInput,
               note: str, reason: str = "") -> Assignment:
    """One person's assignment with its audit record (the insert flushes here: a resent form fails here)."""
    row = Assignment(unit_id=person.unit_id, person_id=person.id, item_id=item.id, quantity=data.quantity,
                     coefficient=coefficient_on(session, item, local_today()), deadline=data.deadline,
                     source=data.source, note=note, assigned_by_id=actor.person_id, form_token=data.form_token or None)
    session.add(row)
    record(session, actor, "assignment_created", row, {}, snapshot(row), reason=reason)
    return row


def cancel(session: Session, actor: Actor, assignment_id: int) -> Assignment:
    """Hủy việc đã giao: the row stays (with cancelled_at) and drops out of the open lists."""
    require_role(actor, *ASSIGNERS)
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("Không tìm thấy việc được giao.")
    if not manages_person(actor, session.get(Person, assignment.person_id)):
        raise Forbidden("Chỉ lãnh đạo trực tiếp hoặc thủ trưởng cơ quan, đơn vị mới được hủy việc giao cho người này.")
    if assignment.source == "declared":
        raise DomainError("Việc tự kê khai đã được duyệt là kết quả công việc, không hủy được.")
    if assignment.cancelled_at is not None:
        raise DomainError("Việc này đã được hủy trước đó.")
    require_open(session, assignment.unit_id, assignment.deadline)
    before = snapshot(assignment, ("cancelled_at",))
    # Conditional: of two cancellations at once, the second finds nothing left to cancel.
    taken = session.execute(
        update(Assignment).where(Assignment.id == assignment.id, Assignment.cancelled_at.is_(None))
        .values(cancelled_at=utcnow()).execution_options(synchronize_session="fetch")
    ).rowcount
    if taken != 1:
        raise Conflict("Việc này vừa được người khác hủy. Vui lòng tải lại trang.")
    record(session, actor, "assignment_cancelled", assignment, before, snapshot(assignment, ("cancelled_at",)))
    session.commit()
    return assignment


def _assignees(session: Session, actor: Actor, person_ids: tuple[int, ...]) -> list[Person]:
    """The chosen people: at least one, each active and managed by the actor."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise DomainError("Vui lòng chọn ít nhất một người thực hiện.", field="person_ids")
    if len(ids) > MAX_PEOPLE:
        raise DomainError(f"Mỗi lần giao việc cho tối đa {MAX_PEOPLE} người.", field="person_ids")
    people = []
    for person_id in ids:
        person = session.get(Person, person_id)
        if person is None or not person.active or not manages_person(actor, person):
            raise DomainError("Chỉ giao việc được cho công chức thuộc phòng mình phụ trách "
                              "(thủ trưởng: trong cơ quan, đơn vị).", field="person_ids")
        people.append(person)
    return people


def check_deadline(deadline: date | None) -> None:
    """From today to a year ahead."""
    today = local_today()
    if deadline is None:
        raise DomainError("Vui lòng chọn hạn hoàn thành.", field="deadline")
    if deadline < today:
        raise DomainError("Hạn hoàn thành không được trước ngày hôm nay.", field="deadline")
    if deadline > today + MAX_AHEAD:
        raise DomainError("Hạn hoàn thành không quá một năm kể từ hôm nay.", field="deadline")


def assignable_item(session: Session, actor: Actor, item_id: int | None, deadline: date) -> CatalogueItem:
    """An active item of the actor's unit, in force today and until the deadline."""
    item = session.get(CatalogueItem, item_id) if item_id else None
    if item is None or item.unit_id != actor.unit_id or not item.active:
        raise DomainError("Vui lòng chọn sản phẩm/công việc trong danh mục của cơ quan, đơn vị.", field="item_id")
    if item.effective_from > deadline or (item.effective_to and item.effective_to < local_today()):
        raise DomainError("Sản phẩm/công việc này không còn hiệu lực trong thời hạn giao.", field="item_id")
    return item
