"""A person's day cells of the hours table, written in Python: 31 cells × a unit's people through Jinja cost a
third of the page at province scale."""
from datetime import date
from decimal import Decimal

from markupsafe import Markup

from ..formatting import vn_quantity


def day_cells(line: dict, days: list[date], working: set[date], long_day: Decimal) -> Markup:
    """One cell a day: its hours (blank without entries), greyed on days off, red above the long day."""
    long_days = set(line["long_days"])
    long_title = f' title="Trên {vn_quantity(long_day)} giờ"'
    parts, written = [], {None: ""}
    for day, hours in zip(days, line["hours"]):
        # vn_quantity writes digits and separators only: nothing in a cell needs escaping. A month repeats the
        # same few values (8, 7,5 …): each is written once.
        text = written.get(hours)
        if text is None:
            text = written[hours] = vn_quantity(hours)
        css = "num" if day in working else "num off"
        if day in long_days:
            parts.append(f'<td class="{css} long"{long_title}>{text}</td>')
        else:
            parts.append(f'<td class="{css}">{text}</td>')
    return Markup("".join(parts))
