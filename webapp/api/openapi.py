"""The OpenAPI 3.1 document, assembled from the operations the routes declare and the schemas modules add."""
import copy

from . import schemas

VERSION = "1.0.0"
PROBLEM_REF = {"$ref": "#/components/responses/Problem"}
# Failures any authenticated operation may answer with (documented once, referenced by each).
COMMON_FAILURES = ("401", "403", "429")
WRITE_FAILURES = ("400", "413", "415", "422")

_operations: dict[str, dict[str, dict]] = {}  # OpenAPI path → method → operation
_schemas: dict[str, dict] = dict(schemas.BASE)


def add_schema(name: str, schema: dict) -> None:
    """Add a named JSON Schema under components/schemas (refer to it as #/components/schemas/<name>)."""
    _schemas[name] = schema


def add_operation(path: str, method: str, operation: dict) -> None:
    """Add one operation (a path relative to /api/v1, in OpenAPI's {param} form)."""
    methods = _operations.setdefault(path, {})
    if method.lower() in methods:
        raise ValueError(f"{method} {path} is declared twice")
    methods[method.lower()] = operation


def operation_for(path: str, method: str, *, summary: str, operation_id: str, scope: str | None, tag: str,
                  description: str = "", request_schema: str | None = None, responses: dict | None = None,
                  parameters: list | None = None) -> dict:
    """An operation object with the path's parameters, the security of its scope and the usual failures."""
    declared = {p["name"] for p in parameters or ()}
    path_params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                   for name in _names(path) if name not in declared]
    failures = (COMMON_FAILURES if scope else ()) + (WRITE_FAILURES if request_schema else ())
    answers = {code: PROBLEM_REF for code in failures}
    answers.update(responses or {"200": {"description": "Thành công"}})
    operation = {"operationId": operation_id, "summary": summary, "tags": [tag], "responses": answers,
                 "parameters": [*path_params, *(parameters or [])]}
    if description:
        operation["description"] = description
    if scope:
        operation["security"] = [{"bearerToken": [scope]}]
        operation["x-scope"] = scope
    else:
        operation["security"] = []
    if request_schema:
        operation["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{request_schema}"}}}}
    return operation


def _names(path: str) -> list[str]:
    """The {param} names of a path."""
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def document(server_url: str = "/api/v1") -> dict:
    """The whole document (a fresh copy: callers may not change the registry)."""
    return copy.deepcopy({
        "openapi": "3.1.0",
        "info": {"title": "OKR/KPI Thanh Hóa — API tích hợp", "version": VERSION,
                 "description": "Kết nối, liên thông với hệ thống quản lý văn bản, giao việc và cơ sở dữ liệu "
                                "cán bộ, công chức. Lỗi trả về dạng application/problem+json; ngày theo ISO 8601; "
                                "số thập phân dạng chuỗi; phân trang bằng con trỏ (next_cursor)."},
        "servers": [{"url": server_url}],
        "paths": {path: dict(sorted(methods.items())) for path, methods in sorted(_operations.items())},
        "components": {
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer",
                                                "description": "Mã truy cập cấp cho hệ thống tích hợp."}},
            "schemas": dict(sorted(_schemas.items())),
            "responses": {"Problem": {"description": "Lỗi (RFC 9457)", "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
            "parameters": schemas.PARAMETERS,
        },
    })


def operations() -> list[tuple[str, str, dict]]:
    """(path, METHOD, operation) of every declared operation, in path order (the HTML page's list)."""
    return [(path, method.upper(), op) for path, methods in sorted(_operations.items())
            for method, op in sorted(methods.items())]
