"""Opening an uploaded workbook in openpyxl's read-only mode and reading it whole: the file's kind, its
sheets, the header row, then every row cell by cell, collecting every problem (row, column, reason)."""
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from openpyxl import load_workbook

from ..text import tidy
from .cells import CellError, read_cell
from .columns import MAX_PROBLEMS, MAX_ROWS, ListSpec

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls are OLE compound files
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_UNPACKED = 400 * 1024 * 1024  # bytes inside the zip: 50,000 full rows take about 60 MB
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+)(?::[A-Z]+(\d+))?"')


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in Vietnamese."""


@dataclass
class Problems:
    """Every problem found, the first MAX_PROBLEMS kept in full."""

    items: list[dict] = field(default_factory=list)
    count: int = 0

    def add(self, row: int | None, column: str, message: str) -> None:
        """One problem: row number in the file (None for the file itself), column header, reason."""
        self.count += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append({"row": row, "column": column, "message": message})


def read_list(path: Path, spec: ListSpec, problems: Problems, progress: Callable[[int, int], None]) -> list[dict]:
    """Every data row as a dict keyed by column (with "_row"), problems collected; FileRefused for a file
    that is not a readable workbook of this list."""
    _check_signature(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged or foreign file
        raise FileRefused("Tệp bị hỏng hoặc không phải tệp Excel .xlsx. Hãy tải mẫu và lưu lại dạng .xlsx.") from None
    try:
        ws = _data_sheet(wb, spec)
        _check_merged_header(path, ws)
        total = max((ws.max_row or 1) - 1, 0)
        if total > MAX_ROWS + 1000:  # the stated size; the rows are counted too when it is missing or wrong
            raise FileRefused(_too_many())
        return _rows(ws, spec, problems, progress, total)
    finally:
        wb.close()


def _check_signature(path: Path) -> None:
    """A zip (xlsx), not an encrypted workbook, an old .xls, a CSV or random bytes renamed .xlsx."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_SIGNATURE):
        raise FileRefused("Tệp được đặt mật khẩu (mã hóa) hoặc là tệp Excel cũ (.xls): hãy bỏ mật khẩu và lưu "
                          "lại dạng Excel Workbook (.xlsx).")
    if not head.startswith(ZIP_SIGNATURE):
        raise FileRefused("Tệp không phải tệp Excel .xlsx (có thể là tệp CSV hoặc tệp khác được đổi tên). "
                          "Hãy tải mẫu, điền và lưu dạng Excel Workbook (.xlsx).")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRefused("Tệp bị hỏng hoặc không phải tệp Excel .xlsx. Hãy tải mẫu và lưu lại dạng .xlsx.") from None
    if unpacked > MAX_UNPACKED:  # openpyxl holds the shared strings in memory: a zip bomb must not reach it
        raise FileRefused("Tệp quá lớn khi giải nén (trên 400 MB): hãy chia thành nhiều tệp nhỏ hơn.")


def _data_sheet(wb, spec: ListSpec):
    """The list's sheet; no hidden sheet anywhere (hidden rows of data would be imported unseen)."""
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    if hidden:
        raise FileRefused(f"Tệp có trang tính bị ẩn ({', '.join(hidden)}): hãy hiện hoặc xóa trang tính đó rồi "
                          "tải lên lại.")
    if spec.sheet not in wb.sheetnames:
        raise FileRefused(f"Không tìm thấy trang tính “{spec.sheet}”. Hãy dùng mẫu tải về từ hệ thống, không đổi "
                          "tên trang tính.")
    return wb[spec.sheet]


def _check_merged_header(path: Path, ws) -> None:
    """Merged cells in the header row: read-only mode does not expose them, so scan the sheet's XML."""
    name = getattr(ws, "_worksheet_path", "")
    with zipfile.ZipFile(path) as archive, archive.open(name.lstrip("/")) as xml:
        tail = b""
        while chunk := xml.read(1 << 20):
            for match in _MERGE.finditer(tail + chunk):
                if int(match.group(2)) == 1:
                    raise FileRefused("Dòng tiêu đề có ô bị gộp (merge): hãy bỏ gộp ô, mỗi cột một tiêu đề như mẫu.")
            tail = chunk[-200:]


def _too_many() -> str:
    """The row limit's message."""
    return (f"Tệp có quá {MAX_ROWS:,} dòng dữ liệu".replace(",", ".") +
            ": hãy chia thành nhiều tệp nhỏ hơn (mỗi tệp không quá giới hạn này).")


def _check_header(row, spec: ListSpec) -> None:
    """The header row is exactly the template's, in its order; otherwise say what differs."""
    found = [tidy(str(cell.value)) if cell.value is not None else "" for cell in row]
    while found and not found[-1]:
        found.pop()
    expected = spec.headers
    if found == expected:
        return
    missing = [h for h in expected if h not in found]
    extra = [h for h in found if h not in expected]
    if missing:
        raise FileRefused(f"Thiếu cột: {', '.join(missing)}." + (f" Cột không có trong mẫu: {', '.join(extra)}."
                                                                 if extra else "") + " Hãy dùng đúng mẫu.")
    if extra:
        raise FileRefused(f"Cột không có trong mẫu: {', '.join(h or '(để trống)' for h in extra)}. Hãy xóa các cột "
                          "này.")
    raise FileRefused(f"Các cột không đúng thứ tự của mẫu. Thứ tự đúng: {', '.join(expected)}.")


def _rows(ws, spec: ListSpec, problems: Problems, progress, total: int) -> list[dict]:
    """Every non-empty row parsed; formulas refused; the row limit counted."""
    rows = ws.iter_rows()
    header = next(rows, None)
    if header is None:
        raise FileRefused("Tệp trống: không có dòng tiêu đề nào. Hãy dùng mẫu tải về từ hệ thống.")
    _check_header(header, spec)
    records, width = [], len(spec.columns)
    for number, row in enumerate(rows, start=2):
        cells = row[:width]
        if len(row) > width and any(cell.value not in (None, "") for cell in row[width:]):
            problems.add(number, "", "Có dữ liệu ngoài các cột của mẫu.")
        if all(cell.value in (None, "") for cell in cells):
            continue
        if len(records) >= MAX_ROWS:
            raise FileRefused(_too_many())
        records.append(_record(number, cells, spec, problems))
        if len(records) % 2000 == 0:
            progress(len(records), total)
    if not records:
        raise FileRefused("Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề).")
    return records


def _record(number: int, cells, spec: ListSpec, problems: Problems) -> dict:
    """One row: each cell read by its column; a formula is refused (its result is not what was typed)."""
    record = {"_row": number}
    for index, column in enumerate(spec.columns):
        cell = cells[index] if index < len(cells) else None
        value = getattr(cell, "value", None)
        if getattr(cell, "data_type", None) == "f":
            problems.add(number, column.header, "Ô chứa công thức: hãy thay bằng giá trị (Dán đặc biệt → Giá trị).")
            continue
        try:
            record[column.key] = read_cell(column, value)
        except CellError as error:
            problems.add(number, column.header, str(error))
    return record
