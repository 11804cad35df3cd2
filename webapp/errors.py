"""Domain errors with Vietnamese messages, and the error pages."""
from flask import Flask, render_template, request
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
        return _page(error.status, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _page(error.code or 500, HTTP_MESSAGES.get(error.code or 500, error.description or ""))
