"""Charts drawn on the server as inline SVG: bars for distributions, lines for trends; no chart JavaScript."""
from .svg import Bar, Series, bar_chart, line_chart

__all__ = ["Bar", "Series", "bar_chart", "line_chart"]
