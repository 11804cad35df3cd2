"""POST /api/v1/work-events: a document issued or a task finished in another system becomes a suggested
diary entry of its person, which they confirm or dismiss on their diary."""
from decimal import Decimal

from sqlmodel import Session, select

from ..db import get_session
from ..models import CatalogueItem, Person, Unit, UserAccount, WorkSuggestion
from ..worklog import suggestion_intake as intake
from . import openapi
from .caller import ApiCaller, audit_call, current_caller, require_unit
from .payload import Payload
from .problems import ApiProblem
from .routes import answer, json_object, operation
from .work_event_schemas import SUGGESTION, WORK_EVENT

openapi.add_schema("WorkEvent", WORK_EVENT)
openapi.add_schema("WorkSuggestion", SUGGESTION)
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
    suggestion, created = receive(get_session(), current_caller(), event)
    return answer(describe(get_session(), suggestion), 201 if created else 200)


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


def receive(session: Session, caller: ApiCaller, event: intake.WorkEvent) -> tuple[WorkSuggestion, bool]:
    """The suggestion for the event and whether this call created it; nothing is written on a refusal."""
    found = intake.existing(session, caller.client_id, event.external_id)
    if found is not None:
        require_unit(caller, found.unit_id)
        return found, False
    person = intake.person_of(session, event)
    require_unit(caller, person.unit_id, "person")
    item_id = intake.item_id_of(session, person.unit_id, event)
    intake.judge(session, person, item_id, event)
    new_id = intake.insert(session, caller.client_id, person, item_id, event)
    if new_id is None:  # a concurrent call with the same external id committed first
        session.rollback()
        return intake.existing(session, caller.client_id, event.external_id), False
    audit_call(session, caller, "work_suggestion_received", "worksuggestion", new_id, person.unit_id, {},
               {"external_id": event.external_id, "person_id": person.id, "item_id": item_id,
                "work_date": event.work_date, "quantity": event.quantity})
    session.commit()
    return session.get(WorkSuggestion, new_id), True


def describe(session: Session, suggestion: WorkSuggestion) -> dict:
    """The suggestion as the API shows it."""
    if suggestion is None:
        raise ApiProblem(500, "internal_error", "Không đọc được đề xuất vừa ghi.")
    unit_code, item_code, national_id, username = session.exec(
        select(Unit.code, CatalogueItem.code, Person.national_id, UserAccount.username)
        .select_from(WorkSuggestion).join(Unit, Unit.id == WorkSuggestion.unit_id)
        .join(CatalogueItem, CatalogueItem.id == WorkSuggestion.item_id)
        .join(Person, Person.id == WorkSuggestion.person_id)
        .outerjoin(UserAccount, UserAccount.person_id == Person.id)
        .where(WorkSuggestion.id == suggestion.id)).one()
    return {"id": suggestion.id, "external_id": suggestion.external_id, "status": suggestion.status,
            "unit_code": unit_code, "person": {"national_id": national_id, "username": username},
            "date": suggestion.work_date, "item_code": item_code, "document_type": suggestion.document_type or None,
            "quantity": suggestion.quantity, "summary": suggestion.description,
            "document": {"number": suggestion.evidence_doc_number or None, "date": suggestion.evidence_doc_date,
                         "link": suggestion.evidence_link or None},
            "task_reference": suggestion.task_reference or None, "created_at": suggestion.created_at}
