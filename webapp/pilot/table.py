"""The review's figures worded once for the page, the PDF and the workbook: sections of rows, a cell per unit
(its text, and the number the workbook writes)."""
from dataclasses import dataclass
from decimal import Decimal

from ..formatting import vn_number
from .figures import duration_text, rate_text, ratio, share_text
from .service import TOP, PilotReview, UnitFigures


@dataclass(frozen=True)
class Cell:
    """What a unit's cell shows, and its value as a number (a ratio in %, a count, hours) or None."""

    text: str
    number: Decimal | int | None = None


@dataclass(frozen=True)
class Row:
    """An indicator across the units."""

    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Section:
    """A group of indicators under a heading."""

    title: str
    rows: list[Row]


def _share(part: int, whole: int) -> Cell:
    """"12/20 (60,0 %)", its number the percentage."""
    share = ratio(part, whole)
    return Cell(share_text(part, whole), None if share is None else share * 100)


def _count(value: int) -> Cell:
    """A plain count."""
    return Cell(vn_number(value, 0), value)


def _row(label: str, units: list[UnitFigures], make) -> Row:
    """One indicator: the label, then make(unit) for each unit."""
    return Row(label, [make(u) for u in units])


def _hours(value: Decimal | None) -> Cell:
    """A duration in words, its number in hours."""
    return Cell(duration_text(value), value)


def sections(review: PilotReview) -> list[Section]:
    """Every indicator of the review, in the order the conference reads them."""
    u = review.units
    use = Section("I. Sử dụng phần mềm", [
        _row("Tài khoản đã đăng nhập trong kỳ / tổng số tài khoản", u, lambda f: _share(f.logged_in, f.accounts)),
        _row("Người ghi nhật ký (đang công tác, có tài khoản)", u, lambda f: _count(f.people)),
        _row("Độ phủ nhật ký: ngày làm việc có nhật ký / ngày làm việc", u,
             lambda f: _share(f.diary_days, f.person_days)),
        _row("Mục nhật ký bình quân mỗi người mỗi ngày làm việc", u,
             lambda f: Cell(rate_text(f.entries, f.person_days), ratio(f.entries, f.person_days)))])
    approvals = Section("II. Duyệt nhật ký", [
        _row("Mục nhật ký đã gửi duyệt", u, lambda f: _count(f.sent)),
        _row("Mục nhật ký đã duyệt", u, lambda f: _count(f.approved)),
        _row("Thời gian từ gửi duyệt đến khi duyệt: trung vị", u, lambda f: _hours(f.median_hours)),
        _row("Thời gian từ gửi duyệt đến khi duyệt: 90 % số mục được duyệt trong vòng", u,
             lambda f: _hours(f.p90_hours)),
        _row("Lượt trả lại mục nhật ký", u, lambda f: _count(f.returns)),
        _row("Mục bị trả lại ít nhất một lần / mục đã gửi duyệt", u, lambda f: _share(f.returned_entries, f.sent))])
    sheets = Section("III. Đánh giá, xếp loại", [
        _row("Phiếu đánh giá của các kỳ trong thời gian tổng hợp", u, lambda f: _count(f.sheets)),
        _row("Phiếu đã được thủ trưởng phê duyệt / số phiếu", u, lambda f: _share(f.approved_sheets, f.sheets)),
        _row("Phiếu phê duyệt đúng hạn (*) / số phiếu", u, lambda f: _share(f.on_time, f.sheets)),
        *[_row(f"Xếp loại “{name}” / số phiếu đã phê duyệt", u,
               lambda f, code=code: _share(f.bands.get(code, 0), f.approved_sheets)) for code, name in review.bands],
        _row("Kiến nghị về kết quả đánh giá", u, lambda f: _count(f.appeals)),
        _row("Kiến nghị đã được trả lời / số kiến nghị", u, lambda f: _share(f.answered, f.appeals))])
    catalogue = Section("IV. Danh mục sản phẩm/công việc", [
        _row("Sản phẩm/công việc trong danh mục", u, lambda f: _count(f.items)),
        _row("Chưa được dùng trong thời gian tổng hợp / số sản phẩm/công việc", u,
             lambda f: _share(len(f.unused), f.items))])
    return [use, approvals, sheets, catalogue]


def top_rows(review: PilotReview) -> list[list[str]]:
    """The most used items, rank by rank: "MÃ · tên (n mục)" per unit, "" where a unit used fewer."""
    def cell(figures: UnitFigures, rank: int) -> str:
        if rank >= len(figures.top):
            return ""
        item = figures.top[rank]
        return f"{item.code} · {item.name} ({vn_number(item.entries, 0)} mục)"
    depth = min(TOP, max((len(f.top) for f in review.units), default=0))
    return [[cell(figures, rank) for figures in review.units] for rank in range(depth)]


DEFINITIONS = (
    "Tài khoản đã đăng nhập: tài khoản đang hoạt động của đơn vị có ít nhất một lần đăng nhập trong thời gian "
    "tổng hợp (theo nhật ký hệ thống).",
    "Độ phủ nhật ký: số cặp (người, ngày làm việc) có ít nhất một mục nhật ký, trên số ngày làm việc của những "
    "người đang công tác có tài khoản (trừ thứ Bảy, Chủ nhật, ngày nghỉ lễ, tết; tính từ ngày bắt đầu công tác và "
    "ngày được cấp tài khoản).",
    "Thời gian duyệt: thời gian thực (kể cả ngày nghỉ) từ lần gửi duyệt cuối đến khi lãnh đạo duyệt, của các mục "
    "đã duyệt có ngày nhật ký trong thời gian tổng hợp; trung vị là mức mà một nửa số mục được duyệt nhanh hơn.",
    "Xếp loại: theo phiếu đã được thủ trưởng phê duyệt. Sản phẩm/công việc được dùng: có mục nhật ký đã duyệt.",
)
