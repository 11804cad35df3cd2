"""The same tables as .xlsx: numbers as numbers, dates as dates, Vietnamese headers, frozen header row."""
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..okr.progress import shown_percent
from ..text import clean
from .documents import STATUS_LABELS, evidence_text
from .safe import as_text

BOLD = Font(bold=True)


def _number(value):
    """Decimals (or their string form in frozen results) as numbers; None stays empty."""
    if value is None or value == "":
        return None
    return float(Decimal(str(value)))  # Excel stores IEEE doubles; two-decimal scores are exact enough to show


def _sheet(wb: Workbook, title: str, caption: str, headers: list[str], rows: list[list], widths: list[int]):
    """One worksheet: a caption line, the header row (frozen), the rows; every text cell written as text."""
    ws = wb.create_sheet(title[:31])
    ws.append([clean(caption)])
    ws["A1"].font = BOLD
    ws.append(headers)
    for cell in ws[2]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:  # openpyxl refuses control characters as soon as a value is set: clean first
        ws.append([clean(value) if isinstance(value, str) else value for value in row])
    for cells in ws.iter_rows():
        for cell in cells:
            as_text(cell)
    ws.freeze_panes = "A3"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    return ws


def _date_format(ws, column: int) -> None:
    """dd/mm/yyyy for a date column."""
    for (cell,) in ws.iter_rows(min_row=3, min_col=column, max_col=column):
        cell.number_format = "DD/MM/YYYY"


def _save(wb: Workbook) -> bytes:
    """The workbook as bytes (without the default empty sheet)."""
    del wb["Sheet"]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def form01_xlsx(ctx: dict) -> bytes:
    """Every sheet of the month on one worksheet: criteria, a, b, c, points and band."""
    rules, wb = ctx["rules"], Workbook()
    codes = [c.code for c in rules.general.criteria]
    headers = ["Họ và tên", "Phòng, ban", "Vị trí việc làm", *[f"Tiêu chí {c}" for c in codes],
               "Điểm tiêu chí chung", "a (%)", "b (%)", "c (%)", "Điểm nhiệm vụ", "Tổng điểm", "Xếp loại", "Trạng thái"]
    rows = []
    for doc in ctx["sheets"]:
        s, r = doc.sheet, doc.result
        get = (lambda k: r.get(k)) if isinstance(r, dict) else (lambda k: getattr(r, k))
        rows.append([doc.person.full_name, doc.division.name if doc.division else "", doc.position.name if doc.position else "",
                     *[_number(c.manager_score) for c in doc.criteria], _number(s.general_points),
                     _number(get("a_percent")), _number(get("b_percent")), _number(get("c_percent")),
                     _number(s.task_points), _number(s.total_points), rules.band(s.band).name if s.band else "",
                     ctx["labels"][s.state]])
    caption = f"Phiếu theo dõi, đánh giá công chức · {ctx['unit'].name} · tháng {ctx['period'].starts_on:%m/%Y}"
    _sheet(wb, "Mẫu 01", caption, headers, rows, [26, 24, 24] + [9] * len(codes) + [10] * 7 + [24, 18])
    return _save(wb)


def diary_xlsx(ctx: dict) -> bytes:
    """A person's diary of the month."""
    wb = Workbook()
    rows = [[e.work_date, item.code, item.name, item.unit_of_measure, _number(e.quantity), _number(e.coefficient),
             _number(e.quantity * e.coefficient), _number(e.hours), e.description, evidence_text(e, file),
             STATUS_LABELS.get(e.status, e.status)] for e, item, file in ctx["rows"]]
    caption = f"Nhật ký công việc cá nhân · {ctx['person'].full_name} · {ctx['start']:%d/%m/%Y} – {ctx['end']:%d/%m/%Y}"
    ws = _sheet(wb, "Nhật ký", caption, ["Ngày", "Mã", "Sản phẩm/công việc", "Đơn vị tính", "Số lượng", "Hệ số K",
                                         "Số lượng quy đổi", "Giờ", "Mô tả", "Minh chứng", "Trạng thái"], rows,
                [12, 10, 50, 12, 10, 9, 12, 8, 40, 40, 14])
    _date_format(ws, 1)
    return _save(wb)


def hours_xlsx(ctx: dict) -> bytes:
    """Hours per person per day of the month."""
    wb = Workbook()
    days = ctx["days"]
    rows = [[line["person"].full_name, *[_number(h) for h in line["hours"]], _number(line["total"]),
             "Dưới một nửa giờ chuẩn" if line["low"] else ""] for line in ctx["lines"]]
    caption = f"Bảng tổng hợp giờ làm việc · {ctx['unit'].name} · tháng {ctx['start']:%m/%Y} · chuẩn {ctx['standard']} giờ"
    ws = _sheet(wb, "Giờ làm việc", caption, ["Họ và tên", *days, "Tổng", "Ghi chú"], rows,
                [26] + [11] * len(days) + [9, 22])
    for cell in ws[2][1:len(days) + 1]:
        cell.number_format = "DD/MM/YYYY"
    return _save(wb)


def summary_xlsx(ctx: dict) -> bytes:
    """Everyone's result of the month, quarter or year."""
    wb = Workbook()
    rows = [[n, line["person"].full_name, line["position"].name if line["position"] else "", line["months"],
             _number(line["general"]), _number(line["task"]), _number(line["total"]), line["band_name"]]
            for n, line in enumerate(ctx["lines"], start=1)]
    caption = f"Bảng tổng hợp đánh giá, xếp loại · {ctx['unit'].name} · {ctx['label']}"
    _sheet(wb, "Tổng hợp", caption, ["TT", "Họ và tên", "Vị trí việc làm", "Số tháng", "Tiêu chí chung",
                                      "Nhiệm vụ", "Tổng điểm / điểm trung bình", "Xếp loại"], rows,
           [5, 26, 26, 9, 12, 12, 14, 30])
    return _save(wb)


def _percent(progress) -> float | None:
    """A progress Fraction as the percent shown (two decimals), a number."""
    shown = shown_percent(progress)
    return None if shown is None else float(shown)


def okr_xlsx(ctx: dict) -> bytes:
    """The unit's objectives and their key results, one row each (the objective's row first)."""
    wb, rows = Workbook(), []
    for line in ctx["lines"]:
        o = line.view.objective
        rows.append([line.number, "Mục tiêu", o.title, line.level, line.owner, ctx["states"].get(o.state, o.state),
                     "; ".join(line.supports), "", None, None, None, None, _percent(line.view.progress), "", None, ""])
        for n, kr in enumerate(line.view.key_results, start=1):
            k, last = kr.key_result, kr.last_check_in
            rows.append([f"{line.number}.{n}", "Kết quả then chốt", k.title, "", "", "", "", k.measure_unit,
                         _number(k.baseline), _number(k.target), _number(kr.value), _number(k.weight),
                         _percent(kr.progress), ctx["measured"].get(k.measured_by, k.measured_by),
                         last.created_at.date() if last else None,
                         "Chưa cập nhật" if kr.stale else ""])
    caption = f"Bảng theo dõi mục tiêu, kết quả then chốt · {ctx['unit'].name} · {ctx['label']}"
    ws = _sheet(wb, "Theo dõi OKR", caption, [
        "TT", "Loại", "Nội dung", "Cấp", "Người phụ trách", "Trạng thái", "Hỗ trợ mục tiêu", "Đơn vị tính",
        "Giá trị ban đầu", "Giá trị mục tiêu", "Giá trị hiện đạt", "Trọng số (%)", "Tiến độ (%)", "Cách đo",
        "Cập nhật gần nhất", "Ghi chú"], rows, [6, 16, 50, 16, 22, 14, 36, 12, 11, 11, 11, 10, 10, 20, 14, 14])
    _date_format(ws, 15)
    return _save(wb)
