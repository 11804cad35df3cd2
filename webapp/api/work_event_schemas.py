"""JSON Schemas of the work events and the suggestions they become."""
from .schemas import DATE, DATETIME, DECIMAL

_TEXT = {"type": "string"}
WORK_EVENT = {
    "type": "object", "additionalProperties": False,
    "required": ["external_id", "person", "date"],
    "description": "Một văn bản đã ban hành hoặc nhiệm vụ đã hoàn thành. Gửi đúng một trong item_code, "
                   "document_type; cần document.number hoặc task_reference.",
    "properties": {
        "external_id": {**_TEXT, "maxLength": 100, "description": "Mã sự kiện ở hệ thống gửi (khóa chống trùng)"},
        "person": {"type": "object", "additionalProperties": False, "description": "Người thực hiện",
                   "properties": {"national_id": {**_TEXT, "maxLength": 32, "description": "Mã định danh cán bộ"},
                                  "username": {**_TEXT, "maxLength": 64, "description": "Tên đăng nhập"}}},
        "date": {**DATE, "description": "Ngày làm việc (ISO 8601)"},
        "item_code": {**_TEXT, "maxLength": 32, "description": "Mã sản phẩm/công việc trong danh mục của đơn vị"},
        "document_type": {**_TEXT, "maxLength": 64,
                          "description": "Loại văn bản; đơn vị gắn loại này với một mã sản phẩm/công việc"},
        "quantity": {**DECIMAL, "description": "Số lượng, mặc định \"1\""},
        "summary": {**_TEXT, "maxLength": 2000, "description": "Nội dung (trích yếu)"},
        "document": {"type": "object", "additionalProperties": False, "description": "Văn bản làm minh chứng",
                     "properties": {"number": {**_TEXT, "maxLength": 100, "description": "Số, ký hiệu"},
                                    "date": {**DATE, "description": "Ngày văn bản"},
                                    "link": {**_TEXT, "maxLength": 500, "format": "uri",
                                             "description": "Đường dẫn http(s) tới văn bản"}}},
        "task_reference": {**_TEXT, "maxLength": 100, "description": "Mã nhiệm vụ ở hệ thống giao việc"},
    },
}
_NULLABLE = {"type": ["string", "null"]}
SUGGESTION = {
    "type": "object",
    "required": ["id", "external_id", "status", "unit_code", "person", "date", "item_code", "quantity"],
    "properties": {
        "id": {"type": "integer"}, "external_id": _TEXT,
        "status": {"type": "string", "enum": ["pending", "confirmed", "dismissed"],
                   "description": "pending: chờ người thực hiện xác nhận; confirmed: đã thành mục nhật ký"},
        "unit_code": _TEXT,
        "person": {"type": "object", "properties": {"national_id": _NULLABLE, "username": _NULLABLE}},
        "date": DATE, "item_code": _TEXT, "document_type": _NULLABLE, "quantity": DECIMAL, "summary": _TEXT,
        "document": {"type": "object", "properties": {"number": _NULLABLE,
                                                      "date": {"type": ["string", "null"], "format": "date"},
                                                      "link": _NULLABLE}},
        "task_reference": _NULLABLE, "created_at": DATETIME,
    },
}
