"""Reading a JSON payload field by field: every error is collected with its field, then one 422 problem."""
from datetime import date
from decimal import Decimal, InvalidOperation

from ..clock import EARLIEST_DATE, LATEST_DATE
from ..text import tidy
from .problems import ApiProblem, field_error

MISSING = object()


class Payload:
    """A JSON object being read: each accessor returns the value (or None) and notes what is wrong."""

    def __init__(self, body: dict, prefix: str = ""):
        self.body, self.prefix = body, prefix
        self.errors: list[dict] = []

    def _name(self, field: str) -> str:
        """The field's dotted path in the document."""
        return f"{self.prefix}{field}"

    def fail(self, field: str, detail: str, code: str = "invalid") -> None:
        """Note an error of a field."""
        self.errors.append(field_error(self._name(field), detail, code))

    def _get(self, field: str, required: bool):
        """The raw value, or MISSING (noting it when required); null counts as missing."""
        value = self.body.get(field, MISSING)
        if value is None:
            value = MISSING
        if value is MISSING and required:
            self.fail(field, "Trường này là bắt buộc.", "required")
        return value

    def text(self, field: str, *, required: bool = False, max_length: int = 200, default: str = "") -> str | None:
        """A string (cleaned and trimmed), at most max_length characters."""
        value = self._get(field, required)
        if value is MISSING:
            return None if required else default
        if not isinstance(value, str):
            self.fail(field, "Phải là chuỗi ký tự.", "type")
            return None
        value = tidy(value)
        if required and not value:
            self.fail(field, "Không được để trống.", "required")
            return None
        if len(value) > max_length:
            self.fail(field, f"Tối đa {max_length} ký tự.", "too_long")
            return None
        return value

    def date(self, field: str, *, required: bool = False) -> date | None:
        """An ISO 8601 date (YYYY-MM-DD)."""
        value = self._get(field, required)
        if value is MISSING:
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            self.fail(field, "Ngày theo ISO 8601: YYYY-MM-DD.", "type")
            return None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self.fail(field, "Ngày nằm ngoài khoảng cho phép.", "out_of_range")
            return None
        return day

    def decimal(self, field: str, *, required: bool = False, default: Decimal | None = None) -> Decimal | None:
        """A decimal given as a string ("1.50") or a JSON number."""
        value = self._get(field, required)
        if value is MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            self.fail(field, "Phải là số (chuỗi như \"1.50\" hoặc số JSON).", "type")
            return None
        try:
            number = Decimal(value.strip() if isinstance(value, str) else value)
        except (InvalidOperation, ValueError):
            self.fail(field, "Không phải số hợp lệ.", "type")
            return None
        if not number.is_finite():
            self.fail(field, "Không phải số hợp lệ.", "type")
            return None
        return number

    def object(self, field: str, *, required: bool = False) -> "Payload | None":
        """A nested object, read with its own accessors (its errors join this payload's)."""
        value = self._get(field, required)
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.fail(field, "Phải là một đối tượng JSON.", "type")
            return None
        nested = Payload(value, self._name(field) + ".")
        nested.errors = self.errors
        return nested

    def unknown(self, allowed: set[str]) -> None:
        """Note every field the schema does not know (a typo is refused, not silently ignored)."""
        for field in sorted(set(self.body) - allowed):
            self.fail(field, "Trường không được hỗ trợ.", "unknown_field")

    def done(self) -> None:
        """Raise the 422 problem listing every error noted, if any."""
        if self.errors:
            raise ApiProblem(422, "invalid_payload", "Dữ liệu gửi lên không hợp lệ; xem danh sách lỗi theo trường.",
                             list(self.errors))
