"""Field readers for the rule-set loader: typed values with a path in every error message."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from .errors import RuleSetError

_FREE_KEYS = frozenset({"notes", "legal_reference"})  # "notes" documents a choice in the data itself


class Block:
    """A mapping of the rule-set document, read field by field with clear errors."""

    __slots__ = ("data", "path")

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise RuleSetError(f"{path}: phải là một đối tượng JSON (mapping), nhận {type(data).__name__}")
        self.data = data
        self.path = path

    def only(self, *keys: str) -> None:
        """Refuse unknown keys, so that a misspelt field is not silently ignored."""
        unknown = sorted(set(self.data) - set(keys) - _FREE_KEYS)
        if unknown:
            raise RuleSetError(f"{self.path}: trường không được hỗ trợ: {', '.join(map(str, unknown))}")

    def raw(self, key: str) -> object:
        """The value of a required field."""
        if key not in self.data:
            raise RuleSetError(f"{self.path}.{key}: thiếu trường bắt buộc")
        return self.data[key]

    def fail(self, key: str, message: str) -> RuleSetError:
        """An error about one field."""
        return RuleSetError(f"{self.path}.{key}: {message}")

    def text(self, key: str) -> str:
        """A non-empty string."""
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "phải là chuỗi không rỗng")
        return value

    def ref(self) -> str:
        """The block's legal reference (mandatory: every value must say where it comes from)."""
        return self.text("legal_reference")

    def decimal(self, key: str, low: Decimal | None = None, high: Decimal | None = None,
                optional: bool = False) -> Decimal | None:
        """An exact decimal written as a string (or an integer), within [low, high]."""
        value = self.data.get(key) if optional else self.raw(key)
        if value is None and optional:
            return None
        number = _to_decimal(value)
        if number is None:
            raise self.fail(key, f"phải là số thập phân viết dạng chuỗi, ví dụ \"2.5\" (nhận {value!r})")
        if (low is not None and number < low) or (high is not None and number > high):
            raise self.fail(key, f"phải nằm trong khoảng [{low}, {high}] (nhận {number})")
        return number

    def integer(self, key: str, low: int) -> int:
        """An integer ≥ low."""
        value = self.raw(key)
        if type(value) is not int or value < low:
            raise self.fail(key, f"phải là số nguyên ≥ {low} (nhận {value!r})")
        return value

    def flag(self, key: str) -> bool:
        """A JSON boolean."""
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.fail(key, f"phải là true hoặc false (nhận {value!r})")
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        """One of a fixed list of strings."""
        value = self.raw(key)
        if value not in options:
            raise self.fail(key, f"phải là một trong {', '.join(options)} (nhận {value!r})")
        return value

    def texts(self, key: str, options: tuple[str, ...] | frozenset | None = None,
              allow_empty: bool = False) -> tuple[str, ...]:
        """A list of distinct strings, optionally from a fixed set."""
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, "phải là danh sách chuỗi")
        if (not value and not allow_empty) or len(set(value)) != len(value):
            raise self.fail(key, "không được rỗng và không được trùng lặp")
        bad = [item for item in value if options is not None and item not in options]
        if bad:
            raise self.fail(key, f"giá trị không hợp lệ {bad}; cho phép: {', '.join(sorted(options))}")
        return tuple(value)

    def day(self, key: str, optional: bool = False) -> date | None:
        """An ISO date (YYYY-MM-DD)."""
        value = self.data.get(key) if optional else self.raw(key)
        if value is None and optional:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(key, f"phải là ngày ISO YYYY-MM-DD (nhận {value!r})") from None

    def block(self, key: str) -> Block:
        """A nested object."""
        return Block(self.raw(key), f"{self.path}.{key}")

    def blocks(self, key: str) -> list[Block]:
        """A non-empty list of nested objects."""
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "phải là danh sách không rỗng")
        return [Block(item, f"{self.path}.{key}[{index}]") for index, item in enumerate(value)]


def _to_decimal(value: object) -> Decimal | None:
    """A finite Decimal from a string, an int or a Decimal; None otherwise (floats are refused)."""
    if isinstance(value, bool) or isinstance(value, float):
        return None  # a float has already lost exactness: the data must be a string
    try:
        number = value if isinstance(value, Decimal) else Decimal(value) if isinstance(value, (str, int)) else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None
