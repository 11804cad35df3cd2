"""The index table's rows as HTML: the name, the figure cells and their drill-down links, built in Python for
speed (a province page writes 166 rows of 17 linked cells)."""
from datetime import date
from urllib.parse import quote

from flask import url_for
from markupsafe import Markup, escape

from .labels import COLUMNS, WRITERS, reader
from .queries import IndexRow

_SLOT = "UNITCODESLOT"


def cells(row: IndexRow, results_url: str = "", unit_url: str = "") -> Markup:
    """A row's figure cells as HTML, each linking where its figure leads (the unit's table of sheets, or the unit's
    index) when a link is given. Written here rather than in the template: 17 cells × 166 units through Jinja's
    escaping and url_for cost ~250 ms a page; one escape per link here costs a few."""
    links = {"results": escape(results_url), "unit": escape(unit_url)}
    figures = row.figures
    parts = []
    for value_of, write, drill, opening, opening_over in _CELL_PLAN:
        value = value_of(figures)
        # The writers give digits, separators, " %" and "–" only: nothing in them needs escaping.
        text = write(value)
        link = links[drill]
        body = f'<a href="{link}">{text}</a>' if link else text
        parts.append(f"{opening_over if value else opening}{body}</td>")
    return Markup("".join(parts))


def _plan(column) -> tuple:
    """A column's reader, writer and link kind, with its cell's opening tag, plain and (cap check) marked over."""
    over = " over" if column.key == "cap_over" else ""
    return (reader(column), WRITERS[column.kind], column.drill, f'<td class="num" data-col="{column.key}">',
            f'<td class="num{over}" data-col="{column.key}">')


_CELL_PLAN = tuple(_plan(column) for column in COLUMNS)


def unit_row(row: IndexRow, links: "UnitLinks", own_unit: bool) -> Markup:
    """A unit's or division's line: its name (linking to the unit's index, except on the unit's own page) and its
    cells. One call a row: Jinja's per-row work was a third of the province page's rendering."""
    results_url = links(row, "results")
    unit_url = "" if own_unit else links(row, "unit")
    title = f' title="{escape(row.full_name)}"' if row.full_name else ""
    label = escape(row.label)
    name = f'<a href="{escape(unit_url)}">{label}</a>' if unit_url else label
    return Markup(f'<tr id="{row.kind}-{row.division_id or row.unit_id}"><th class="name"{title}>{name}</th>'
                  f'{cells(row, results_url, unit_url)}</tr>')


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
