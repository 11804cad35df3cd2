"""Báo cáo tháng / sơ kết quý as .xlsx: the same content as the PDF, one worksheet per part."""
from openpyxl import Workbook

from .excel import _number, _save, _sheet


def _percent(value):
    """A percentage as a number with one decimal (None stays empty)."""
    return None if value is None else round(float(value), 1)


def _unit_row(n, line) -> list:
    """One unit's figures."""
    return [n, line.name, line.bloc, "Có" if line.is_pilot else "", line.headcount, line.due, line.evaluated,
            _percent(line.evaluated_percent),
            _number(None if line.average_points is None else round(line.average_points, 2)),
            *line.bands, _percent(line.work_percent), _percent(line.on_time_percent), _percent(line.diary_percent),
            line.overdue, _percent(line.okr_percent)]


def province_xlsx(ctx: dict) -> bytes:
    """Tổng hợp (period, scope, narrative, changes), Đơn vị, Phân loại, Chậm đánh giá, Vượt tỷ lệ."""
    wb, total, span = Workbook(), ctx["total"], ctx["span"]
    caption = f"{ctx['title'].capitalize()} · {span.label} · {ctx['scope']}" + (
        " (các đơn vị thí điểm)" if ctx["pilot_only"] else "")
    summary = [["Kỳ báo cáo", span.label, "", ""], ["Phạm vi", ctx["scope"], "", ""],
               ["Số cơ quan, đơn vị", len(ctx["lines"]), "", ""],
               ["Số liệu bộ chỉ số làm mới lúc", ctx["as_of"], "", ""], ["", "", "", ""],
               *[["Nhận xét", sentence, "", ""] for sentence in ctx["narrative"]], ["", "", "", ""],
               ["Chỉ tiêu", span.label, ctx["against"].capitalize(), "Thay đổi"],
               *[[c.label, c.now, c.before, c.change] for c in ctx["changes"]]]
    _sheet(wb, "Tổng hợp", caption, ["Mục", "Nội dung", "", ""], summary, [44, 90, 16, 30])
    headers = ["TT", "Cơ quan, đơn vị", "Khối", "Thí điểm", "Số CBCC", "Phiếu phải đánh giá", "Phiếu đã đánh giá",
               "Tỷ lệ đã đánh giá (%)", "Điểm bình quân", "Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành",
               "Không hoàn thành", "Công việc hoàn thành so với giao (%)", "Đúng hạn (%)", "Ghi nhật ký (%)",
               "Việc quá hạn", "Tiến độ OKR (%)"]
    rows = [_unit_row(n, line) for n, line in enumerate(ctx["lines"], start=1)]
    if ctx["lines"]:
        rows.append(["", "Tổng cộng", *_unit_row("", total)[2:]])
        rows[-1][2] = ctx["scope"]
    _sheet(wb, "Đơn vị", caption, headers, rows, [5, 36, 24, 9] + [12] * 14)
    before = ctx["before_total"]
    bands = [[name, total.bands[i], _percent(total.band_percents()[i]),
              before.bands[i] if before else None, _percent(before.band_percents()[i]) if before else None]
             for i, name in enumerate(ctx["band_names"])]
    against = ctx["against"].capitalize()
    _sheet(wb, "Phân loại", caption, ["Xếp loại", f"Số {'lượt' if span.kind == 'quarter' else 'người'}", "Tỷ lệ (%)",
                                      f"{against}: số", f"{against}: tỷ lệ (%)"],
           bands, [34, 12, 12, 16, 18])
    months = ctx["months_text"]
    late = [[n, line.name, line.due, line.evaluated, *line.waiting,
             f"Chậm: {months(line.late_months)}" if line.late_months else "Chưa đến hạn"]
            for n, line in enumerate(ctx["late"] + ctx["pending"], start=1)]
    _sheet(wb, "Chậm đánh giá", f"{caption} · hạn phê duyệt {ctx['due']:%d/%m/%Y}",
           ["TT", "Cơ quan, đơn vị", "Phiếu phải đánh giá", "Phiếu đã đánh giá", "Chưa tự đánh giá",
            "Chờ lãnh đạo đánh giá", "Chờ thủ trưởng phê duyệt", "Tình trạng"], late, [5, 40, 14, 14, 14, 14, 14, 22])
    _sheet(wb, "Vượt tỷ lệ xuất sắc", caption, ["TT", "Cơ quan, đơn vị", "Hoàn thành xuất sắc", "Hoàn thành tốt",
                                                "Tháng vượt"],
           [[n, line.name, line.bands[0], line.bands[1], months(line.over_cap_months)]
            for n, line in enumerate(ctx["over_cap"], start=1)], [5, 40, 14, 14, 20])
    return _save(wb)
