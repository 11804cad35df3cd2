"""Forms that write once: each add form carries a fresh token; the row keeps it under a unique key, so
the same form sent twice (a double click, two requests at once) is one row, and the second is told so."""
import re
import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from wtforms import HiddenField
from wtforms.validators import ValidationError

from .errors import DomainError

_TOKEN = re.compile(r"[0-9a-f]{32}")


class AlreadySent(DomainError):
    """The form was sent before and its row exists: nothing more is written."""

    status = 409


def new_token() -> str:
    """A fresh token for one form."""
    return secrets.token_hex(16)


def _well_formed(form, field) -> None:
    """A token is 32 hex digits, or absent (a client that sends none writes without the guard)."""
    if field.data and not _TOKEN.fullmatch(field.data):
        raise ValidationError("Biểu mẫu không hợp lệ. Vui lòng tải lại trang.")


def token_field() -> HiddenField:
    """The hidden form_token field: a new token on every freshly rendered form."""
    return HiddenField(default=new_token, validators=[_well_formed])


def duplicate_or(error: IntegrityError, session: Session, model, token: str | None, message: str) -> Exception:
    """What a failed insert means, for the caller to raise (the session already rolled back):
    AlreadySent when a row of the model carries the form's token, else the original error."""
    if token and session.exec(select(model.id).where(model.form_token == token)).first() is not None:
        return AlreadySent(message)
    return error
