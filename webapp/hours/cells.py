"""A person's day cells of the hours table, written in Python: 31 cells × a unit's people through Jinja cost a
third of the page at province scale."""
from datetime import date
from decimal import Decimal
from functools import lru_cache

from markupsafe import Markup

from ..formatting import vn_quantity


@lru_cache(maxsize=4096)
def _written(hours: Decimal) -> str:
    """A day's hours as written: a unit's month repeats the same few values (8, 7,5 …), and equal Decimals are
    written alike (vn_quantity reads the value, not its trailing zeros)."""
    return vn_quantity(hours)


def day_cells(line: dict, days: list[date], working: set[date], long_day: Decimal) -> Markup:
    """One cell a day: its hours (blank without entries), greyed on days off, red above the long day."""
    long_days = set(line["long_days"])
    long_title = f' title="Trên {vn_quantity(long_day)} giờ"'
    parts = []
    for day, hours in zip(days, line["hours"]):
        # vn_quantity writes digits and separators only: nothing in a cell needs escaping.
        text = _written(hours) if hours is not None else ""
        css = "num" if day in working else "num off"
        if day in long_days:
            parts.append(f'<td class="{css} long"{long_title}>{text}</td>')
        else:
            parts.append(f'<td class="{css}">{text}</td>')
    return Markup("".join(parts))
