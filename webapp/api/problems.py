"""Every failure of the API as an RFC 9457 problem document (application/problem+json), never an HTML page."""
from flask import Response, json, request
from werkzeug.exceptions import HTTPException

from ..errors import DomainError

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://okr-kpi.thanhhoa.gov.vn/problems/"  # documentation of each code, not fetched by clients
API_PREFIX = "/api/"

TITLES = {
    400: "Yêu cầu không hợp lệ", 401: "Chưa xác thực", 403: "Không có quyền", 404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ", 409: "Xung đột dữ liệu", 413: "Yêu cầu quá lớn",
    415: "Kiểu nội dung không được hỗ trợ", 422: "Dữ liệu không hợp lệ", 429: "Quá nhiều yêu cầu",
    500: "Lỗi hệ thống", 503: "Dịch vụ tạm thời không sẵn sàng",
}
# The machine code and Vietnamese detail of each HTTP failure the framework raises before a view runs.
HTTP_CODES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthorized", "Thiếu hoặc sai mã truy cập (Authorization: Bearer …)."),
    403: ("forbidden", "Hệ thống tích hợp không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không có tài nguyên này trong API."),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này."),
    413: ("payload_too_large", "Nội dung yêu cầu vượt quá 1 MB."),
    415: ("unsupported_media_type", "Nội dung yêu cầu phải là JSON (Content-Type: application/json)."),
    429: ("rate_limited", "Vượt quá số yêu cầu cho phép trong một phút; vui lòng thử lại sau."),
    500: ("internal_error", "Hệ thống gặp lỗi. Vui lòng thử lại sau."),
    503: ("unavailable", "Dịch vụ tạm thời không sẵn sàng. Vui lòng thử lại sau."),
}


class ApiProblem(Exception):
    """A refused API call: raise it anywhere below a route; the handler answers with the problem document."""

    def __init__(self, status: int, code: str, detail: str, errors: list[dict] | None = None,
                 headers: dict | None = None):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.errors = errors or []
        self.headers = headers or {}


def field_error(field: str, detail: str, code: str = "invalid") -> dict:
    """One entry of a problem's `errors`: the JSON field (dotted path), a machine code, the Vietnamese detail."""
    return {"field": field, "code": code, "detail": detail}


def is_api_request() -> bool:
    """True for any path under /api/ (matched or not): it is answered in JSON."""
    return request.path.startswith(API_PREFIX)


def response(problem: ApiProblem) -> Response:
    """The problem as its JSON document with the right status and media type."""
    body = {"type": TYPE_BASE + problem.code, "title": TITLES.get(problem.status, "Lỗi"),
            "status": problem.status, "code": problem.code, "detail": problem.detail,
            "instance": request.path, "errors": problem.errors}
    answer = Response(json.dumps(body, ensure_ascii=False), status=problem.status, mimetype=PROBLEM_TYPE)
    answer.headers.update(problem.headers)
    return answer


def from_http(error: HTTPException) -> Response:
    """A framework failure (404 route, 405 method, 413 body, …) as a problem."""
    status = error.code or 500
    code, detail = HTTP_CODES.get(status, ("http_error", TITLES.get(status, "Lỗi")))
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return response(ApiProblem(status, code, detail, headers=headers))


def from_domain(error: DomainError) -> Response:
    """A service's refusal (its Vietnamese message, and the field it names) as a problem."""
    code = getattr(error, "code", None) or {403: "forbidden", 404: "not_found", 409: "conflict",
                                            503: "unavailable"}.get(error.status, "refused")
    errors = [field_error(error.field, error.message)] if error.field else []
    return response(ApiProblem(error.status, code, error.message, errors))
