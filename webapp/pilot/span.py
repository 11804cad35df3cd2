"""The months a pilot review covers, as typed in the picker: from ≤ to, at most 12 months, never in the future."""
from dataclasses import dataclass
from datetime import date

from ..errors import DomainError
from ..formatting import parse_vn_month
from ..months import month_key
from ..periods.service import last_day_of_month

MAX_MONTHS = 12
BAD = "Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 06/2026."


@dataclass(frozen=True)
class MonthSpan:
    """From the first day of the first month to the last day counted (the last month's end, or today)."""

    first: date
    last_month: date
    end: date

    @property
    def months(self) -> int:
        """How many months, both ends counted."""
        return months_between(self.first, self.last_month)

    @property
    def keys(self) -> tuple[str, str]:
        """("2026-06", "2026-07"): what job rows and links keep."""
        return month_key(self.first), month_key(self.last_month)

    @property
    def label(self) -> str:
        """"Tháng 07/2026" or "Từ tháng 06/2026 đến tháng 07/2026"."""
        if self.first == self.last_month:
            return f"Tháng {self.first:%m/%Y}"
        return f"Từ tháng {self.first:%m/%Y} đến tháng {self.last_month:%m/%Y}"


def months_between(first: date, last: date) -> int:
    """Months from first's to last's, both counted (1 for the same month)."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _month(text: str | None, field: str, what: str) -> date:
    """A typed month (mm/yyyy, or yyyy-mm from links), or the field's Vietnamese refusal."""
    if not (text or "").strip():
        raise DomainError(f"Vui lòng nhập {what} (mm/yyyy).", field=field)
    first = parse_vn_month(text)
    if first is None:
        raise DomainError(BAD, field=field)
    return first


def month_span(from_text: str | None, to_text: str | None, today: date) -> MonthSpan:
    """The span typed, checked in reading order; the current month counts up to today."""
    first = _month(from_text, "from_month", "tháng bắt đầu")
    last = _month(to_text, "to_month", "tháng kết thúc")
    this_month = today.replace(day=1)
    if first > this_month:
        raise DomainError(f"Tháng bắt đầu không được sau tháng hiện tại ({this_month:%m/%Y}).", field="from_month")
    if last > this_month:
        raise DomainError(f"Tháng kết thúc không được sau tháng hiện tại ({this_month:%m/%Y}).", field="to_month")
    if first > last:
        raise DomainError("Tháng bắt đầu phải trước hoặc trùng tháng kết thúc.", field="from_month")
    if months_between(first, last) > MAX_MONTHS:
        raise DomainError(f"Chỉ tổng hợp tối đa {MAX_MONTHS} tháng một lần (đã chọn {months_between(first, last)} "
                          "tháng).", field="to_month")
    return MonthSpan(first, last, min(last_day_of_month(last), today))


def default_span(today: date) -> tuple[str, str]:
    """The picker's first values: the current month and the two before it (mm/yyyy)."""
    this_month = today.replace(day=1)
    back = this_month.month - 3
    first = this_month.replace(year=this_month.year + (back // 12), month=back % 12 + 1)
    return f"{first:%m/%Y}", f"{this_month:%m/%Y}"
