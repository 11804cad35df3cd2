"""SVG builders: plain data in, one <svg> element out (Markup), with <title> and <desc> for screen readers.

No style attributes (the CSP refuses them): colours come from classes in static/css/charts.css, with a print
rule that turns them into greys and dashes. Each chart's numbers are also printed in a table beside it by the
template; the values here are already formatted text, so the builders know nothing of Vietnamese number style.
"""
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from markupsafe import Markup, escape

_ids = count(1)
WIDTH = 560
LABEL_W = 190
BAR_H = 22
GAP = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, the value as written, and a class for its colour."""

    label: str
    value: Decimal
    shown: str
    css: str = ""


@dataclass(frozen=True)
class Series:
    """One line of a trend: its name, one value per label (None: a gap), the values as written, a class."""

    name: str
    values: tuple[Decimal | None, ...]
    shown: tuple[str, ...]
    css: str = "series-1"


def _head(title: str, desc: str, width: int, height: int, css: str) -> tuple[str, str]:
    """The opening tag with its accessible name and description, and the closing tag."""
    n = next(_ids)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="chart-{n}-t chart-{n}-d">'
            f'<title id="chart-{n}-t">{escape(title)}</title><desc id="chart-{n}-d">{escape(desc)}</desc>', "</svg>")


def _num(value) -> str:
    """A coordinate with at most one decimal."""
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def bar_chart(title: str, desc: str, bars: list[Bar], max_value: Decimal | None = None) -> Markup:
    """Horizontal bars, one a row: label on the left, the written value at the bar's end."""
    height = max(1, len(bars)) * (BAR_H + GAP) + GAP
    top = max_value or max((b.value for b in bars), default=Decimal(0)) or Decimal(1)
    room = WIDTH - LABEL_W - 70
    open_, close = _head(title, desc, WIDTH, height, "bar-chart")
    parts = [open_]
    for i, bar in enumerate(bars):
        y = GAP + i * (BAR_H + GAP)
        length = room * min(bar.value, top) / top if top else 0
        parts.append(
            f'<g class="bar {escape(bar.css)}"><text class="label" x="{LABEL_W - 6}" y="{y + BAR_H * 0.7:.1f}" '
            f'text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{_num(length)}" height="{BAR_H}" rx="2"><title>'
            f'{escape(bar.label)}: {escape(bar.shown)}</title></rect>'
            f'<text class="value" x="{_num(LABEL_W + length + 6)}" y="{y + BAR_H * 0.7:.1f}">{escape(bar.shown)}'
            f'</text></g>')
    parts.append(close)
    return Markup("".join(parts))


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known points (a missing month breaks the line)."""
    runs, run = [], []
    for point in points:
        if point is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point)
    return runs + ([run] if run else [])


def line_chart(title: str, desc: str, labels: list[str], series: list[Series], y_max: Decimal,
               y_ticks: list[tuple[Decimal, str]]) -> Markup:
    """Lines over labelled steps (months), a y axis from 0 to y_max with written ticks, and a legend."""
    left, right, top, bottom = 56, 16, 12, 48
    height = 260 + 18 * len(series)
    plot_h = height - top - bottom - 18 * len(series)
    step = (WIDTH - left - right) / max(1, len(labels) - 1)

    def y_of(value) -> float:
        return top + plot_h - plot_h * float(min(value, y_max)) / float(y_max or 1)

    open_, close = _head(title, desc, WIDTH, height, "line-chart")
    parts = [open_, '<g class="axis">']
    for value, text in y_ticks:
        y = y_of(value)
        parts.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(text)}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{left + i * step:.1f}" y="{top + plot_h + 18:.1f}" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append("</g>")
    for s in series:
        points = [None if v is None else (left + i * step, y_of(v)) for i, v in enumerate(s.values)]
        parts.append(f'<g class="series {escape(s.css)}">')
        for run in _segments(points):
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(f'<polyline points="{path}"/>')
        for i, point in enumerate(points):
            if point is not None:
                parts.append(f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="3"><title>{escape(s.name)}, '
                             f'{escape(labels[i])}: {escape(s.shown[i])}</title></circle>')
        parts.append("</g>")
    legend_y = top + plot_h + 34
    for i, s in enumerate(series):
        y = legend_y + 18 * i
        parts.append(f'<g class="legend series {escape(s.css)}"><line x1="{left}" x2="{left + 28}" y1="{y}" '
                     f'y2="{y}"/><text x="{left + 36}" y="{y + 4}">{escape(s.name)}</text></g>')
    parts.append(close)
    return Markup("".join(parts))
