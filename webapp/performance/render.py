"""The index table's rows as HTML: the figure cells and their drill-down links, built in Python for speed."""
from datetime import date
from urllib.parse import quote

from flask import url_for
from markupsafe import Markup, escape

from .labels import COLUMNS, shown
from .queries import IndexRow

_SLOT = "UNITCODESLOT"


def cells(row: IndexRow, results_url: str = "", unit_url: str = "") -> Markup:
    """A row's figure cells as HTML, each linking where its figure leads (the unit's table of sheets, or the unit's
    index) when a link is given. Written here rather than in the template: 17 cells × 166 units through Jinja's
    escaping and url_for cost ~250 ms a page; one escape per link and per text here costs a few."""
    results, unit = escape(results_url), escape(unit_url)
    parts = []
    for column in COLUMNS:
        value = column.value(row.figures)
        text = escape(shown(column, value))
        link = results if column.drill == "results" else unit
        over = " over" if column.key == "cap_over" and value else ""
        body = f'<a href="{link}">{text}</a>' if link else text
        parts.append(f'<td class="num{over}" data-col="{column.key}">{body}</td>')
    return Markup("".join(parts))


class UnitLinks:
    """A row's two drill-down addresses, from one url_for per endpoint and month (a unit code is a URL-safe slug,
    quoted anyway): the unit's table of sheets (its division's, for a division row) and the unit's index."""

    def __init__(self, month: date):
        m = f"{month:%Y-%m}"
        self.patterns = {"results": url_for("evaluations.unit_results", code=_SLOT, month=m),
                         "unit": url_for("performance.unit", code=_SLOT, month=m)}

    def __call__(self, row: IndexRow, kind: str) -> str:
        """The address of this kind for the row."""
        url = self.patterns[kind].replace(_SLOT, quote(row.unit_code or "", safe=""))
        return url + f"&division={row.division_id}" if kind == "results" and row.division_id else url
