"""POST /api/v1/work-events: a document issued or a task finished in another system becomes a suggested
diary entry of its person, which they confirm or dismiss on their diary."""
from decimal import Decimal

from sqlmodel import Session, select

from ..db import get_session
from ..models import CatalogueItem, Person, Unit, UserAccount, WorkSuggestion
from ..worklog import suggestion_intake as intake
from . import openapi
from .caller import ApiCaller, audit_columns, current_caller, require_unit
from .payload import Payload
from .routes import answer, json_object, operation
from .work_event_schemas import SUGGESTION, WORK_EVENT

openapi.add_schema("WorkEvent", WORK_EVENT)
openapi.add_schema("WorkSuggestion", SUGGESTION)
CENT = Decimal("0.01")
FIELDS = {"external_id", "person", "date", "item_code", "document_type", "quantity", "summary", "document",
          "task_reference"}
_ANSWERS = {
    "201": {"description": "Đã tạo đề xuất", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/WorkSuggestion"}}}},
    "200": {"description": "Sự kiện đã nhận trước đó (cùng external_id): đề xuất đã có, không tạo thêm",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkSuggestion"}}}},
    "409": openapi.PROBLEM_REF,
}


@operation("POST", "/work-events", scope="work:write", tag="Công việc", request_schema="WorkEvent",
           summary="Gửi một văn bản đã ban hành hoặc nhiệm vụ đã hoàn thành", responses=_ANSWERS)
def post_work_event():
    """The event becomes a suggested diary entry (đề xuất từ hệ thống văn bản) of the person; the same
    external_id of the same client is one suggestion (the first event wins)."""
    event = read_event(json_object())
    shown, created = receive(get_session(), current_caller(), event)
    return answer(shown, 201 if created else 200)


def read_event(body: dict) -> intake.WorkEvent:
    """The event's fields, type-checked; a 422 problem listing every error."""
    payload = Payload(body)
    payload.unknown(FIELDS)
    external_id = payload.text("external_id", required=True, max_length=100)
    national_id, username = _person(payload)
    work_date = payload.date("date", required=True)
    item_code = payload.text("item_code", max_length=32, default="")
    document_type = payload.text("document_type", max_length=64, default="")
    if bool(item_code) == bool(document_type) and "item_code" not in _failed(payload):
        payload.fail("item_code", "Gửi đúng một trong hai: item_code hoặc document_type.", "item_or_type")
    quantity = payload.decimal("quantity", default=Decimal("1"))
    summary = payload.text("summary", max_length=2000, default="")
    number, doc_date, link = _document(payload)
    task = payload.text("task_reference", max_length=100, default="")
    if not number and not task and not _failed(payload) & {"document.number", "task_reference"}:
        payload.fail("document", "Cần số văn bản (document.number) hoặc mã nhiệm vụ (task_reference).",
                     "evidence_required")
    payload.done()
    return intake.WorkEvent(external_id, national_id, username, work_date, item_code or None, document_type or None,
                            quantity, summary, number or "", doc_date, link or "", task or "")


def _failed(payload: Payload) -> set[str]:
    """The fields already refused."""
    return {error["field"] for error in payload.errors}


def _person(payload: Payload) -> tuple[str | None, str | None]:
    """person.national_id or person.username (exactly one)."""
    person = payload.object("person", required=True)
    if person is None:
        return None, None
    person.unknown({"national_id", "username"})
    national_id = person.text("national_id", max_length=32)
    username = person.text("username", max_length=64)
    if not national_id and not username and not _failed(payload) & {"person.national_id", "person.username"}:
        payload.fail("person", "Cần mã định danh (national_id) hoặc tên đăng nhập (username).", "required")
    return national_id or None, (username or None) if not national_id else None


def _document(payload: Payload) -> tuple[str | None, object, str | None]:
    """document.number, .date, .link (all optional)."""
    document = payload.object("document")
    if document is None:
        return None, None, None
    document.unknown({"number", "date", "link"})
    return (document.text("number", max_length=100, default=""), document.date("date"),
            document.text("link", max_length=500, default=""))


def receive(session: Session, caller: ApiCaller, event: intake.WorkEvent) -> tuple[dict, bool]:
    """The suggestion for the event, as the answer shows it, and whether this call created it; nothing is
    written on a refusal."""
    found = intake.existing(session, caller.client_id, event.external_id)
    if found is not None:
        require_unit(caller, found.unit_id)
        return describe(session, found), False
    person = intake.person_of(session, event)
    require_unit(caller, person.unit_id, "person")
    item_id, item_code = intake.item_of(session, person.unit_id, event)
    intake.judge(session, person, item_id, event)
    values = intake.values_of(caller.client_id, person, item_id, event)
    new_id = intake.insert(session, values, audit_columns(
        caller, "work_suggestion_received", "worksuggestion", person.unit_id, {},
        {"external_id": event.external_id, "person_id": person.id, "item_id": item_id,
         "work_date": event.work_date, "quantity": event.quantity}))
    if new_id is None:  # a concurrent call with the same external id committed first
        session.rollback()
        return describe(session, intake.existing(session, caller.client_id, event.external_id)), False
    session.commit()
    return _shown({**values, "id": new_id}, person.unit_code, item_code, person.national_id, person.username), True


def describe(session: Session, suggestion: WorkSuggestion) -> dict:
    """A stored suggestion as the API shows it."""
    unit_code, item_code, national_id, username = session.exec(
        select(Unit.code, CatalogueItem.code, Person.national_id, UserAccount.username)
        .select_from(WorkSuggestion).join(Unit, Unit.id == WorkSuggestion.unit_id)
        .join(CatalogueItem, CatalogueItem.id == WorkSuggestion.item_id)
        .join(Person, Person.id == WorkSuggestion.person_id)
        .outerjoin(UserAccount, UserAccount.person_id == Person.id)
        .where(WorkSuggestion.id == suggestion.id)).one()
    values = {name: getattr(suggestion, name) for name in WorkSuggestion.model_fields}
    return _shown(values, unit_code, item_code, national_id, username)


def _shown(values: dict, unit_code: str, item_code: str, national_id: str | None, username: str | None) -> dict:
    """The answer's body from a suggestion's columns."""
    return {"id": values["id"], "external_id": values["external_id"], "status": values["status"],
            "unit_code": unit_code, "person": {"national_id": national_id, "username": username},
            "date": values["work_date"], "item_code": item_code, "document_type": values["document_type"] or None,
            "quantity": Decimal(values["quantity"]).quantize(CENT), "summary": values["description"],
            "document": {"number": values["evidence_doc_number"] or None, "date": values["evidence_doc_date"],
                         "link": values["evidence_link"] or None},
            "task_reference": values["task_reference"] or None, "created_at": values["created_at"]}
