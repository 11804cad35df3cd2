"""The diary's input rules, checked by the services before any write.

The checks are pure: they judge what facts.py read in one round trip. Each raises a DomainError
in Vietnamese naming the form field it concerns, so the page can show the message next to that field.
"""
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal

from ..clock import local_today
from ..errors import DomainError
from ..formatting import vn_date
from ..text import tidy
from .evidence import Upload
from .facts import AssignmentFacts, ItemFacts

MAX_DAY_HOURS = Decimal("24")
HOUR_STEP = Decimal("0.25")
CENT = Decimal("0.01")
# What one entry or assignment can hold in a month: a person processing more records it in several entries;
# far below NUMERIC(12, 2), so that a slip of the finger (1e9, 1.000.000) is refused, not scored.
MAX_QUANTITY = Decimal("10000")
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
    form_token: str | None = None  # the add form's token (webapp/once.py)


def normalized(data: EntryInput) -> EntryInput:
    """The input with every text field in NFC."""
    texts = {f.name: tidy(getattr(data, f.name)) for f in fields(data) if f.type in (str, "str")}
    return replace(data, **texts)


def check_date(day: date, today: date, earliest: date, window: int) -> None:
    """The day lies within the window of working days back (from `earliest`), never in the future."""
    if day > today:
        raise DomainError("Không được ghi nhật ký cho ngày trong tương lai.", field="work_date")
    if day < earliest:
        raise DomainError(
            f"Chỉ được ghi, sửa nhật ký trong {window} ngày làm việc gần nhất (từ ngày {vn_date(earliest)}).",
            field="work_date",
        )


def check_quantity(quantity: Decimal | None) -> None:
    """Quantity > 0, at most MAX_QUANTITY, with at most two decimals."""
    if quantity is None or not quantity.is_finite() or quantity <= 0:
        raise DomainError("Số lượng phải lớn hơn 0.", field="quantity")
    if quantity > MAX_QUANTITY:
        raise DomainError("Số lượng tối đa 10.000 cho một mục; khối lượng lớn hơn xin ghi thành nhiều mục.",
                          field="quantity")
    if quantity != quantity.quantize(CENT):
        raise DomainError("Số lượng có tối đa 2 chữ số thập phân.", field="quantity")


def check_hours(hours: Decimal | None) -> None:
    """0 to 24 hours, in quarter-hour steps."""
    if hours is None or not hours.is_finite() or hours < 0 or hours > MAX_DAY_HOURS:
        raise DomainError("Số giờ phải từ 0 đến 24.", field="hours")
    if hours % HOUR_STEP:
        raise DomainError("Số giờ tính theo bước 15 phút (0,25 giờ), ví dụ 1,5 hoặc 2,75.", field="hours")


def check_day_total(day: date, others: Decimal, hours: Decimal) -> None:
    """All of a person's entries of a day (the others already written, and this one) total at most 24 hours."""
    if others + hours > MAX_DAY_HOURS:
        raise DomainError(
            f"Tổng số giờ trong ngày {vn_date(day)} vượt quá 24 giờ (đã ghi {_hours(others)} giờ).", field="hours"
        )


def _hours(value: Decimal) -> str:
    """Hours as Vietnamese text: 7.50 → "7,5"."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def check_item(item: ItemFacts | None, unit_id: int, day: date) -> ItemFacts:
    """An active item of the person's unit, in force on the day, applying to their position."""
    if item is None or item.unit_id != unit_id or not item.active:
        raise DomainError("Vui lòng chọn sản phẩm/công việc trong danh mục của cơ quan, đơn vị.", field="item_id")
    if day < item.effective_from or (item.effective_to and day > item.effective_to):
        raise DomainError("Sản phẩm/công việc này không còn hiệu lực vào ngày đã chọn.", field="item_id")
    if not item.applies:
        raise DomainError("Sản phẩm/công việc này không thuộc vị trí việc làm của bạn.", field="item_id")
    return item


def check_assignment(assignment: AssignmentFacts | None, wanted: int | None, person_id: int,
                     item: ItemFacts) -> AssignmentFacts | None:
    """The optional assignment: the person's own, not cancelled, for the same item."""
    if wanted is None:
        return None
    if assignment is None or assignment.person_id != person_id or assignment.cancelled:
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
