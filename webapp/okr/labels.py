"""What the OKR templates print: progress as Vietnamese percents, bar widths, period and state labels."""
from fractions import Fraction

from ..errors import DomainError
from ..formatting import vn_number
from ..reports.periods import parse_period
from .access import LEVEL_LABELS, STATE_LABELS
from .keyresults import CONFIDENCE_LABELS, MEASURED_LABELS
from .pages import stale_days
from .progress import bar_width, shown_percent


def percent(progress: Fraction | None) -> str:
    """“70,00 %”, or a dash while an objective's weights do not sum to 100 %."""
    shown = shown_percent(progress)
    return "—" if shown is None else f"{vn_number(shown)} %"


def bar(progress: Fraction | None) -> str:
    """The bar's width in CSS percent (a point, for the stylesheet)."""
    return f"{bar_width(progress):f}"


def period_label(key: str) -> str:
    """“Quý 4 năm 2026” for "2026-Q4"."""
    try:
        return parse_period(key).label
    except DomainError:
        return key


GLOBALS = {"level_labels": LEVEL_LABELS, "state_labels": STATE_LABELS, "confidence_labels": CONFIDENCE_LABELS,
           "measured_labels": MEASURED_LABELS, "stale_days": stale_days}
