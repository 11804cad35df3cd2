"""The pilot review of the pilot units over a span of months: role first, then the span, then a handful of
grouped queries (pilot.queries) turned into one column of figures per unit."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlmodel import Session, select

from ..auth.actor import Actor
from ..clock import LOCAL_TZ
from ..errors import DomainError
from ..evaluations.rulesets import default_ruleset_row, rules_of
from ..models import EvaluationSheet, Period, RuleSet, Unit
from ..workdays import working_days
from . import queries
from .access import pilot_units, require_viewer
from .span import MonthSpan, month_span

TOP = 10
DEADLINE_NOTE = ("Chưa có cấu hình hạn phê duyệt phiếu đánh giá: phiếu được tính là đúng hạn khi thủ trưởng phê "
                 "duyệt đến hết ngày cuối của kỳ đánh giá (ngày cuối tháng).")


@dataclass(frozen=True)
class ItemUse:
    """A catalogue item and its approved use within the span."""

    code: str
    name: str
    entries: int = 0
    converted: Decimal = Decimal(0)


@dataclass
class UnitFigures:
    """One pilot unit's column: raw counts (the page, PDF and workbook word them alike, pilot.table)."""

    unit: Unit
    accounts: int = 0
    logged_in: int = 0
    people: int = 0
    person_days: int = 0
    diary_days: int = 0
    entries: int = 0
    sent: int = 0
    approved: int = 0
    timed: int = 0
    median_hours: Decimal | None = None
    p90_hours: Decimal | None = None
    returns: int = 0
    returned_entries: int = 0
    sheets: int = 0
    approved_sheets: int = 0
    on_time: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    appeals: int = 0
    answered: int = 0
    items: int = 0
    unused: list[ItemUse] = field(default_factory=list)
    top: list[ItemUse] = field(default_factory=list)


@dataclass(frozen=True)
class PilotReview:
    """The span, its working days, the bands in order (code, name) and each pilot unit's figures."""

    span: MonthSpan
    working_days: int
    bands: list[tuple[str, str]]
    units: list[UnitFigures]
    deadline_note: str = DEADLINE_NOTE


def review(session: Session, actor: Actor, from_text: str | None, to_text: str | None, today: date) -> PilotReview:
    """The figures of every pilot unit for the typed span (refusals: the role, then the span's fields)."""
    require_viewer(actor)
    return gather(session, pilot_units(session), month_span(from_text, to_text, today))


def deadline_of(period: Period) -> datetime:
    """When a sheet of the period is late: after its last day, local time (no deadline configuration exists)."""
    return datetime.combine(period.ends_on + timedelta(days=1), time(), LOCAL_TZ).astimezone(timezone.utc)


def gather(session: Session, units: list[Unit], span: MonthSpan) -> PilotReview:
    """Every figure of the units over the span."""
    ids = [unit.id for unit in units]
    columns = {unit.id: UnitFigures(unit) for unit in units}
    days = working_days(session, span.first, span.end)
    start, end = queries.local_bounds(span)
    _diary(session, ids, span, days, columns)
    _approvals(session, ids, span, start, columns)
    for unit_id, count in queries.accounts(session, ids, end).items():
        columns[unit_id].accounts = count
    for unit_id, count in queries.logged_in(session, ids, start, end).items():
        columns[unit_id].logged_in = count
    periods = queries.periods(session, ids, span)
    _sheets(session, periods, columns)
    _catalogue(session, ids, span, columns)
    return PilotReview(span, len(days), _band_names(session, span, periods), list(columns.values()))


def _diary(session: Session, ids: list[int], span: MonthSpan, days: list[date], columns: dict) -> None:
    """Who keeps a diary, their working days, the days with a diary and the entries."""
    people, person_days = queries.person_days(session, ids, days)
    for unit_id, column in columns.items():
        column.people, column.person_days = people.get(unit_id, 0), person_days.get(unit_id, 0)
    for unit_id, count in queries.diary_days(session, ids, days).items():
        columns[unit_id].diary_days = count
    for unit_id, count in queries.kept_entries(session, ids, span).items():
        columns[unit_id].entries = count


def _approvals(session: Session, ids: list[int], span: MonthSpan, start: datetime, columns: dict) -> None:
    """Sent and approved entries, the time to approval, the returns."""
    for unit_id, (sent, approved) in queries.review_counts(session, ids, span).items():
        columns[unit_id].sent, columns[unit_id].approved = sent, approved
    for unit_id, (timed, (median, p90)) in queries.approval_times(session, ids, span).items():
        column = columns[unit_id]
        column.timed, column.median_hours, column.p90_hours = timed, median, p90
    for unit_id, (times, entries) in queries.returns(session, ids, span, start).items():
        columns[unit_id].returns, columns[unit_id].returned_entries = times, entries


def _sheets(session: Session, periods: list[Period], columns: dict) -> None:
    """Sheets, approvals on time, bands and appeals over the span's periods."""
    period_ids = [period.id for period in periods]
    for unit_id, (total, done, on_time) in queries.sheet_counts(
            session, {period.id: deadline_of(period) for period in periods}).items():
        column = columns[unit_id]
        column.sheets, column.approved_sheets, column.on_time = total, done, on_time
    for unit_id, band, count in queries.band_counts(session, period_ids) if period_ids else []:
        columns[unit_id].bands[band] = count
    for unit_id, (filed, answered) in (queries.appeal_counts(session, period_ids) if period_ids else {}).items():
        columns[unit_id].appeals, columns[unit_id].answered = filed, answered


def _band_names(session: Session, span: MonthSpan, periods: list[Period]) -> list[tuple[str, str]]:
    """The bands in the order of the rule set in force at the span's start, then any other used by the sheets."""
    rows = _default_rule_set(session, span)
    rows += list(session.exec(select(RuleSet).where(RuleSet.id.in_(_used_rule_sets(session, periods)))))
    bands: dict[str, str] = {}
    for row in rows:
        for band in rules_of(row).bands:
            bands.setdefault(band.code, band.name)
    return list(bands.items())


def _default_rule_set(session: Session, span: MonthSpan) -> list[RuleSet]:
    """The default rule set in force at the span's start, else at its end (a span may begin before the first)."""
    for day in (span.first, span.end):
        try:
            return [default_ruleset_row(session, day)]
        except DomainError:
            continue
    return []


def _used_rule_sets(session: Session, periods: list[Period]) -> list[int]:
    """The rule sets the periods' sheets were scored with."""
    if not periods:
        return []
    return list(session.exec(select(EvaluationSheet.rule_set_id).distinct()
                             .where(EvaluationSheet.period_id.in_([p.id for p in periods]))))


def _catalogue(session: Session, ids: list[int], span: MonthSpan, columns: dict) -> None:
    """The catalogue's size, its items unused within the span, and the TOP most used (by approved entries)."""
    used: dict[int, dict[int, ItemUse]] = defaultdict(dict)
    for unit_id, item_id, code, name, entries, converted in queries.item_use(session, ids, span):
        used[unit_id][item_id] = ItemUse(code, name, entries, converted)
    for unit_id, item_id, code, name in queries.catalogue(session, ids, span):
        column = columns[unit_id]
        column.items += 1
        if item_id not in used[unit_id]:
            column.unused.append(ItemUse(code, name))
    for unit_id, items in used.items():
        ranked = sorted(items.values(), key=lambda use: (-use.entries, -use.converted, use.code))
        columns[unit_id].top = ranked[:TOP]
