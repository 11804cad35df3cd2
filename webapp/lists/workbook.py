"""Writing a list as .xlsx: the data sheet (header row, rows), "Hướng dẫn" (each column explained, with an
example), "Danh sách chọn" (the drop-down lists). Templates are the same workbook with no rows."""
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..reports.safe import as_text
from ..text import clean
from .columns import ListSpec

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PICKS_SHEET = "Danh sách chọn"
NOTES_SHEET = "Hướng dẫn"
KIND_LABELS = {"text": "Văn bản", "code": "Mã (văn bản)", "int": "Số nguyên", "decimal": "Số",
               "date": "Ngày (dd/mm/yyyy)", "choice": "Chọn trong danh sách", "bool": "Có / Không",
               "codes": "Các mã, cách nhau bởi ;"}


def write_list(spec: ListSpec, rows: list[list], picks: dict[str, list[str]]) -> bytes:
    """The workbook of one list: its rows (none for a template) and the drop-down lists of the unit."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet
    _data_sheet(ws, spec, rows)
    _notes_sheet(wb.create_sheet(NOTES_SHEET), spec)
    ranges = _picks_sheet(wb.create_sheet(PICKS_SHEET), picks)
    _validations(ws, spec, ranges, max(len(rows) + 1, 1000))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _data_sheet(ws, spec: ListSpec, rows: list[list]) -> None:
    """Header row (bold, frozen), then the rows: text as text, dates as dates, numbers as numbers."""
    ws.append(spec.headers)
    for cell in ws[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:  # openpyxl refuses control characters as soon as a value is set: clean first
        ws.append([_value(value) for value in row])
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].number_format = _format(column.kind)  # typed cells keep the type
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = _format(column.kind)
            as_text(cell)
    ws.freeze_panes = "A2"


def _value(value):
    """A cell's value: Decimals as numbers (exact enough at two places), text cleaned."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return clean(value)
    return value


def _format(kind: str) -> str:
    """The number format of a column: text stays text (leading zeros of identifiers), dates dd/mm/yyyy."""
    return {"date": "DD/MM/YYYY", "decimal": "0.00", "int": "0"}.get(kind, "@")


def _notes_sheet(ws, spec: ListSpec) -> None:
    """One line per column: header, required, kind, what it means, an example (the example row, turned)."""
    ws.append([f"{spec.label}: cách điền trang tính “{spec.sheet}”"])
    ws["A1"].font = BOLD
    ws.append(["Dòng 1 của trang tính là tiêu đề, giữ nguyên tên và thứ tự cột; mỗi dòng tiếp theo là một "
               "bản ghi. Không dùng công thức, không gộp ô, không ẩn trang tính. Tệp được kiểm tra toàn bộ: "
               "có lỗi ở bất kỳ dòng nào thì không dòng nào được nhập."])
    ws.append(["Cột", "Bắt buộc", "Kiểu", "Giải thích", "Ví dụ"])
    for cell in ws[3]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for column in spec.columns:
        ws.append([column.header, "Có" if column.required else "Không", KIND_LABELS[column.kind], column.note,
                   column.example])
    for cells in ws.iter_rows():
        for cell in cells:
            as_text(cell)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (30, 10, 20, 60, 30)):
        ws.column_dimensions[letter].width = width


def _picks_sheet(ws, picks: dict[str, list[str]]) -> dict[str, str]:
    """One column per drop-down list; the range each validation points at."""
    ranges = {}
    for index, (name, values) in enumerate(picks.items(), start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=name).font = BOLD
        for row, value in enumerate(values, start=2):
            as_text(ws.cell(row=row, column=index, value=clean(value)))
        ws.column_dimensions[letter].width = 24
        ranges[name] = f"'{PICKS_SHEET}'!${letter}$2:${letter}${max(len(values), 1) + 1}"
    return ranges


def _validations(ws, spec: ListSpec, ranges: dict[str, str], last_row: int) -> None:
    """A drop-down per column with a list (a warning only for multi-code cells, which hold several)."""
    for index, column in enumerate(spec.columns, start=1):
        if not column.picks or column.picks not in ranges:
            continue
        letter = get_column_letter(index)
        strict = column.kind != "codes"
        check = DataValidation(type="list", formula1=ranges[column.picks], allow_blank=not column.required,
                               showErrorMessage=strict, errorTitle="Giá trị không hợp lệ",
                               error="Chọn một giá trị trong danh sách.")
        check.add(f"{letter}2:{letter}{last_row}")
        ws.add_data_validation(check)

