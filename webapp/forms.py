"""The base form and the fields every form shares: session CSRF, Vietnamese messages, clean text,
bounded ids and dates, numbers typed the Vietnamese way; and how a view applies a form to a service."""
import re
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app, request, session
from werkzeug.datastructures import CombinedMultiDict
from wtforms import DateField, DecimalField, Form, IntegerField
from wtforms.csrf.session import SessionCSRF

from .clock import EARLIEST_DATE, LATEST_DATE
from .db import get_session
from .errors import DomainError
from .text import tidy

INT_MAX = 2**31 - 1  # PostgreSQL INTEGER: every id, version and count
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]  # shown and typed dd/mm/yyyy; hidden fields and links send ISO

VI_MESSAGES = {
    "This field is required.": "Trường này là bắt buộc.",
    "Not a valid decimal value.": "Giá trị không phải là số hợp lệ.",
    "Not a valid integer value.": "Giá trị không phải là số nguyên hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ (định dạng dd/mm/yyyy).",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Not a valid choice": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "CSRF token missing.": "Thiếu mã bảo vệ biểu mẫu (CSRF). Vui lòng tải lại trang.",
    "Invalid CSRF Token.": "Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang.",
    "CSRF failed.": "Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang.",
    "CSRF token expired.": "Mã bảo vệ biểu mẫu (CSRF) đã hết hạn. Vui lòng tải lại trang.",
    "Invalid URL.": "Đường dẫn không hợp lệ.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Tối đa %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Cần đúng %(max)d ký tự.",
    "Field must be exactly %(max)d characters long.": "Cần đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Cần từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Giá trị nhỏ nhất là %(min)s.",
    "Number must be at most %(max)s.": "Giá trị lớn nhất là %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Giá trị phải từ %(min)s đến %(max)s.",
}


class CsrfMeta:
    """WTForms' session CSRF: a token signed with the app's secret, valid for 12 hours."""

    csrf = True
    csrf_class = SessionCSRF
    csrf_time_limit = timedelta(hours=12)

    @property
    def csrf_secret(self) -> bytes:
        return current_app.config["SECRET_KEY"].encode()

    @property
    def csrf_context(self):
        return session


class VietnameseTranslations:
    """gettext for WTForms' built-in messages."""

    def gettext(self, string: str) -> str:
        """Translate one message, or keep it when unknown."""
        return VI_MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a counted message."""
        return self.gettext(singular if n == 1 else plural)


def clean_input(value):
    """Typed text cleaned (NFC, no control characters) and trimmed; other values unchanged."""
    return tidy(value) if isinstance(value, str) else value


class BaseForm(Form):
    """Every form: Vietnamese messages, clean text. CSRF is checked once per request for every write
    (webapp/csrf.py), so the forms do not check it again."""

    class Meta:
        def get_translations(self, form):
            return VietnameseTranslations()

        def bind_field(self, form, unbound_field, options):
            # Pass the filters to this binding only: the unbound field is shared by every instance of
            # the form class, and growing its kwargs added one more filter per form ever created.
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=(clean_input, *filters), **options)


def db_int(text: str) -> int:
    """A query-string id or count that fits the database (for request.args.get(..., type=db_int))."""
    number = int(text)
    if not 0 <= number <= INT_MAX:
        raise ValueError("out of range")
    return number


def parse_iso_day(text: str) -> date:
    """A query-string date (yyyy-mm-dd) inside the app's range (for request.args.get(..., type=parse_iso_day))."""
    day = date.fromisoformat(text[:10])
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError("out of range")
    return day


class IntField(IntegerField):
    """A non-negative integer that fits PostgreSQL's INTEGER (ids, versions, counts)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not 0 <= self.data <= INT_MAX:
            self.data = None
            raise ValueError("Giá trị nằm ngoài khoảng cho phép.")


class VnDateField(DateField):
    """A date typed dd/mm/yyyy (ISO from links and hidden fields), between 2000 and 2100."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=DATE_FORMATS, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not EARLIEST_DATE <= self.data <= LATEST_DATE:
            self.data = None
            raise ValueError("Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100.")


# One optional separator, a comma or a point; no sign, no exponent, no grouping.
_PLAIN_DECIMAL = re.compile(r"(\d+)(?:[.,](\d+))?")


def parse_vn_decimal(text: str, max_places: int = 4) -> Decimal:
    """ "2,5" or "2.5" → 2.5; anything else (1e9, 1.000.000, "1.000", NaN, -1) raises ValueError with
    the Vietnamese message saying how to type the number."""
    match = _PLAIN_DECIMAL.fullmatch(text.strip())
    if match is None:
        raise ValueError("Số không hợp lệ: chỉ gõ chữ số, dùng dấu phẩy cho phần thập phân (ví dụ 2,5), "
                         "không dùng dấu phân cách hàng nghìn hay ký hiệu mũ.")
    whole, fraction = match.groups()
    if fraction and len(fraction) == 3 and whole.lstrip("0"):
        # "1.000" is one thousand in Vietnamese notation and one in English: refuse rather than guess.
        raise ValueError(f"“{text.strip()}” dễ nhầm với số có dấu phân cách hàng nghìn: "
                         f"viết {whole}{fraction} nếu là số nghìn, hoặc bỏ số 0 thừa ở cuối nếu là số thập phân.")
    if fraction and len(fraction) > max_places:
        raise ValueError(f"Tối đa {max_places} chữ số thập phân.")
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


class VnDecimalField(DecimalField):
    """A decimal typed the Vietnamese way ("2,5") or with a point ("2.5"), refused otherwise."""

    def __init__(self, label=None, validators=None, max_places: int = 4, **kwargs):
        kwargs.setdefault("places", None)
        super().__init__(label, validators, **kwargs)
        self.max_places = max_places

    def process_formdata(self, valuelist):
        """Read the first value strictly; an empty value is no data."""
        self.data = None
        if valuelist and valuelist[0].strip():
            self.data = parse_vn_decimal(valuelist[0], self.max_places)

    def _value(self):
        """Shown back as typed (with a comma) after an error, or the stored value with a comma."""
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data.normalize():f}".replace(".", ",")


def apply_form(form, action):
    """Validate, then call the service; a refusal naming a field becomes that field's error (None)."""
    if not form.validate():
        return None
    try:
        return action()
    except DomainError as refusal:
        get_session().rollback()
        field = getattr(form, refusal.field, None) if refusal.field else None
        if type(refusal) is not DomainError or field is None:
            raise
        field.errors = [*field.errors, refusal.message]
        return None


def bind(form_class, **kw):
    """A form on the posted data and files (the CSRF token was checked before the view: webapp/csrf.py)."""
    return form_class(CombinedMultiDict([request.form, request.files]) if request.files else request.form, **kw)
