"""CSRF on every write: a form field or the X-CSRFToken header that htmx sends."""
from flask import Flask, g, request
from werkzeug.datastructures import MultiDict

from .errors import DomainError
from .forms import BaseForm, CsrfMeta

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfError(DomainError):
    """A write without a valid token is refused."""

    status = 400


class _TokenForm(BaseForm):
    """A form with only the CSRF field, to issue and check tokens."""

    class Meta(CsrfMeta):
        pass


def current_token() -> str:
    """The token for this session, for templates and hx-headers (signed once per request)."""
    if "csrf_token" not in g:
        g.csrf_token = _TokenForm().csrf_token.current_token
    return g.csrf_token


def _check_request() -> None:
    """Refuse any write whose token is missing or wrong, before a view runs."""
    g.pop("csrf_token", None)  # g outlives a request inside a longer app context (tests, CLI)
    if request.method in SAFE_METHODS or request.path.startswith("/api/"):
        return  # the API takes no cookie session: its bearer token is not sent by a browser on its own
    token = request.headers.get("X-CSRFToken") or request.form.get("csrf_token", "")
    form = _TokenForm(formdata=MultiDict({"csrf_token": token}))
    if not form.validate():
        raise CsrfError("Yêu cầu bị từ chối: thiếu hoặc sai mã bảo vệ biểu mẫu (CSRF). Vui lòng tải lại trang.")
    g.csrf_token = token  # just verified for this session: the forms of the answer may carry it on


def init_app(app: Flask) -> None:
    """Check every write; expose csrf_token() to templates."""
    app.before_request(_check_request)
    app.jinja_env.globals["csrf_token"] = current_token
