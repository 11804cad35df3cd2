"""Reading one cell by its column's kind: typed values and the same values typed as text ("01/02/2026",
"1,5") are both accepted; anything else raises CellError with a Vietnamese reason."""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..clock import EARLIEST_DATE, LATEST_DATE
from ..forms import DATE_FORMATS, parse_vn_decimal
from ..text import fold, tidy
from .columns import Column, YES_NO


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


def read_cell(column: Column, value):
    """The cell's value as stored (text, int, Decimal, date, bool, list of codes), or CellError."""
    if isinstance(value, str):
        value = tidy(value)
    if value is None or value == "":
        if column.required:
            raise CellError("Không được để trống.")
        return _empty(column)
    return READERS[column.kind](column, value)


def _empty(column: Column):
    """What an empty optional cell means."""
    return {"int": None, "decimal": None, "date": None, "codes": []}.get(column.kind, "")


def _text(column: Column, value) -> str:
    """Text; an integral number typed in a text column becomes its digits (but not where zeros matter)."""
    if isinstance(value, (datetime, date, bool)):
        raise CellError("Phải là văn bản, không phải ngày hay giá trị đúng/sai.")
    if isinstance(value, (int, float, Decimal)):
        if column.keep_zeros:
            raise CellError("Ô đang ở dạng số nên đã mất các số 0 ở đầu: định dạng cột là Văn bản (Text) "
                            "rồi gõ lại mã.")
        if value != int(value):
            raise CellError("Phải là văn bản.")
        value = str(int(value))
    if len(value) > column.max_length:
        raise CellError(f"Dài {len(value)} ký tự, tối đa {column.max_length} ký tự.")
    return value


def _code(column: Column, value) -> str:
    """A code: text without spaces inside."""
    text = _text(column, value)
    if re.search(r"\s", text):
        raise CellError("Mã không được chứa dấu cách.")
    return text


def _bounded(column: Column, number: Decimal) -> Decimal:
    """Within the column's range."""
    if (column.low is not None and number < column.low) or (column.high is not None and number > column.high):
        raise CellError(f"Giá trị {_vn(number)} nằm ngoài khoảng cho phép ({_vn(column.low)} đến {_vn(column.high)}).")
    return number


def _vn(number: Decimal | None) -> str:
    """A number as Vietnamese write it (comma for decimals)."""
    return f"{number.normalize():f}".replace(".", ",") if number is not None else ""


def _decimal(column: Column, value) -> Decimal:
    """A number; text typed "1,5" or "1.5" is read the Vietnamese way."""
    if isinstance(value, bool) or isinstance(value, (datetime, date)):
        raise CellError("Phải là số.")
    if isinstance(value, str):
        try:
            number = parse_vn_decimal(value, column.places)
        except ValueError as error:
            raise CellError(str(error)) from None
    else:
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise CellError("Phải là số.") from None
        if not number.is_finite() or number.as_tuple().exponent < -column.places:
            raise CellError(f"Tối đa {column.places} chữ số thập phân.")
    return _bounded(column, number)


def _int(column: Column, value) -> int:
    """A whole number, typed or as text."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{1,9}", value):
            raise CellError("Phải là số nguyên không âm.")
        value = int(value)
    elif isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise CellError("Phải là số nguyên.")
    return int(_bounded(column, Decimal(int(value))))


def _date(column: Column, value) -> date:
    """A date cell, or text dd/mm/yyyy (or yyyy-mm-dd)."""
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        value = _parse_date(value)
    elif not isinstance(value, date):
        raise CellError("Phải là ngày theo định dạng dd/mm/yyyy.")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise CellError("Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100.")
    return value


def _parse_date(text: str) -> date:
    """dd/mm/yyyy typed as text."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(f"“{text[:20]}” không phải ngày hợp lệ (định dạng dd/mm/yyyy, ví dụ 01/02/2026).")


_LOOKUPS: dict[int, dict[str, object]] = {}  # id(column) → folded label → stored value (columns live for ever)


def _lookup(column: Column, choices: dict) -> dict[str, object]:
    """The column's folded labels and stored values, built once (tens of thousands of cells per file)."""
    if id(column) not in _LOOKUPS:
        _LOOKUPS[id(column)] = {**{fold(str(s)): s for s in choices if isinstance(s, str)},
                                **{fold(label): stored for stored, label in choices.items()}}
    return _LOOKUPS[id(column)]


def _choice(column: Column, value) -> str:
    """One of the column's labels (or stored values), case aside."""
    text = str(value)
    found = _lookup(column, column.choices).get(text if text.isascii() and text.islower() else fold(text))
    if found is None:
        raise CellError(f"“{text[:40]}” không có trong danh sách ({', '.join(column.choices.values())}).")
    return found


def _bool(column: Column, value) -> bool:
    """Có or Không."""
    if isinstance(value, bool):
        return value
    found = _lookup(column, YES_NO).get(fold(str(value)))
    if found is None:
        raise CellError("Chỉ ghi Có hoặc Không.")
    return found


def _codes(column: Column, value) -> list[str]:
    """Codes separated by ";" (or ","), or "*" for all."""
    text = _text(column, value)
    codes = [tidy(part) for part in re.split(r"[;,]", text) if tidy(part)]
    if "*" in codes and codes != ["*"]:
        raise CellError("Dấu * (mọi vị trí) không đi cùng các mã khác.")
    if not codes and column.required:
        raise CellError("Không được để trống.")
    return codes


READERS = {"text": _text, "code": _code, "int": _int, "decimal": _decimal, "date": _date, "choice": _choice,
           "bool": _bool, "codes": _codes}
