"""The month vocabulary: a month's key ("2026-11") and the one parser of a typed month."""
from datetime import date

from .errors import DomainError
from .formatting import parse_vn_month

BAD_MONTH = "Tháng không hợp lệ (định dạng mm/yyyy, ví dụ 11/2026)."


def month_key(day: date) -> str:
    """The key of the day's month, as periods and summaries store it: "2026-11"."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: str | None, field: str | None = None) -> date:
    """"11/2026" (or "2026-11" from links) → 1 Nov 2026, within 2000–2100; a Vietnamese refusal otherwise."""
    first = parse_vn_month(text)
    if first is None:
        raise DomainError(BAD_MONTH, field=field)
    return first
