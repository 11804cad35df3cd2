"""Assignments sent by a province's task-assignment system (POST /api/v1/assignments): created, updated or
cancelled by the system's own id, through the same checks as Giao việc. The assigning manager named in the
call must manage the assignee (scope.manages_person); the audit names the manager and the client."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import manages_person
from ..clock import utcnow
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..models import Assignment, CatalogueItem, DiaryEntry, ExternalAssignment, Person, UserAccount
from ..periods.service import require_open
from ..text import tidy
from . import service

STATUSES = ("active", "cancelled")
CHANGEABLE = ("person_id", "item_id", "quantity", "deadline", "note", "source")
MAX_EXTERNAL_ID = 100


@dataclass(frozen=True)
class ClientRef:
    """The calling integration client: its id, its name (for the audit) and the units it may act for."""

    id: int
    name: str
    unit_ids: frozenset[int]


class UnknownPerson(DomainError):
    """No active person with this national id or username (the API's problem code)."""

    code = "unknown_person"


class OutsideUnits(Forbidden):
    """The person works in a unit the client may not act for."""

    code = "unit_not_allowed"


class UnknownItem(DomainError):
    """No item of this code in the assignee's unit."""

    code = "unknown_item"


@dataclass(frozen=True)
class PersonKey:
    """A person as another system names them: national staff id or username."""

    national_id: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class ExternalAssignmentInput:
    """One assignment as the task-assignment system sends it (people by national id or username)."""

    external_id: str
    assignee: PersonKey
    assigned_by: PersonKey
    item_code: str
    quantity: Decimal | None
    deadline: date | None
    note: str = ""
    source: str = "document"
    status: str = "active"


def upsert(session: Session, client: ClientRef, data: ExternalAssignmentInput) -> tuple[Assignment, str]:
    """Create, update or cancel; (the assignment, "created" | "updated" | "cancelled" | "unchanged")."""
    _check_ids(data)
    assignee = find_person(session, client, data.assignee, "assignee")
    actor = manager_actor(session, find_person(session, client, data.assigned_by, "assigned_by"))
    if not manages_person(actor, assignee):
        raise Forbidden("Người giao việc không phải lãnh đạo trực tiếp hoặc thủ trưởng của người được giao.")
    link = _link(session, client.id, data.external_id)
    if link is not None:
        return _update(session, client, actor, link, assignee, data)
    if data.status == "cancelled":
        raise NotFound("Không có việc được giao với mã này để hủy.")
    return _create(session, client, actor, assignee, data)


def _create(session: Session, client: ClientRef, actor: Actor, assignee: Person,
            data: ExternalAssignmentInput) -> tuple[Assignment, str]:
    """A new assignment and its link, or (the same id sent at once by another call) an update of theirs."""
    terms = _terms(session, assignee, data)
    item, note = service.check_terms(session, actor, [assignee], terms)
    try:
        with session.begin_nested():
            row = service.create_row(session, actor, assignee, item, terms, note, _reason(client, data))
            session.add(ExternalAssignment(client_id=client.id, external_id=data.external_id, assignment_id=row.id))
            session.flush()
    except IntegrityError:
        # Another call with this id committed first (the unique key waited for it): ours updates theirs.
        link = _link(session, client.id, data.external_id)
        return _update(session, client, actor, link, assignee, data)
    session.commit()
    return row, "created"


def _update(session: Session, client: ClientRef, actor: Actor, link: ExternalAssignment, assignee: Person,
            data: ExternalAssignmentInput) -> tuple[Assignment, str]:
    """Cancel, or change what differs; a cancelled assignment stays cancelled (a new id assigns again)."""
    row = session.get(Assignment, link.assignment_id, with_for_update=True, populate_existing=True)
    if not manages_person(actor, session.get(Person, row.person_id)):
        raise Forbidden("Người giao việc không quản lý người đang được giao việc này.")
    if data.status == "cancelled":
        if row.cancelled_at is not None:
            return row, "unchanged"
        link.updated_at = utcnow()
        return service.cancel(session, actor, row.id), "cancelled"
    if row.cancelled_at is not None:
        raise Conflict("Việc này đã bị hủy; muốn giao lại xin gửi với mã mới.")
    terms = _terms(session, assignee, data)
    wanted = {"person_id": assignee.id, "item_id": terms.item_id, "quantity": terms.quantity,
              "deadline": terms.deadline, "note": tidy(data.note), "source": terms.source}
    changed = {name: value for name, value in wanted.items() if getattr(row, name) != value}
    if not changed:
        return row, "unchanged"
    _check_change(session, actor, row, assignee, terms, changed)
    before = snapshot(row, CHANGEABLE)
    for name, value in changed.items():
        setattr(row, name, value)
    link.updated_at = utcnow()
    record(session, actor, "assignment_updated", row, before, snapshot(row, CHANGEABLE),
           reason=_reason(client, data))
    session.commit()
    return row, "updated"


def _check_change(session: Session, actor: Actor, row: Assignment, assignee: Person,
                  terms: service.AssignmentInput, changed: dict) -> None:
    """The new terms pass Giao việc's checks; the old deadline's period is open too; once work was reported
    against it, the person and the item stay (the diary entries name them)."""
    service.check_terms(session, actor, [assignee], terms)
    require_open(session, row.unit_id, row.deadline)
    if {"person_id", "item_id"} & changed.keys() and session.execute(
            select(DiaryEntry.id).where(DiaryEntry.assignment_id == row.id).limit(1)).first():
        raise Conflict("Đã có kết quả công việc ghi theo việc này: không đổi người thực hiện hay sản phẩm; "
                       "hãy hủy và giao mới.")


def _terms(session: Session, assignee: Person, data: ExternalAssignmentInput) -> service.AssignmentInput:
    """The input of Giao việc: the item found by its code in the assignee's unit."""
    item = session.execute(select(CatalogueItem).where(
        CatalogueItem.unit_id == assignee.unit_id, CatalogueItem.code == data.item_code.strip())).scalars().first()
    if item is None:
        raise UnknownItem("Mã sản phẩm/công việc không có trong danh mục của cơ quan, đơn vị.", field="item_code")
    return service.AssignmentInput(person_ids=(assignee.id,), item_id=item.id, quantity=data.quantity,
                                   deadline=data.deadline, source=data.source, note=data.note)


def _reason(client: ClientRef, data: ExternalAssignmentInput) -> str:
    """The audit's reason: which client sent it, under which id."""
    return f"Hệ thống tích hợp: {client.name} (mã {data.external_id})"


def _check_ids(data: ExternalAssignmentInput) -> None:
    """The external id and the status."""
    if not data.external_id.strip() or len(data.external_id) > MAX_EXTERNAL_ID:
        raise DomainError(f"Mã việc của hệ thống giao việc phải có từ 1 đến {MAX_EXTERNAL_ID} ký tự.",
                          field="external_id")
    if data.status not in STATUSES:
        raise DomainError("Trạng thái chỉ nhận active hoặc cancelled.", field="status")


def _link(session: Session, client_id: int, external_id: str) -> ExternalAssignment | None:
    """The client's link for the id, locked until commit (two updates of one id take turns)."""
    return session.execute(select(ExternalAssignment).where(
        ExternalAssignment.client_id == client_id, ExternalAssignment.external_id == external_id)
        .with_for_update().execution_options(populate_existing=True)).scalars().first()


def find_person(session: Session, client: ClientRef, key: "PersonKey", field: str) -> Person:
    """An active person by national staff id (else username), within the client's units."""
    person = None
    if key.national_id:
        person = session.execute(select(Person).where(Person.national_id == key.national_id)).scalars().first()
    elif key.username:
        person = session.execute(select(Person).join(UserAccount, UserAccount.person_id == Person.id)
                                 .where(UserAccount.username == key.username.lower())).scalars().first()
    if person is None or not person.active:
        raise UnknownPerson("Không tìm thấy cán bộ, công chức đang công tác với mã định danh hoặc tên đăng nhập này.",
                            field=field)
    if person.unit_id not in client.unit_ids:
        raise OutsideUnits("Hệ thống tích hợp không được phép truy cập cơ quan, đơn vị này.", field=field)
    return person


def manager_actor(session: Session, person: Person) -> Actor:
    """The assigning manager as an actor: their active account, with the role Giao việc asks for."""
    account = session.execute(select(UserAccount).where(UserAccount.person_id == person.id)).scalars().first()
    if account is None or not account.active or account.role not in service.ASSIGNERS:
        raise DomainError("Người giao việc phải là lãnh đạo phòng hoặc thủ trưởng có tài khoản đang hoạt động.",
                          field="assigned_by")
    return Actor.from_account(account)
