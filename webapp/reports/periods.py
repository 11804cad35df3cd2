"""The period a report covers, as typed: a month (11/2026), a quarter (Quý 4/2026) or a year (2026)."""
import re
from dataclasses import dataclass
from datetime import date

from ..clock import EARLIEST_DATE, LATEST_DATE
from ..errors import DomainError
from ..formatting import parse_vn_month
from ..months import month_key
from ..periods.service import last_day_of_month
from ..text import tidy


@dataclass(frozen=True)
class PeriodRange:
    """What a report covers: first and last day, its label, its key and whether it is a month, quarter or year."""

    first: date
    last: date
    label: str
    kind: str
    key: str


PERIOD_EXAMPLE = "ví dụ: 11/2026, Quý 4/2026 hoặc 2026"
_QUARTER = re.compile(r"(?:quý|quy|q)\s*([1-4])\s*(?:/|-|năm|nam)\s*(\d{4})")  # "Quý 4/2026", "q4-2026"
_ISO_QUARTER = re.compile(r"(\d{4})-q([1-4])")  # "2026-Q4", from links
_YEAR = re.compile(r"(?:năm|nam)?\s*(\d{4})")
_MONTH_WORD = re.compile(r"^(?:tháng|thang)\s*")


def parse_period(text: str) -> PeriodRange:
    """A month (11/2026, 2026-11), a quarter (Quý 4/2026, 2026-Q4) or a year (2026), years 2000–2100."""
    typed = tidy(text).lower()
    quarter = _QUARTER.fullmatch(typed) or _ISO_QUARTER.fullmatch(typed)
    year = _YEAR.fullmatch(typed)
    month = parse_vn_month(_MONTH_WORD.sub("", typed))
    if quarter:
        number, year_text = quarter.groups() if quarter.re is _QUARTER else quarter.groups()[::-1]
        span = _quarter(_bounded(int(year_text)), int(number))
    elif year:
        number = _bounded(int(year.group(1)))
        span = PeriodRange(date(number, 1, 1), date(number, 12, 31), f"Năm {number}", "year", str(number))
    elif month:
        _bounded(month.year)
        span = PeriodRange(month, last_day_of_month(month), f"Tháng {month:%m/%Y}", "month", month_key(month))
    else:
        raise DomainError(f"Kỳ báo cáo không hợp lệ ({PERIOD_EXAMPLE}).", field="period")
    return span


def _bounded(year: int) -> int:
    """The year, if within the dates the app accepts (2000–2100)."""
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise DomainError(f"Kỳ báo cáo phải trong các năm 2000–2100 ({PERIOD_EXAMPLE}).", field="period")
    return year


def _quarter(year: int, quarter: int) -> PeriodRange:
    """The three months of a quarter."""
    last = last_day_of_month(date(year, quarter * 3, 1))
    return PeriodRange(date(year, quarter * 3 - 2, 1), last, f"Quý {quarter} năm {year}", "quarter", f"{year}-Q{quarter}")


def period_range(key: str, report_kind: str) -> PeriodRange:
    """The period of a report: any of parse_period's for the evaluation summary, a month for the others."""
    span = parse_period(key)
    if report_kind == "okr":
        if span.kind == "month":
            raise DomainError("Bảng theo dõi mục tiêu, kết quả then chốt lập theo quý hoặc năm (ví dụ: Quý 4/2026 "
                              "hoặc 2026).", field="period")
        return span
    if report_kind != "summary" and span.kind != "month":
        raise DomainError("Mẫu này lập theo tháng: nhập kỳ dạng mm/yyyy (ví dụ: 11/2026). "
                          "Theo quý, năm: chọn Bảng tổng hợp đánh giá, xếp loại.", field="period")
    return span
