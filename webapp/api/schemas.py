"""JSON Schemas shared by the whole API (the problem document, pagination, dates and decimals)."""

DECIMAL = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "Số thập phân dạng chuỗi, ví dụ \"1.50\""}
DATE = {"type": "string", "format": "date", "description": "Ngày theo ISO 8601 (YYYY-MM-DD)"}
DATETIME = {"type": "string", "format": "date-time", "description": "Thời điểm ISO 8601, UTC"}

BASE = {
    "Problem": {
        "type": "object", "required": ["type", "title", "status", "code", "detail"],
        "properties": {
            "type": {"type": "string", "format": "uri"}, "title": {"type": "string"},
            "status": {"type": "integer"}, "code": {"type": "string", "description": "Mã lỗi cho máy đọc"},
            "detail": {"type": "string", "description": "Mô tả bằng tiếng Việt"}, "instance": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
        },
    },
    "FieldError": {
        "type": "object", "required": ["field", "code", "detail"],
        "properties": {"field": {"type": "string"}, "code": {"type": "string"}, "detail": {"type": "string"}},
    },
    "Decimal": DECIMAL,
    "Date": DATE,
    "DateTime": DATETIME,
}

PARAMETERS = {
    "cursor": {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
               "description": "Con trỏ next_cursor của trang trước"},
    "limit": {"name": "limit", "in": "query", "required": False,
              "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
}
PAGE_PARAMETERS = [{"$ref": "#/components/parameters/cursor"}, {"$ref": "#/components/parameters/limit"}]


def page_of(item_schema: str) -> dict:
    """The schema of one page of a listing: its items and the cursor of the next page (null on the last)."""
    return {"type": "object", "required": ["items", "next_cursor"], "properties": {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item_schema}"}},
        "next_cursor": {"type": ["string", "null"]}}}
