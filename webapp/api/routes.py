"""Declaring an API operation: one decorator gives the Flask route, the bearer check, the scope, the rate
limit, the JSON body checks and the OpenAPI entry."""
from datetime import date, datetime
from decimal import Decimal
from functools import wraps

from flask import Blueprint, Response, g, json, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..db import get_session
from . import limits, openapi
from .caller import authenticate, require_scope
from .problems import ApiProblem

MAX_BODY = 1024 * 1024
WRITES = {"POST", "PUT", "PATCH", "DELETE"}

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def operation(method: str, path: str, *, scope: str | None, summary: str, tag: str, request_schema: str | None = None,
              responses: dict | None = None, parameters: list | None = None, description: str = ""):
    """Declare `METHOD /api/v1<path>` (path in OpenAPI form, `/units/{code}/results`); the view gets the path
    parameters as keyword strings, the caller through current_caller() and the body through json_body().
    scope=None: a public operation (no token)."""
    method = method.upper()

    def decorate(view):
        @wraps(view)
        def wrapper(**kwargs):
            if scope is not None:
                caller = authenticate(get_session())
                g.api_caller = caller
                require_scope(caller, scope)
                limits.check(caller.client_id, caller.rate_limit_per_minute)
            if method in WRITES and request_schema:
                g.api_body = _read_json()
            return view(**kwargs)

        bp.add_url_rule(_flask_rule(path), endpoint=view.__name__, view_func=wrapper, methods=[method])
        openapi.add_operation(path, method, openapi.operation_for(
            path, method, summary=summary, operation_id=view.__name__, scope=scope, tag=tag,
            description=description or (view.__doc__ or ""), request_schema=request_schema, responses=responses,
            parameters=parameters))
        return wrapper

    return decorate


def _flask_rule(path: str) -> str:
    """`/units/{code}` → `/units/<code>`."""
    return "/".join(f"<{part[1:-1]}>" if part.startswith("{") else part for part in path.split("/"))


def json_body():
    """The request's parsed JSON (decimals as Decimal), as checked by the route wrapper."""
    return g.api_body


def json_object() -> dict:
    """The request's JSON, which must be an object."""
    body = json_body()
    if not isinstance(body, dict):
        raise ApiProblem(422, "invalid_payload", "Nội dung yêu cầu phải là một đối tượng JSON ({…}).")
    return body


def _read_json():
    """Content-Type JSON (415), at most 1 MB (413), well-formed JSON without NaN/Infinity (400)."""
    if request.mimetype != "application/json":
        raise ApiProblem(415, "unsupported_media_type",
                         "Nội dung yêu cầu phải là JSON (Content-Type: application/json).")
    if (request.content_length or 0) > MAX_BODY:
        raise _too_large()
    try:
        # One byte more than allowed tells a body sent in chunks (no Content-Length) that is too large.
        raw = request.stream.read(MAX_BODY + 1)
    except RequestEntityTooLarge:
        raise _too_large() from None
    if len(raw) > MAX_BODY:
        raise _too_large()
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_no_constant)
    except ValueError as error:
        raise ApiProblem(400, "invalid_json", f"Nội dung không phải JSON hợp lệ: {error}.") from None


def _no_constant(name: str):
    """NaN and Infinity are not JSON."""
    raise ValueError(f"{name} không phải giá trị JSON")


def _too_large() -> ApiProblem:
    """The 413 problem."""
    return ApiProblem(413, "payload_too_large", "Nội dung yêu cầu vượt quá 1 MB.")


def to_json(value):
    """A value the API sends: decimals as strings, dates and times in ISO 8601."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return value


def answer(payload, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON response of the API."""
    body = json.dumps(to_json(payload), ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json", headers=headers or {})
