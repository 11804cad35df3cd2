"""POST /api/v1/assignments: the task-assignment system creates, updates or cancels an assignment by its own
id; the service is Giao việc's (assignments.external), with the assigning manager as the actor."""
from decimal import Decimal

from sqlmodel import Session, select

from ..assignments.external import ClientRef, ExternalAssignmentInput, PersonKey, upsert
from ..db import get_session
from ..models import Assignment, CatalogueItem, Person, Unit, UserAccount
from . import openapi
from .caller import current_caller
from .outbound_schemas import ASSIGNMENT, ASSIGNMENT_IN
from .payload import Payload
from .routes import answer, json_object, operation

openapi.add_schema("AssignmentIn", ASSIGNMENT_IN)
openapi.add_schema("Assignment", ASSIGNMENT)
FIELDS = set(ASSIGNMENT_IN["properties"])
CENT = Decimal("0.01")  # quantities are NUMERIC(12, 2): "3.00" whether just sent as "3" or read back
_ONE = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Assignment"}}}}
_ANSWERS = {"201": {"description": "Đã giao việc mới", **_ONE},
            "200": {"description": "Đã cập nhật, đã hủy, hoặc không có gì thay đổi (outcome)", **_ONE},
            "404": openapi.PROBLEM_REF, "409": openapi.PROBLEM_REF}


@operation("POST", "/assignments", scope="assignments:write", tag="Giao việc", request_schema="AssignmentIn",
           summary="Giao, cập nhật hoặc hủy một việc từ hệ thống giao việc", responses=_ANSWERS)
def post_assignment():
    """The same external_id is one assignment: sent again with other values it is updated, with status
    "cancelled" it is cancelled; a refusal (4xx problem) changes nothing."""
    data = read_assignment(json_object())
    caller = current_caller()
    session = get_session()
    row, outcome = upsert(session, ClientRef(caller.client_id, caller.name, caller.unit_ids), data)
    # audited by the service: the assigning manager as the actor, the client and its id in the reason
    return answer(describe(session, row, data.external_id, outcome), 201 if outcome == "created" else 200)


def read_assignment(body: dict) -> ExternalAssignmentInput:
    """The fields, type-checked; a 422 problem listing every error."""
    payload = Payload(body)
    payload.unknown(FIELDS)
    external_id = payload.text("external_id", required=True, max_length=100)
    assignee, assigned_by = _person(payload, "assignee"), _person(payload, "assigned_by")
    item_code = payload.text("item_code", required=True, max_length=32)
    quantity = payload.decimal("quantity", required=True)
    deadline = payload.date("deadline", required=True)
    note = payload.text("note", max_length=1000, default="")
    source = payload.text("source", max_length=16, default="document")
    status = payload.text("status", max_length=16, default="active")
    for field, value, allowed in (("source", source, ("plan", "document", "adhoc")),
                                  ("status", status, ("active", "cancelled"))):
        if value is not None and value not in allowed:
            payload.fail(field, f"Chỉ nhận: {', '.join(allowed)}.", "enum")
    payload.done()
    return ExternalAssignmentInput(external_id, assignee, assigned_by, item_code, quantity, deadline, note, source,
                                   status)


def _person(payload: Payload, field: str) -> PersonKey | None:
    """{national_id} or {username}."""
    person = payload.object(field, required=True)
    if person is None:
        return None
    person.unknown({"national_id", "username"})
    national_id, username = person.text("national_id", max_length=32), person.text("username", max_length=64)
    if not national_id and not username:
        payload.fail(field, "Cần mã định danh (national_id) hoặc tên đăng nhập (username).", "required")
    return PersonKey(national_id or None, None if national_id else username or None)


def _key_of(session: Session, person_id: int | None) -> dict:
    """A person as the API names them."""
    if person_id is None:
        return {"national_id": None, "username": None}
    national_id, username = session.exec(select(Person.national_id, UserAccount.username).outerjoin(
        UserAccount, UserAccount.person_id == Person.id).where(Person.id == person_id)).one()
    return {"national_id": national_id, "username": username}


def describe(session: Session, row: Assignment, external_id: str, outcome: str) -> dict:
    """The assignment as the API shows it."""
    unit_code = session.exec(select(Unit.code).where(Unit.id == row.unit_id)).one()
    item_code = session.exec(select(CatalogueItem.code).where(CatalogueItem.id == row.item_id)).one()
    return {"id": row.id, "external_id": external_id, "status": "cancelled" if row.cancelled_at else "active",
            "outcome": outcome, "unit_code": unit_code, "assignee": _key_of(session, row.person_id),
            "assigned_by": _key_of(session, row.assigned_by_id), "item_code": item_code,
            "quantity": row.quantity.quantize(CENT),
            "deadline": row.deadline, "note": row.note, "source": row.source, "cancelled_at": row.cancelled_at}

