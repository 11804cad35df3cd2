"""The data of Báo cáo tháng and Báo cáo sơ kết quý: the scope's units, their figures, the previous period's,
the lists that need attention and the narrative (the PDF template and the workbook read the same context)."""
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlmodel import Session, select

from ..errors import DomainError
from ..formatting import vn_date, vn_datetime
from ..models import Bloc, Level, Unit
from ..performance.refresh import refreshed_at
from ..text import vn_text_key
from .narrative import change, narrate, number, percent
from .periods import PeriodRange, parse_period
from .province_figures import BAND_NAMES, UnitFigures, figures, has_data, pending, scope_total, unit_figures
from .province_index import due_date, month_rows
from .province_scope import scope_label

# The issuing body (Nghị định 30/2020 layout). A Party body may print "ĐẢNG CỘNG SẢN VIỆT NAM" where the
# national motto is (Hướng dẫn 36-HD/VPTW): set PROVINCE_REPORT_ISSUER in the app's config to change any line.
ISSUER = {
    "superior": "TỈNH ỦY THANH HÓA",
    "name": "BAN TỔ CHỨC",
    "symbol": "BC/BTCTU",
    "place": "Thanh Hóa",
    "motto": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "recipients": ("Thường trực Tỉnh ủy (để báo cáo);", "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy (để báo cáo);",
                   "Sở Nội vụ, Ủy ban MTTQ tỉnh;", "Lưu: VT, BTCTU."),
    "signer_title": "TRƯỞNG BAN",
}
TITLES = {"monthly": "BÁO CÁO", "quarterly": "BÁO CÁO SƠ KẾT"}


@dataclass(frozen=True)
class Change:
    """One main figure now, in the previous period, and the change worded."""

    label: str
    now: str
    before: str
    change: str


def previous_span(span: PeriodRange) -> PeriodRange | None:
    """The month before, or the quarter before; None before the years the app accepts."""
    year, month = divmod(span.first.year * 12 + span.first.month - 1 - (3 if span.kind == "quarter" else 1), 12)
    key = f"{year}-Q{month // 3 + 1}" if span.kind == "quarter" else f"{year:04d}-{month + 1:02d}"
    try:
        return parse_period(key)
    except DomainError:
        return None


def scope_units(session: Session, bloc_id: int | None, pilot_only: bool) -> list[Unit]:
    """The active units of the bloc (or of the province), pilot units only if asked: by bloc, province level
    first, then in Vietnamese letter order."""
    query = select(Unit, Level.code).join(Level, Level.id == Unit.level_id).where(Unit.active)
    if bloc_id is not None:
        query = query.where(Unit.bloc_id == bloc_id)
    if pilot_only:
        query = query.where(Unit.is_pilot)
    rows = session.exec(query.order_by(Unit.id)).all()
    rows.sort(key=lambda row: (row[0].bloc_id, row[1] != "tinh", vn_text_key(row[0].short_name or row[0].name)))
    return [unit for unit, _ in rows]


def bloc_groups(lines: list[UnitFigures]) -> list[tuple[str, list, UnitFigures]]:
    """The province's units by bloc (lines come in bloc order), each bloc with its subtotal."""
    names = list(dict.fromkeys(line.bloc for line in lines))
    return [(name, members, scope_total(members))
            for name in names for members in [[line for line in lines if line.bloc == name]]]


def _lines(session: Session, units: list[Unit], span: PeriodRange) -> list[UnitFigures]:
    """Each unit's figures over the span's months."""
    rows = month_rows(session, [u.id for u in units], span.first, span.last)
    blocs = {bloc.id: bloc.name for bloc in session.exec(select(Bloc))}
    return unit_figures([(u.id, u.short_name or u.name, u.is_pilot, blocs.get(u.bloc_id, "")) for u in units], rows)


def _shown(value, places: int, suffix: str = "") -> str:
    """A figure for the change table, "—" when missing."""
    return shown_percent(value) if suffix == "%" else shown_number(value, places)


def changes(now: UnitFigures, before: UnitFigures | None, against: str) -> list[Change]:
    """The main figures against the previous period."""
    specs = (("Tỷ lệ cán bộ, công chức được đánh giá", "evaluated_percent", 1, "%", "điểm phần trăm"),
             ("Điểm đánh giá bình quân", "average_points", 2, "", "điểm"),
             ("Tỷ lệ hoàn thành xuất sắc nhiệm vụ", "excellent_percent", 1, "%", "điểm phần trăm"),
             ("Khối lượng công việc quy đổi hoàn thành so với giao", "work_percent", 1, "%", "điểm phần trăm"),
             ("Tỷ lệ công việc hoàn thành đúng hạn", "on_time_percent", 1, "%", "điểm phần trăm"),
             ("Tỷ lệ ngày làm việc có ghi nhật ký", "diary_percent", 1, "%", "điểm phần trăm"))
    result = []
    for label, name, places, suffix, unit in specs:
        value, old = getattr(now, name), getattr(before, name) if before else None
        worded = change(value, old, places, unit, against).replace(f" so với {against}", "")
        result.append(Change(label, _shown(value, places, suffix), _shown(old, places, suffix), worded or "—"))
    return result


def province_report(session: Session, kind: str, params: dict) -> dict:
    """The context of the report: period, scope, units, totals, previous period, attention lists, narrative."""
    span = parse_period(params.get("period", ""))
    before_span = previous_span(span)
    bloc_id, pilot_only = params.get("bloc_id"), bool(params.get("pilot_only"))
    units = scope_units(session, bloc_id, pilot_only)
    lines = _lines(session, units, span)
    if units and not any(has_data(line) for line in lines):
        raise DomainError(f"Bộ chỉ số hiệu quả hoạt động chưa có số liệu {span.label.lower()} của các cơ quan, đơn vị "
                          "trong phạm vi: làm mới bộ chỉ số của kỳ này rồi lập lại báo cáo.")
    before_lines = _lines(session, units, before_span) if before_span else []
    total = scope_total(lines)
    before_total = scope_total(before_lines) if any(has_data(line) for line in before_lines) else None
    word = "quý" if span.kind == "quarter" else "tháng"
    against = f"{word} trước"
    period_text = span.label[:1].lower() + span.label[1:]
    counted = "lượt" if span.kind == "quarter" else "người"
    due = due_date(date(span.last.year, span.last.month, 1))
    before_figures = figures(before_lines, before_total, counted) if before_total else None
    return {
        "kind": kind, "title": TITLES[kind], "span": span, "before_span": before_span, "period_text": period_text,
        "scope": scope_label(session, bloc_id), "pilot_only": pilot_only, "lines": lines, "total": total,
        "before_total": before_total, "band_names": BAND_NAMES, "against": against, "word": word,
        "groups": bloc_groups(lines) if bloc_id is None else [],
        "late": [line for line in lines if line.late_months],
        "over_cap": [line for line in lines if line.over_cap_months],
        "changes": changes(total, before_total, against),
        "narrative": narrate(period_text, figures(lines, total, counted, vn_date(due)), before_figures, against),
        "due": due, "pending": pending(lines), "as_of": vn_datetime(_as_of(session, units, span)),
        "issuer": {**ISSUER, **current_app.config.get("PROVINCE_REPORT_ISSUER", {})},
        "num": shown_number, "pct": shown_percent, "months_text": months_text,
    }


def _as_of(session: Session, units: list[Unit], span: PeriodRange):
    """When the index's rows of the period's last month were refreshed."""
    return refreshed_at(session, f"{span.last:%Y-%m}", [u.id for u in units]) if units else None


def shown_number(value, places: int = 0) -> str:
    """A count or points the Vietnamese way, "—" when missing."""
    return "—" if value is None else number(value, places)


def shown_percent(value) -> str:
    """A percentage with one decimal, "—" when missing."""
    return "—" if value is None else percent(value)


def months_text(months: list[date]) -> str:
    """"10, 11/2026" for the months a unit was late or over the cap."""
    if not months:
        return ""
    return ", ".join(f"{m.month:02d}" for m in months[:-1]) + (", " if len(months) > 1 else "") + f"{months[-1]:%m/%Y}"
