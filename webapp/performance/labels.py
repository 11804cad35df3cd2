"""The index's columns as shown: label, header, how a value is written, and the definition shown on the page.

One list, read by the pages, the sort links and (for the same words) the reports: the order is the table's.
"""
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from ..formatting import vn_number
from .indicators import Figures

STAGE_LABELS = {
    "draft": "Chưa tự đánh giá", "self_assessed": "Chờ lãnh đạo đánh giá", "reviewed": "Chờ thủ trưởng phê duyệt",
    "approved": "Đã phê duyệt", "published": "Đã công khai", "locked": "Đã khóa",
}


@dataclass(frozen=True)
class Column:
    """One sortable indicator: its key in links, header, kind of value and definition."""

    key: str
    header: str
    kind: str  # "count", "percent", "points", "amount"
    definition: str
    drill: str = "unit"  # where its figure leads: "unit" (the unit's index) or "results" (the unit's table)

    def value(self, figures: Figures):
        """The column's raw value for sorting and display (None: no figure)."""
        if self.key.startswith("stage_"):
            return figures.stages.get(self.key[6:], 0)
        return getattr(figures, self.key)


def _stage(state: str) -> Column:
    """A sheet-stage count column."""
    return Column("stage_" + state, STAGE_LABELS[state], "count",
                  f"Số phiếu của tháng đang ở bước “{STAGE_LABELS[state]}”.", "results")


COLUMNS = (
    Column("headcount", "Số CBCCVC", "count", "Số người thuộc cơ quan, đơn vị (phòng, ban) có thời gian công tác "
           "trong tháng."),
    Column("evaluated_share", "Tỷ lệ đã đánh giá", "percent", "Số phiếu đã được thủ trưởng phê duyệt (kể cả đã "
           "công khai, đã khóa) / số CBCCVC.", "results"),
    Column("average_points", "Điểm bình quân", "points", "Tổng điểm các phiếu đã phê duyệt / số phiếu đã phê "
           "duyệt.", "results"),
    Column("top_share", "Tỷ lệ xuất sắc", "percent", "Số phiếu Hoàn thành xuất sắc nhiệm vụ / số phiếu đã phê "
           "duyệt.", "results"),
    Column("cap_over", "Vượt tỷ lệ xuất sắc", "count", "Số người Hoàn thành xuất sắc vượt quá mức cho phép của bộ "
           "quy tắc (Nghị định 335: không quá 20 % số Hoàn thành tốt, làm tròn xuống), trong phạm vi đơn vị.",
           "results"),
    Column("completion", "Khối lượng hoàn thành / được giao", "percent", "Số lượng quy đổi (số lượng × hệ số K) "
           "đã được duyệt, theo ngày ghi nhật ký trong tháng / số lượng quy đổi được giao có hạn trong tháng (kể cả "
           "việc tự kê khai, tính ở cả hai vế)."),
    Column("on_time_share", "Tỷ lệ đúng hạn", "percent", "Số mục nhật ký đã duyệt không chậm tiến độ (hoặc chậm "
           "có nguyên nhân khách quan) / số mục nhật ký đã duyệt trong tháng."),
    Column("overdue", "Việc quá hạn", "count", "Số việc được giao có hạn trong tháng, đã quá hạn mà số lượng đã "
           "được duyệt còn thấp hơn số lượng giao."),
    Column("coverage", "Tỷ lệ ngày có nhật ký", "percent", "Tổng số ngày làm việc có ít nhất một mục nhật ký / "
           "tổng số ngày làm việc trong thời gian công tác, cộng theo từng người (tháng hiện tại: các ngày làm "
           "việc trước hôm nay)."),
    Column("okr_progress", "Tiến độ OKR", "percent", "Tiến độ bình quân các mục tiêu cấp đơn vị (đã thống nhất) "
           "của kỳ OKR ngắn nhất bao trùm tháng (thường là quý), tính đến ngày cuối tháng."),
    Column("no_sheet", "Chưa có phiếu", "count", "Số CBCCVC chưa có phiếu của tháng.", "results"),
    *(_stage(state) for state in STAGE_LABELS),
)

BY_KEY = {column.key: column for column in COLUMNS}
SORTS = ("name", *BY_KEY)
ROLL_UP_RULE = ("Dòng khối và toàn tỉnh: các số đếm được cộng lại; tỷ lệ đã đánh giá, tỷ lệ xuất sắc, khối lượng "
                "hoàn thành và tỷ lệ đúng hạn là tỷ số của các tổng; điểm bình quân, tỷ lệ ngày có nhật ký và "
                "tiến độ OKR là bình quân gia quyền theo số CBCCVC của các đơn vị có số liệu đó. Dòng đơn vị tính "
                "trực tiếp từ người của đơn vị (bằng tổng các phòng, ban).")


def shown(column: Column, value) -> str:
    """A value as written in the table: counts whole, percents and points with two decimals, Vietnamese style."""
    return WRITERS[column.kind](value)


def _count(value) -> str:
    """A count, whole: 1.234."""
    if value is None:
        return "–"
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else vn_number(value, 0)


def _percent(value) -> str:
    """A share (1 = 100 %) as a percent with two decimals: 87,35 %."""
    return "–" if value is None else vn_number(Decimal(value) * 100, 2) + " %"


def _points(value) -> str:
    """Points or an amount with two decimals: 87,35."""
    return "–" if value is None else vn_number(value, 2)


WRITERS = {"count": _count, "percent": _percent, "points": _points, "amount": _points}


def reader(column: Column):
    """A function of the figures giving the column's value, decided once (Column.value decides it every call)."""
    if column.key.startswith("stage_"):
        state = column.key[6:]
        return lambda figures: figures.stages.get(state, 0)
    return attrgetter(column.key)
