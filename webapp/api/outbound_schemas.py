"""JSON Schemas of assignments in, and of results and the catalogue out."""
from .schemas import DATE, DATETIME, DECIMAL

_TEXT = {"type": "string"}
_NULLABLE = {"type": ["string", "null"]}
_PERSON = {"type": "object", "additionalProperties": False,
           "description": "Một người: mã định danh (national_id) hoặc tên đăng nhập (username)",
           "properties": {"national_id": {**_TEXT, "maxLength": 32, "description": "Mã định danh cán bộ"},
                          "username": {**_TEXT, "maxLength": 64, "description": "Tên đăng nhập"}}}

ASSIGNMENT_IN = {
    "type": "object", "additionalProperties": False,
    "required": ["external_id", "assignee", "assigned_by", "item_code", "quantity", "deadline"],
    "description": "Một việc giao từ hệ thống giao việc: tạo mới hoặc cập nhật theo external_id (gửi lại là một "
                   "việc); status \"cancelled\" hủy việc. Người giao phải là lãnh đạo trực tiếp hoặc thủ trưởng "
                   "của người được giao.",
    "properties": {
        "external_id": {**_TEXT, "maxLength": 100, "description": "Mã việc ở hệ thống giao việc (khóa chống trùng)"},
        "assignee": {**_PERSON, "description": "Người được giao"},
        "assigned_by": {**_PERSON, "description": "Lãnh đạo giao việc"},
        "item_code": {**_TEXT, "maxLength": 32, "description": "Mã sản phẩm/công việc trong danh mục của đơn vị"},
        "quantity": {**DECIMAL, "description": "Số lượng giao (tối đa 2 chữ số thập phân)"},
        "deadline": {**DATE, "description": "Hạn hoàn thành"},
        "note": {**_TEXT, "maxLength": 1000, "description": "Ghi chú"},
        "source": {"type": "string", "enum": ["plan", "document", "adhoc"],
                   "description": "Theo kế hoạch, theo văn bản chỉ đạo (mặc định), đột xuất"},
        "status": {"type": "string", "enum": ["active", "cancelled"], "description": "Mặc định active"},
    },
}

ASSIGNMENT = {
    "type": "object",
    "required": ["id", "external_id", "status", "unit_code", "assignee", "item_code", "quantity", "deadline"],
    "properties": {
        "id": {"type": "integer"}, "external_id": _TEXT,
        "status": {"type": "string", "enum": ["active", "cancelled"]},
        "outcome": {"type": "string", "enum": ["created", "updated", "cancelled", "unchanged"],
                    "description": "Điều lần gọi này đã làm"},
        "unit_code": _TEXT,
        "assignee": {"type": "object", "properties": {"national_id": _NULLABLE, "username": _NULLABLE}},
        "assigned_by": {"type": "object", "properties": {"national_id": _NULLABLE, "username": _NULLABLE}},
        "item_code": _TEXT, "quantity": DECIMAL, "deadline": DATE, "note": _TEXT, "source": _TEXT,
        "cancelled_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

RESULT = {
    "type": "object", "required": ["person", "points", "band"],
    "description": "Kết quả tháng đã công khai của một người",
    "properties": {
        "person": {"type": "object", "properties": {"national_id": _NULLABLE, "full_name": _TEXT}},
        "points": {**DECIMAL, "description": "Tổng điểm, làm tròn 2 chữ số"},
        "band": {**_TEXT, "description": "Mã mức xếp loại (xuat_sac, tot, hoan_thanh, khong_hoan_thanh)"},
        "band_name": _TEXT,
        "published_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

CATALOGUE_ITEM = {
    "type": "object", "required": ["code", "name", "unit_of_measure", "group", "k", "effective_from"],
    "properties": {
        "code": _TEXT, "name": _TEXT, "unit_of_measure": _TEXT,
        "group": {**_TEXT, "description": "Nhóm nhiệm vụ (A, B, C…)"},
        "k": {**DECIMAL, "description": "Hệ số K"},
        "standard_hours": {"type": ["string", "null"], "description": "Giờ chuẩn (số thập phân dạng chuỗi)"},
        "effective_from": DATE, "effective_to": {"type": ["string", "null"], "format": "date"},
    },
}

WEBHOOK_EVENT = {
    "type": "object", "required": ["id", "event", "occurred_at", "unit", "data"],
    "description": "Nội dung một lần gửi sự kiện (webhook) tới địa chỉ đã đăng ký. Tiêu đề X-OKR-Signature: "
                   "t=<giây Unix>,v1=<HMAC-SHA256 dạng hex của \"<t>.<nội dung thô>\" với khóa bí mật>; bên nhận "
                   "tính lại, so sánh an toàn thời gian và từ chối t lệch quá 5 phút. X-OKR-Event: tên sự kiện; "
                   "X-OKR-Delivery: mã lần gửi (gửi lại giữ nguyên mã, id sự kiện cũng giữ nguyên: dùng để chống "
                   "trùng). Trả lời 2xx là đã nhận; khác 2xx hoặc không trả lời thì gửi lại sau 1, 2, 4… phút, "
                   "tối đa 8 lần.",
    "properties": {
        "id": {**_TEXT, "description": "Mã sự kiện (giống nhau ở mọi lần gửi lại)"},
        "event": {"type": "string", "enum": ["sheet.published", "period.closed"]},
        "occurred_at": DATETIME,
        "unit": {"type": "object", "properties": {"code": _TEXT, "name": _TEXT}},
        "data": {"type": "object", "description": "sheet.published: period, sheets_published, results (đường dẫn "
                                                  "đọc kết quả); period.closed: period, starts_on, ends_on, closed_at"},
    },
}
