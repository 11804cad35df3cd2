"""The pilot review's pure arithmetic and wording: ratios, percentiles, durations (no database, no Flask app)."""
import math
from bisect import bisect_left, bisect_right
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..formatting import vn_number

MEDIAN, P90 = Fraction(1, 2), Fraction(9, 10)
PERCENTILES = (MEDIAN, P90)
NOTHING = "—"  # a figure with nothing to count (no accounts, no working day, no approval)


def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole, or None when there is nothing to divide by."""
    return Decimal(part) / Decimal(whole) if whole else None


def percent_text(part: int, whole: int) -> str:
    """"60,0 %", or "—" when whole is 0."""
    share = ratio(part, whole)
    return NOTHING if share is None else f"{vn_number(share * 100, 1)} %"


def share_text(part: int, whole: int) -> str:
    """"12/20 (60,0 %)", or "—" when whole is 0."""
    return NOTHING if not whole else f"{part}/{whole} ({percent_text(part, whole)})"


def rate_text(count: int, days: int) -> str:
    """count per day with two decimals ("2,35"), or "—" without a day."""
    per_day = ratio(count, days)
    return NOTHING if per_day is None else vn_number(per_day, 2)


def rank_bounds(n: int, p: Fraction) -> tuple[int, int, Fraction]:
    """The 0-based ranks of the two sorted values around the p-th percentile of n values and the upper one's
    weight: linear interpolation between closest ranks, as PostgreSQL's percentile_cont."""
    position = (n - 1) * p
    low = math.floor(position)
    return low, min(low + 1, n - 1), position - low


def interpolate(low: Decimal, high: Decimal, weight: Fraction) -> Decimal:
    """low + (high − low) × weight, exactly."""
    return low + (high - low) * Decimal(weight.numerator) / Decimal(weight.denominator)


def percentile(values, p: Fraction) -> Decimal | None:
    """The p-th percentile of the values (None for none): what the SQL's ranks give, for reference and tests."""
    ordered = sorted(Decimal(str(v)) for v in values)
    if not ordered:
        return None
    low, high, weight = rank_bounds(len(ordered), p)
    return interpolate(ordered[low], ordered[high], weight)


def percentile_of_ranks(n: int, p: Fraction, by_rank: dict[int, Decimal]) -> Decimal | None:
    """The p-th percentile of n values of which only the ranks around it were fetched (0-based rank → value)."""
    if not n:
        return None
    low, high, weight = rank_bounds(n, p)
    return interpolate(by_rank[low], by_rank[high], weight)


def duration_text(hours: Decimal | None) -> str:
    """Calendar time as people say it: "45 phút", "5,5 giờ", "2 ngày 3 giờ"; "—" for none."""
    if hours is None:
        return NOTHING
    if hours < 1:
        return f"{vn_number(hours * 60, 0)} phút"
    if hours < 24:
        return f"{vn_number(hours, 1)} giờ"
    whole = int(Decimal(hours).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    days, rest = divmod(whole, 24)
    return f"{days} ngày {rest} giờ" if rest else f"{days} ngày"


def days_in_post(days: list[date], started_on: date | None, left_on: date | None) -> int:
    """How many of the sorted working days fall between a person's start and leaving dates (both counted)."""
    first = bisect_left(days, started_on) if started_on else 0
    after = bisect_right(days, left_on) if left_on else len(days)
    return max(0, after - first)
