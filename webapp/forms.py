"""The base form: session CSRF and Vietnamese messages (WTForms ships no Vietnamese)."""
import unicodedata
from datetime import timedelta

from flask import current_app, session
from wtforms import Form
from wtforms.csrf.session import SessionCSRF

VI_MESSAGES = {
    "This field is required.": "Trường này là bắt buộc.",
    "Not a valid decimal value.": "Giá trị không phải là số hợp lệ.",
    "Not a valid integer value.": "Giá trị không phải là số nguyên hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ (định dạng dd/mm/yyyy).",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "CSRF token missing.": "Thiếu mã bảo vệ biểu mẫu (CSRF). Vui lòng tải lại trang.",
    "Invalid CSRF Token.": "Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang.",
    "CSRF failed.": "Mã bảo vệ biểu mẫu (CSRF) không hợp lệ. Vui lòng tải lại trang.",
    "CSRF token expired.": "Mã bảo vệ biểu mẫu (CSRF) đã hết hạn. Vui lòng tải lại trang.",
    "Invalid URL.": "Đường dẫn không hợp lệ.",
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


def nfc(value):
    """Normalize text input to NFC and trim it (decomposed marks print badly)."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


class BaseForm(Form):
    """Every form: Vietnamese messages, NFC text. CSRF is checked once per request for every write
    (webapp/csrf.py), so the forms do not check it again."""

    class Meta:
        def get_translations(self, form):
            return VietnameseTranslations()

        def bind_field(self, form, unbound_field, options):
            # Pass the filters to this binding only: the unbound field is shared by every instance of
            # the form class, and growing its kwargs added one more nfc per form ever created.
            filters = unbound_field.kwargs.get("filters", ())
            return unbound_field.bind(form=form, filters=(nfc, *filters), **options)
