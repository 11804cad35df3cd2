"""Domain errors with Vietnamese messages, and the error pages."""
import logging

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A refused action; the message is shown to the user as is."""

    status = 422

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Forbidden(DomainError):
    """The actor's role or scope does not allow this."""

    status = 403


class NotFound(DomainError):
    """The thing does not exist (or is not visible)."""

    status = 404


class Conflict(DomainError):
    """Someone else changed the record first (optimistic version check)."""

    status = 409


class Unavailable(DomainError):
    """A service the action needs (the queue) is down; what could be kept was kept."""

    status = 503


HTTP_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy trang hoặc dữ liệu yêu cầu.",
    405: "Phương thức không được hỗ trợ.",
    413: "Tệp tải lên quá lớn (tối đa 10 MB).",
    500: "Hệ thống gặp lỗi. Vui lòng thử lại sau.",
}


def _page(status: int, message: str):
    """An error as a small page, or as a fragment for htmx."""
    if request.headers.get("HX-Request") == "true":
        # Only the out-of-band message is swapped; the request's own target stays as it was.
        html = render_template("errors/_message.html", status=status, message=message)
        return html, status, {"HX-Reswap": "none"}
    return render_template("errors/page.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    """Render domain and HTTP errors in Vietnamese."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        if _api():
            from .api.problems import from_domain

            return from_domain(error)
        return _page(error.status, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if _api():
            return _api_http_error(error)
        if status >= 500:
            return _server_error(status)
        return _page(status, HTTP_MESSAGES.get(status, error.description or ""))


def _api() -> bool:
    """An API request: every failure is a problem document, never an HTML page."""
    return request.path.startswith("/api/")


def _api_http_error(error: HTTPException):
    """An HTTP failure of the API (a 500 after dropping the request's session, as for pages)."""
    from .api.problems import from_http

    if (error.code or 500) >= 500:
        _drop_session()
    return from_http(error)


def _server_error(status: int):
    """The error page after a failure that may have broken the request's session (a database restart): drop that
    session, show the user if they can still be loaded, else the page without them; never a second exception."""
    from flask_login import AnonymousUserMixin, current_user

    _drop_session()
    try:
        current_user.is_authenticated  # loads the user on a new session
    except Exception:  # noqa: BLE001 - the database is still down: the page goes without the user
        _drop_session()
        g._login_user = AnonymousUserMixin()
    try:
        return _page(status, HTTP_MESSAGES[500])
    except Exception:  # noqa: BLE001 - last resort: still Vietnamese, still no traceback
        return HTTP_MESSAGES[500], status, {"Content-Type": "text/plain; charset=utf-8"}


def _drop_session() -> None:
    """Close the request's session, whatever state its connection is in."""
    from .db import close_session

    try:
        close_session()
    except Exception:  # noqa: BLE001 - the connection is gone; the pool replaces it
        logging.getLogger(__name__).warning("Không đóng được phiên cơ sở dữ liệu lỗi.", exc_info=True)
