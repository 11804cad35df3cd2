"""Work events from the e-office become suggested diary entries (đề xuất từ hệ thống văn bản): the person,
the item (by code or by the unit's document-type mapping), the day and the evidence are checked; the same
external id of a client is one suggestion, also when sent twice at once (INSERT … ON CONFLICT DO NOTHING)."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy import bindparam
from sqlmodel import Session, select

from ..clock import local_today, utcnow
from ..errors import DomainError
from ..models import AuditLog, CatalogueItem, DocumentTypeMapping, Person, Unit, UserAccount, WorkSuggestion
from ..periods.service import STATE_LABELS
from . import facts, rules


class Refused(DomainError):
    """A work event refused with a machine code (the API's problem `code`)."""

    def __init__(self, message: str, code: str, field: str | None = None, status: int = 422):
        super().__init__(message, field)
        self.code, self.status = code, status


@dataclass(frozen=True)
class WorkEvent:
    """One event as the API read it (types already checked)."""

    external_id: str
    national_id: str | None
    username: str | None
    work_date: date
    item_code: str | None
    document_type: str | None
    quantity: Decimal
    description: str
    doc_number: str
    doc_date: date | None
    doc_link: str
    task_reference: str


def existing(session: Session, client_id: int, external_id: str) -> WorkSuggestion | None:
    """The suggestion an earlier call with this external id made."""
    return session.exec(select(WorkSuggestion).where(WorkSuggestion.client_id == client_id,
                                                     WorkSuggestion.external_id == external_id)).first()


@dataclass(frozen=True)
class PersonRef:
    """The person an event names, with what the answer shows of them."""

    id: int
    unit_id: int
    unit_code: str
    national_id: str | None
    username: str | None


_PERSON = (select(Person.id, Person.unit_id, Unit.code, Person.national_id, UserAccount.username)
           .join(Unit, Unit.id == Person.unit_id).outerjoin(UserAccount, UserAccount.person_id == Person.id)
           .where(Person.active))


def person_of(session: Session, event: WorkEvent) -> PersonRef:
    """The active person named by national staff id or username (one round trip), or a refusal."""
    if event.national_id:
        row = session.execute(_PERSON.where(Person.national_id == event.national_id)).first()
        field = "person.national_id"
    else:
        row = session.execute(_PERSON.where(UserAccount.username == event.username)).first()
        field = "person.username"
    if row is None:
        raise Refused("Không tìm thấy cán bộ, công chức đang công tác với mã định danh hoặc tên đăng nhập này.",
                      "unknown_person", field)
    return PersonRef(*row)


def item_of(session: Session, unit_id: int, event: WorkEvent) -> tuple[int, str]:
    """(id, code) of the item of the person's unit: by its code, or by what the unit maps the document type to."""
    if event.item_code:
        found = session.execute(select(CatalogueItem.id, CatalogueItem.code).where(
            CatalogueItem.unit_id == unit_id, CatalogueItem.code == event.item_code)).first()
        if found is None:
            raise Refused("Không có sản phẩm/công việc mã này trong danh mục của cơ quan, đơn vị.", "unknown_item",
                          "item_code")
        return tuple(found)
    found = session.execute(select(CatalogueItem.id, CatalogueItem.code)
                            .join(DocumentTypeMapping, DocumentTypeMapping.item_id == CatalogueItem.id)
                            .where(DocumentTypeMapping.unit_id == unit_id,
                                   DocumentTypeMapping.document_type == event.document_type)).first()
    if found is None:
        raise Refused("Cơ quan, đơn vị chưa gắn loại văn bản này với sản phẩm/công việc nào trong danh mục.",
                      "unmapped_document_type", "document_type")
    return tuple(found)


def judge(session: Session, person: PersonRef, item_id: int, event: WorkEvent) -> None:
    """The diary's rules that hold for a suggestion too: item of the unit, in force, of the position; the day
    not in the future, its month's period open; quantity and evidence within bounds."""
    if event.work_date > local_today():
        raise Refused("Ngày làm việc không được sau ngày hôm nay.", "future_date", "date")
    found = facts.load(session, person.id, event.work_date, item_id, None, local_today(), 5)
    try:
        rules.check_item(found.item, found.unit_id, event.work_date)
        rules.check_quantity(event.quantity)
        rules.check_evidence(rules.EntryInput(
            work_date=event.work_date, item_id=item_id, quantity=event.quantity, description=event.description,
            evidence_doc_number=event.doc_number, evidence_doc_date=event.doc_date, evidence_link=event.doc_link))
    except DomainError as error:
        raise Refused(error.message, "invalid_event", _api_field(error.field)) from None
    if found.period_state not in (None, "open"):
        raise Refused(f"Kỳ đánh giá tháng {event.work_date.month:02d}/{event.work_date.year} đang ở trạng thái "
                      f"“{STATE_LABELS[found.period_state]}”: không nhận thêm công việc.", "period_closed", "date", 409)


def _api_field(field: str | None) -> str | None:
    """The payload's name of a diary field."""
    return {"item_id": "item_code", "quantity": "quantity", "description": "summary",
            "evidence_doc_number": "document.number", "evidence_doc_date": "document.date",
            "evidence_link": "document.link", "work_date": "date"}.get(field or "", field)


def values_of(client_id: int, person: PersonRef, item_id: int, event: WorkEvent) -> dict:
    """The suggestion's columns."""
    return {"client_id": client_id, "external_id": event.external_id, "unit_id": person.unit_id,
            "person_id": person.id, "work_date": event.work_date, "item_id": item_id, "quantity": event.quantity,
            "document_type": event.document_type or "", "description": event.description,
            "evidence_doc_number": event.doc_number, "evidence_doc_date": event.doc_date,
            "evidence_link": event.doc_link, "task_reference": event.task_reference, "status": "pending",
            "created_at": utcnow()}


def insert(session: Session, values: dict, audit_row: dict) -> int | None:
    """Insert the suggestion and its audit record; its id, or None when the same external id was stored first
    (by a concurrent call: then nothing is written). PostgreSQL does both in one statement."""
    table = WorkSuggestion.__table__
    if session.get_bind().dialect.name == "postgresql":
        new = (pg_insert(table).values(values).on_conflict_do_nothing(index_elements=[table.c.client_id,
                                                                                     table.c.external_id])
               .returning(table.c.id).cte("new_suggestion"))
        log = AuditLog.__table__
        names = list(audit_row)
        row = select(*(bindparam(f"audit_{n}", audit_row[n], type_=log.c[n].type) for n in names), new.c.id)
        statement = log.insert().from_select([*names, "entity_id"], row).returning(log.c.entity_id)
        return session.connection().execute(statement).scalar()
    statement = (sqlite_insert(table).values(values)
                 .on_conflict_do_nothing(index_elements=[table.c.client_id, table.c.external_id])
                 .returning(table.c.id))
    new_id = session.connection().execute(statement).scalar()
    if new_id is not None:
        session.connection().execute(AuditLog.__table__.insert(), {**audit_row, "entity_id": new_id})
    return new_id
