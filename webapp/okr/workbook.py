"""A unit's objectives and key results as an Excel workbook: the template (headers, a notes sheet with an example
row, validation lists), the export (the same columns, so export → import changes nothing) and the reading of an
uploaded file into rows. Self-contained: #10's list-import machinery (branch h-xl) is not on main yet."""
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import DomainError
from ..reports.safe import as_text
from ..text import clean, tidy
from .keyresults import MEASURED_LABELS

SHEET = "Mục tiêu"
HEADERS = ("Mục tiêu", "Người thẩm định (tên đăng nhập)", "Kết quả then chốt", "Đơn vị tính", "Giá trị ban đầu",
           "Giá trị mục tiêu", "Trọng số (%)", "Cách đo", "Cho phép vượt 100 %",
           "Mã sản phẩm/công việc (cách nhau bởi dấu ;)")
COLUMNS = "ABCDEFGHIJ"
FIRST_ROW = 3  # row 1: the caption; row 2: the headers
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
YES, NO = "Có", "Không"
MEASURED_BY_LABEL = {label: code for code, label in MEASURED_LABELS.items()}
EXAMPLE = ("Nâng cao chất lượng tham mưu, giải quyết thủ tục hành chính", "tochuc.chinhquyen",
           "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "hồ sơ", "0", "120", "60", MEASURED_LABELS["items"], NO,
           "SNV-01; SNV-02")
NOTES = [
    "Mỗi dòng là một kết quả then chốt; các dòng cùng tên mục tiêu thuộc cùng một mục tiêu (cấp cơ quan, đơn vị).",
    "Mục tiêu đã có (cùng kỳ, cùng tên) được cập nhật; kết quả then chốt đã có (cùng tên trong mục tiêu) được "
    "cập nhật; nhập lại cùng tệp không thay đổi gì. Mục tiêu đã thống nhất hoặc đã kết thúc không sửa được.",
    "Tệp được kiểm tra toàn bộ: nếu có dòng sai, không dòng nào được nhập và mọi lỗi được liệt kê theo dòng, cột.",
    "Giá trị: số không âm, tối đa 2 chữ số thập phân; giá trị mục tiêu khác giá trị ban đầu; tổng trọng số của "
    "một mục tiêu không quá 100 % (đủ 100 % mới thống nhất được).",
    f"Cách đo: “{MEASURED_LABELS['items']}” (ghi mã sản phẩm/công việc trong danh mục của đơn vị) hoặc "
    f"“{MEASURED_LABELS['checkin']}” (để trống cột mã).",
    "Người thẩm định: tên đăng nhập của cán bộ tổ chức cấp tỉnh phụ trách khối (xem danh sách chọn).",
]


@dataclass(frozen=True)
class Row:
    """One data row as typed (texts tidied; numbers and choices still text, checked by the importer)."""

    number: int
    values: dict[str, str]


def _write_sheet(ws, caption: str, rows: list[tuple], reviewers: list[str]) -> None:
    """Caption, headers, rows (every text cell as text), widths and validation lists."""
    ws.append([clean(caption)])
    ws["A1"].font = Font(bold=True)
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([clean(v) if isinstance(v, str) else v for v in row])
    for cells in ws.iter_rows():
        for cell in cells:
            as_text(cell)
    ws.freeze_panes = "A3"
    for letter, width in zip(COLUMNS, (48, 24, 48, 12, 14, 14, 12, 24, 14, 36)):
        ws.column_dimensions[letter].width = width
    last = FIRST_ROW + MAX_ROWS - 1
    choices = [('"' + ",".join(MEASURED_LABELS.values()) + '"', "H"), (f'"{YES},{NO}"', "I")]
    if reviewers and sum(len(r) + 1 for r in reviewers) < 250:  # Excel's limit on an inline list
        choices.append(('"' + ",".join(reviewers) + '"', "B"))
    for formula, letter in choices:
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.error, validation.errorTitle = "Vui lòng chọn trong danh sách.", "Giá trị không hợp lệ"
        ws.add_data_validation(validation)
        validation.add(f"{letter}{FIRST_ROW}:{letter}{last}")


def _notes(wb: Workbook) -> None:
    """The notes sheet: how to fill the file, and an example row."""
    ws = wb.create_sheet("Hướng dẫn")
    ws.append(["Hướng dẫn nhập mục tiêu và kết quả then chốt"])
    ws["A1"].font = Font(bold=True)
    for note in NOTES:
        ws.append([note])
    ws.append([])
    ws.append(["Ví dụ (một dòng của trang “Mục tiêu”):"])
    ws.append(list(HEADERS))
    ws.append(list(EXAMPLE))
    ws.column_dimensions["A"].width = 60


def build(caption: str, rows: list[tuple], reviewers: list[str]) -> bytes:
    """The workbook: the data sheet (empty for the template) and the notes."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _write_sheet(ws, caption, rows, reviewers)
    _notes(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes) -> list[Row]:
    """The data rows of an uploaded workbook (empty rows skipped), or a refusal of the file as a whole."""
    if not data:
        raise DomainError("Vui lòng chọn tệp Excel (.xlsx).", field="file")
    if len(data) > MAX_BYTES:
        raise DomainError("Tệp quá lớn (tối đa 2 MB).", field="file")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload gets the same plain answer
        raise DomainError("Không đọc được tệp: vui lòng dùng tệp .xlsx theo mẫu.", field="file") from None
    if SHEET not in wb.sheetnames:
        raise DomainError(f"Tệp không có trang “{SHEET}”: vui lòng dùng tệp theo mẫu.", field="file")
    ws = wb[SHEET]
    header = next(ws.iter_rows(min_row=2, max_row=2, values_only=True), ())
    if tuple(tidy(str(v or "")) for v in header[:len(HEADERS)]) != HEADERS:
        raise DomainError("Dòng tiêu đề (dòng 2) không đúng mẫu: vui lòng dùng tệp mẫu.", field="file")
    rows = []
    for number, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=len(HEADERS), values_only=True),
                                    start=FIRST_ROW):
        texts = {letter: _text(value) for letter, value in zip(COLUMNS, values)}
        if any(texts.values()):
            rows.append(Row(number, texts))
        if len(rows) > MAX_ROWS:
            raise DomainError(f"Tệp có quá {MAX_ROWS} dòng dữ liệu.", field="file")
    wb.close()
    return rows


def _text(value) -> str:
    """A cell as tidy text (numbers without a float's noise)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return tidy(str(value))


def number(text: str) -> Decimal | None:
    """A typed number (1.234,5 or 1234.5), or None when it is not one."""
    candidate = text.replace(" ", "")
    if "," in candidate:
        candidate = candidate.replace(".", "").replace(",", ".")
    try:
        value = Decimal(candidate)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
