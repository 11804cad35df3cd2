"""What the index pages show: rows sorted as asked, sort links, the band chart and the trend charts."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import or_
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..charts import Bar, Series, bar_chart, line_chart
from ..errors import DomainError
from ..evaluations.rulesets import default_ruleset_row, rules_of
from ..formatting import vn_number
from ..models import Bloc
from ..models import RuleSet as RuleSetRow
from ..org.service import unit_by_code
from ..text import vn_text_key
from . import queries, service
from .labels import BY_KEY, COLUMNS, ROLL_UP_RULE, SORTS, shown
from .render import UnitLinks, cells, unit_row

_BANDS: dict[tuple[int, int], tuple] = {}  # (rule set id, version) → its bands
PERCENT_SERIES = (("evaluated_share", "series-1"), ("coverage", "series-2"), ("on_time_share", "series-3"),
                  ("okr_progress", "series-4"))


@dataclass(frozen=True)
class Sort:
    """The table's order: a column key (or "name") and the direction."""

    key: str = "name"
    descending: bool = False

    def link(self, key: str, args: dict) -> dict:
        """The query arguments of a header's link (the page's own, then the sort): the same column flips the
        direction, another starts high first (names start at A)."""
        if key == self.key:
            return {**args, "sort": key, "dir": "asc" if self.descending else "desc"}
        return {**args, "sort": key, "dir": "asc" if key == "name" else "desc"}


def parse_sort(key: str | None, direction: str | None) -> Sort:
    """?sort=coverage&dir=desc; an unknown column sorts by name."""
    if key not in SORTS:
        return Sort()
    return Sort(key, direction == "desc")


@lru_cache(maxsize=4096)
def _name_key(label: str) -> tuple:
    """A unit's or division's sort key (names change rarely; the key costs ~20 µs to build)."""
    return vn_text_key(label)


def sort_rows(rows: list[queries.IndexRow], order: Sort) -> list[queries.IndexRow]:
    """Rows by the chosen column; rows without the figure always last, ties by name."""
    by_name = sorted(rows, key=lambda r: _name_key(r.label))
    if order.key == "name":
        return by_name[::-1] if order.descending else by_name
    column = BY_KEY[order.key]
    known = [r for r in by_name if column.value(r.figures) is not None]
    unknown = [r for r in by_name if column.value(r.figures) is None]
    return sorted(known, key=lambda r: column.value(r.figures), reverse=order.descending) + unknown


def band_levels(session: Session, month: date):
    """The rule set's bands for the month (highest first): the rule set's id and version are read, its document
    only when not yet validated (rows never change in place)."""
    found = session.exec(select(RuleSetRow.id, RuleSetRow.version).where(
        RuleSetRow.is_default, RuleSetRow.effective_from <= month,
        or_(RuleSetRow.effective_to.is_(None), RuleSetRow.effective_to >= month))
        .order_by(RuleSetRow.effective_from.desc(), RuleSetRow.version.desc())).first()
    if found is None or found not in _BANDS:
        row = default_ruleset_row(session, month)
        _BANDS[row.id, row.version] = rules_of(row).bands
        return _BANDS[row.id, row.version]
    return _BANDS[found]


def band_chart(title: str, figures, bands) -> tuple:
    """The bar chart of a distribution of bands and its rows (name, count, share) for the table beside it."""
    evaluated = figures.evaluated if figures else 0
    rows = []
    for band in bands:
        n = figures.bands.get(band.code, 0) if figures else 0
        share = Decimal(n) / evaluated if evaluated else None
        rows.append((band, n, share))
    bars = [Bar(band.name, Decimal(n), f"{n} ({vn_number(share * 100, 1)} %)" if share is not None else str(n),
                f"band-{min(band.rank, 3)}") for band, n, share in rows]
    desc = "; ".join(f"{b.label}: {b.shown}" for b in bars) or "Chưa có phiếu đã phê duyệt."
    return bar_chart(title, desc, bars), rows


def province_page(session: Session, actor: Actor, month: date, bloc_id: int | None, order: Sort) -> dict:
    """The bloc's (organiser) or the province's (admin) units for the month, with roll-ups and the band chart."""
    table = queries.index_table(session, actor, month, bloc_id)
    scope_row = table.province or (table.blocs[0] if len(table.blocs) == 1 else None)
    bands = band_levels(session, month)
    chart, chart_rows = band_chart(f"Phân bố xếp loại tháng {month:%m/%Y}", scope_row.figures if scope_row else None,
                                   bands)
    blocs = session.exec(select(Bloc).order_by(Bloc.id)).all() if actor.role == "admin" else []
    return {"table": table, "rows": sort_rows(table.units, order), "order": order, "columns": COLUMNS,
            "shown": shown, "cells": cells, "unit_row": unit_row, "unit_link": UnitLinks(month), "month": month,
            "bloc_id": bloc_id, "blocs": blocs, "scope_row": scope_row,
            "chart": chart, "chart_rows": chart_rows, "run": service.latest_run(session, actor, month),
            "roll_up_rule_text": ROLL_UP_RULE}


def unit_page(session: Session, actor: Actor, code: str, month: date, order: Sort) -> dict:
    """One unit's index for the month with its divisions, the band chart and the cap check."""
    unit = unit_by_code(session, actor, code)
    own, divisions = queries.unit_index(session, actor, unit.id, month)
    bands = band_levels(session, month)
    chart, chart_rows = band_chart(f"Phân bố xếp loại tháng {month:%m/%Y} – {unit.short_name}",
                                   own.figures if own else None, bands)
    return {"unit": unit, "own": own, "rows": sort_rows(divisions, order), "order": order, "columns": COLUMNS,
            "shown": shown, "cells": cells, "unit_row": unit_row, "unit_link": UnitLinks(month), "month": month,
            "chart": chart, "chart_rows": chart_rows,
            "refreshed_at": queries.refreshed(session, month, [unit.id]), "roll_up_rule_text": ROLL_UP_RULE}


def trend_page(session: Session, actor: Actor, code: str, month: date) -> dict:
    """The unit's 12 months ending with the chosen one: shares in one chart, average points in another."""
    unit = unit_by_code(session, actor, code)
    points = queries.unit_trend(session, actor, unit.id, month, 12)
    labels = [f"{p.month:%m/%y}" for p in points]
    series = []
    for key, css in PERCENT_SERIES:
        column = BY_KEY[key]
        values = tuple(column.value(p.figures) if p.figures else None for p in points)
        series.append(Series(column.header, values, tuple(shown(column, v) for v in values), css))
    ticks = [(Decimal(n) / 100, f"{n} %") for n in (0, 25, 50, 75, 100)]
    name = f"Xu hướng 12 tháng đến {month:%m/%Y} – {unit.short_name}"
    shares = line_chart(name, _trend_desc(labels, series), labels, series, Decimal(1), ticks)
    column = BY_KEY["average_points"]
    values = tuple(column.value(p.figures) if p.figures else None for p in points)
    average = Series(column.header, values, tuple(shown(column, v) for v in values), "series-1")
    points_chart = line_chart("Điểm bình quân – " + name, _trend_desc(labels, [average]), labels, [average],
                              Decimal(100), [(Decimal(n), str(n)) for n in (0, 50, 70, 90, 100)])
    return {"unit": unit, "month": month, "points": points, "labels": labels, "series": series,
            "average": average, "shares_chart": shares, "points_chart": points_chart, "columns": COLUMNS,
            "shown": shown}


def _trend_desc(labels: list[str], series: list[Series]) -> str:
    """The chart's numbers in words, for screen readers."""
    return " ".join(f"{s.name}: " + ", ".join(f"{label} {text}" for label, text in zip(labels, s.shown)) + "."
                    for s in series)


def month_or_refuse(first: date, today: date) -> date:
    """A month to show: not one still to come."""
    if first > today.replace(day=1):
        raise DomainError("Chưa có số liệu của tháng chưa đến.", field="month")
    return first
