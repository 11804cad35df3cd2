"""The diary's input rules, checked by the services before any write.

Each check raises a DomainError in Vietnamese naming the form field it concerns, so the page
can show the message next to that field.
"""
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from ..errors import DomainError
from ..formatting import LOCAL_TZ, vn_date
from ..models import Assignment, CatalogueItem, CatalogueItemPosition, DiaryEntry, Person
from ..workdays import earliest_allowed
from .evidence import Upload

MAX_DAY_HOURS = Decimal("24")
HOUR_STEP = Decimal("0.25")
CENT = Decimal("0.01")
MAX_QUANTITY = Decimal("9999999999.99")  # NUMERIC(12, 2)
TEXT_LIMITS = {"description": 2000, "evidence_doc_number": 100, "evidence_link": 500}


@dataclass(frozen=True)
class EntryInput:
    """What the author typed for one diary entry."""

    work_date: date
    item_id: int
    quantity: Decimal
    hours: Decimal = Decimal("0")
    description: str = ""
    evidence_doc_number: str = ""
    evidence_doc_date: date | None = None
    evidence_link: str = ""
    assignment_id: int | None = None
    evidence_file: Upload | None = None  # a new file to attach
    remove_evidence_file: bool = False


def local_today() -> date:
    """Today in Asia/Ho_Chi_Minh, the calendar the staff live by."""
    return datetime.now(LOCAL_TZ).date()


def nfc(value: str | None) -> str:
    """Text normalized to NFC and trimmed (decomposed marks print badly)."""
    return unicodedata.normalize("NFC", value or "").strip()


def normalized(data: EntryInput) -> EntryInput:
    """The input with every text field in NFC."""
    texts = {f.name: nfc(getattr(data, f.name)) for f in fields(data) if f.type in (str, "str")}
    return replace(data, **texts)


def check_date(session: Session, day: date, window: int, today: date | None = None) -> None:
    """The day lies within the window of working days back, never in the future."""
    today = today or local_today()
    if day > today:
        raise DomainError("Không được ghi nhật ký cho ngày trong tương lai.", field="work_date")
    earliest = earliest_allowed(session, today, window)
    if day < earliest:
        raise DomainError(
            f"Chỉ được ghi, sửa nhật ký trong {window} ngày làm việc gần nhất (từ ngày {vn_date(earliest)}).",
            field="work_date",
        )


def check_quantity(quantity: Decimal | None) -> None:
    """Quantity > 0 with at most two decimals."""
    if quantity is None or not quantity.is_finite() or quantity <= 0:
        raise DomainError("Số lượng phải lớn hơn 0.", field="quantity")
    if quantity != quantity.quantize(CENT) or quantity > MAX_QUANTITY:
        raise DomainError("Số lượng có tối đa 2 chữ số thập phân.", field="quantity")


def check_hours(hours: Decimal | None) -> None:
    """0 to 24 hours, in quarter-hour steps."""
    if hours is None or not hours.is_finite() or hours < 0 or hours > MAX_DAY_HOURS:
        raise DomainError("Số giờ phải từ 0 đến 24.", field="hours")
    if hours % HOUR_STEP:
        raise DomainError("Số giờ tính theo bước 15 phút (0,25 giờ), ví dụ 1,5 hoặc 2,75.", field="hours")


def check_day_total(session: Session, person_id: int, day: date, hours: Decimal, entry_id: int | None) -> None:
    """All of a person's entries of a day total at most 24 hours."""
    others = select(func.coalesce(func.sum(DiaryEntry.hours), 0)).where(
        DiaryEntry.person_id == person_id, DiaryEntry.work_date == day
    )
    if entry_id is not None:
        others = others.where(DiaryEntry.id != entry_id)
    used = Decimal(session.exec(others).one())
    if used + hours > MAX_DAY_HOURS:
        raise DomainError(
            f"Tổng số giờ trong ngày {vn_date(day)} vượt quá 24 giờ (đã ghi {_hours(used)} giờ).", field="hours"
        )


def _hours(value: Decimal) -> str:
    """Hours as Vietnamese text: 7.50 → "7,5"."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def check_item(session: Session, person: Person, item_id: int | None, day: date) -> CatalogueItem:
    """An active item of the person's unit, in force on the day, applying to their position."""
    item = session.get(CatalogueItem, item_id) if item_id else None
    if item is None or item.unit_id != person.unit_id or not item.active:
        raise DomainError("Vui lòng chọn sản phẩm/công việc trong danh mục của cơ quan, đơn vị.", field="item_id")
    if day < item.effective_from or (item.effective_to and day > item.effective_to):
        raise DomainError("Sản phẩm/công việc này không còn hiệu lực vào ngày đã chọn.", field="item_id")
    if not applies_to(session, item, person):
        raise DomainError("Sản phẩm/công việc này không thuộc vị trí việc làm của bạn.", field="item_id")
    return item


def applies_to(session: Session, item: CatalogueItem, person: Person) -> bool:
    """True when the item applies to every position or is linked to the person's."""
    if item.applies_to_all:
        return True
    if person.position_id is None:
        return False
    return session.get(CatalogueItemPosition, (item.id, person.position_id)) is not None


def check_assignment(session: Session, person: Person, assignment_id: int | None, item: CatalogueItem):
    """The optional assignment: the person's own, not cancelled, for the same item."""
    if assignment_id is None:
        return None
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or assignment.person_id != person.id or assignment.cancelled_at is not None:
        raise DomainError("Nhiệm vụ được giao không hợp lệ.", field="assignment_id")
    if assignment.item_id != item.id:
        raise DomainError("Nhiệm vụ được giao là sản phẩm/công việc khác với mục đã chọn.", field="assignment_id")
    return assignment


def check_evidence(data: EntryInput, today: date | None = None) -> None:
    """Text lengths, an http(s) link, and a document date not in the future."""
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(data, name)) > limit:
            raise DomainError(f"Tối đa {limit} ký tự.", field=name)
    link = data.evidence_link.lower()
    if link and not (link.startswith("http://") or link.startswith("https://")):
        raise DomainError("Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://.", field="evidence_link")
    if data.evidence_doc_date and data.evidence_doc_date > (today or local_today()):
        raise DomainError("Ngày văn bản không được sau ngày hôm nay.", field="evidence_doc_date")
