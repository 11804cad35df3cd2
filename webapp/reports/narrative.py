"""The short narrative of the monthly and quarterly reports: plain figures in, Vietnamese sentences out.

Pure (standard library only, like webapp.scoring): the report gathers the figures, this module only words
them. Numbers are written the Vietnamese way (1.234; 98,5%), a change is worded from the two figures as
shown (98,5% against 96,2% reads "tăng 2,3 điểm phần trăm"), so the sentence never disagrees with the table.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_SEPARATORS = str.maketrans(",.", ".,")
UNITS = "cơ quan, đơn vị"


@dataclass(frozen=True)
class Figures:
    """The main figures of a scope (a bloc or the province) for one period.

    staff: sheets due (people to evaluate; person-months in a quarter); evaluated: of them, scored by the manager
    or further; bands: people (or person-months) per band, best first, with the band names in band_names.
    Percentages are 0–100, None when there was nothing to measure."""

    units: int
    staff: int
    evaluated: int
    average_points: Decimal | None = None
    bands: tuple[int, ...] = ()
    band_names: tuple[str, ...] = ()
    work_done_percent: Decimal | None = None
    on_time_percent: Decimal | None = None
    diary_percent: Decimal | None = None
    units_late: int = 0
    units_over_cap: int = 0
    sole_unit: str = ""  # the unit's name when the scope holds exactly one
    units_pending: int = 0  # not yet done but not yet due
    due_text: str = ""  # the due date as printed ("10/12/2026")
    counted: str = "người"  # what a band count counts: "người" in a month, "lượt" (person-months) in a quarter


def number(value, places: int = 0) -> str:
    """1234.5 → "1.234,5" (half up, for display only)."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}".translate(_SEPARATORS)


def percent(value, places: int = 1) -> str:
    """98.46 → "98,5%"."""
    return f"{number(value, places)}%"


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage, None for an empty whole."""
    return None if not whole else Decimal(part) * 100 / Decimal(whole)


def shown(value, places: int) -> Decimal:
    """The value as it is printed (what a change is computed from)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def change(now, before, places: int, unit: str, against: str) -> str:
    """"tăng 2,3 điểm phần trăm so với tháng trước", "giảm 1,25 điểm …", "không thay đổi so với tháng trước";
    "" if either is missing."""
    if now is None or before is None:
        return ""
    delta = shown(now, places) - shown(before, places)
    if delta == 0:
        return f"không thay đổi so với {against}"
    word = "tăng" if delta > 0 else "giảm"
    return f"{word} {number(abs(delta), places)} {unit} so với {against}"


def _with(text: str, clause: str) -> str:
    """A figure followed by its change, if any."""
    return f"{text}, {clause}" if clause else text


def _who(f: Figures) -> str:
    """"12 cơ quan, đơn vị" or "Sở Nội vụ" for a single unit."""
    return f.sole_unit if f.units == 1 and f.sole_unit else f"{number(f.units)} {UNITS}"


def evaluated_sentence(period: str, f: Figures, prev: Figures | None, against: str) -> str:
    """The share evaluated."""
    if f.units == 0:
        return f"Trong {period}, không có {UNITS} nào trong phạm vi báo cáo."
    if f.staff == 0:
        return f"Trong {period}, {_who(f)} chưa có cán bộ, công chức thuộc diện đánh giá."
    now = share(f.evaluated, f.staff)
    before = share(prev.evaluated, prev.staff) if prev else None
    head = (f"Trong {period}, {percent(now)} cán bộ, công chức của {_who(f)} đã được đánh giá "
            f"({number(f.evaluated)}/{number(f.staff)} phiếu)")
    return _with(head, change(now, before, 1, "điểm phần trăm", against)) + "."


def points_sentence(f: Figures, prev: Figures | None, against: str) -> str:
    """The average points ("" when nobody was scored)."""
    if f.average_points is None:
        return ""
    before = prev.average_points if prev else None
    head = f"Điểm đánh giá bình quân đạt {number(f.average_points, 2)} điểm"
    return _with(head, change(f.average_points, before, 2, "điểm", against)) + "."


def bands_sentence(f: Figures, prev: Figures | None, against: str) -> str:
    """Each band's count and share of those classified; the change of the excellent share."""
    total = sum(f.bands)
    if not total:
        return ""
    parts = [f"{name} {number(count)} {f.counted} ({percent(share(count, total))})"
             for name, count in zip(f.band_names, f.bands)]
    text = "Kết quả xếp loại: " + "; ".join(parts)
    prev_total = sum(prev.bands) if prev and prev.bands else 0
    if prev_total:
        clause = change(share(f.bands[0], total), share(prev.bands[0], prev_total), 1, "điểm phần trăm", against)
        text += f"; tỷ lệ {f.band_names[0][:1].lower()}{f.band_names[0][1:]} {clause}"
    return text + "."


def work_sentence(f: Figures, prev: Figures | None, against: str) -> str:
    """Converted work completed, on time, diary coverage: each with its change."""
    pieces = []
    for value, before, label in (
        (f.work_done_percent, prev.work_done_percent if prev else None, "khối lượng công việc quy đổi hoàn thành đạt"),
        (f.on_time_percent, prev.on_time_percent if prev else None, "tỷ lệ công việc hoàn thành đúng hạn đạt"),
        (f.diary_percent, prev.diary_percent if prev else None, "tỷ lệ ngày làm việc có ghi nhật ký đạt"),
    ):
        if value is not None:
            pieces.append(_with(f"{label} {percent(value)}", change(value, before, 1, "điểm phần trăm", against)))
    if not pieces:
        return ""
    text = "; ".join(pieces)
    return text[:1].upper() + text[1:] + "."


def attention_sentence(f: Figures) -> str:
    """The units late in evaluating and those over the cap."""
    if f.units == 0:
        return ""
    if f.units_late:
        late = f"{number(f.units_late)} {UNITS} chưa hoàn thành đánh giá đúng hạn"
    elif f.units_pending:
        late = f"chưa có {UNITS} nào chậm đánh giá"
    else:
        late = f"{'tất cả ' if f.units > 1 else ''}{UNITS} đã hoàn thành đánh giá đúng hạn"
    cap = (f"{number(f.units_over_cap)} {UNITS} có số hoàn thành xuất sắc vượt tỷ lệ cho phép" if f.units_over_cap
           else f"không có {UNITS} nào vượt tỷ lệ hoàn thành xuất sắc")
    pending = (f"; {number(f.units_pending)} {UNITS} đang hoàn thành đánh giá (hạn {f.due_text})"
               if f.units_pending else "")
    text = f"{late}{pending}; {cap}."
    return text[:1].upper() + text[1:]


def narrate(period: str, f: Figures, prev: Figures | None, against: str) -> list[str]:
    """The narrative's sentences: period like "tháng 11/2026", against like "tháng trước" (the previous period)."""
    sentences = [evaluated_sentence(period, f, prev, against)]
    if f.units and f.staff:
        sentences += [points_sentence(f, prev, against), bands_sentence(f, prev, against),
                      work_sentence(f, prev, against)]
    sentences.append(attention_sentence(f))
    if f.units and prev is None:
        sentences.append(f"Chưa có số liệu {against} để so sánh.")
    return [s for s in sentences if s]
