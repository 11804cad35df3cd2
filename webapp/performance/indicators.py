"""The unit performance index (Bộ chỉ số hiệu quả hoạt động): pure rules, standard library only.

Raw counts of one unit-month or division-month (what the refresh's GROUP BY queries give) become the figures
shown; bloc and province rows are rolled up from their units' rows. Exact rules, shown on the page as well:

- headcount: the people of the unit (division) in service at some day of the month.
- sheets by stage: draft, self_assessed, reviewed, approved, published, locked; no_sheet = headcount − sheets
  (never below 0). evaluated = approved + published + locked (the head has approved the result).
- evaluated_share = evaluated / headcount.
- average_points = Σ total points of evaluated sheets / evaluated.
- bands: evaluated sheets per band code; top_share = the cap band's count / evaluated.
- cap check (the rule set's cap, unit scope): allowed = share × Σ base bands, rounded as the rule set says
  (335: floor of 20 % of "tốt"); cap_over = max(0, top − allowed).
- completion = converted work completed (approved, Σ quantity × K, diary date in the month) / converted work
  assigned (deadline in the month, not cancelled, plus declared work, which counts on both sides).
- on_time_share = approved entries not late (or late with an objective cause) / approved entries.
- overdue: assignments with a deadline in the month, already passed, whose approved quantity is below the
  quantity assigned.
- coverage = Σ working days with at least one diary entry / Σ working days in service, over the people
  (the current month counts the working days before today).
- okr_progress: the unit's objectives' progress at the month's end (okr.kpi: the shortest OKR period covering
  the month, usually its quarter); okr_pace: that progress against the plan's pace. Units only.

Roll-ups (division → unit is not a roll-up: a unit's row counts its own people directly, so its counts equal
the sum of its division rows): counts and sums are summed; evaluated_share, completion and on_time_share are
the ratios of the summed counts; average_points, coverage and OKR progress are means weighted by headcount,
Σ (figure × headcount) / Σ headcount over the children that have the figure; cap_over is summed and
units_over_cap counts the children over the cap.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

STAGES = ("draft", "self_assessed", "reviewed", "approved", "published", "locked")
EVALUATED = ("approved", "published", "locked")
ZERO = Decimal(0)
_MODES = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceiling": ROUND_CEILING}


@dataclass(frozen=True)
class CapRule:
    """The rule set's cap as the index needs it: the capped band, the base bands, the share, the rounding."""

    band: str = "xuat_sac"
    base_bands: tuple[str, ...] = ("tot",)
    share: Decimal = Decimal("0.2")
    rounding: str = "floor"


@dataclass(frozen=True)
class Raw:
    """The counts of one unit-month or division-month, as the refresh's SQL gives them."""

    headcount: int = 0
    stages: tuple[tuple[str, int], ...] = ()  # (state, sheets)
    points_sum: Decimal = ZERO  # Σ total points of evaluated sheets
    bands: tuple[tuple[str, int], ...] = ()  # (band code, evaluated sheets)
    assigned: Decimal = ZERO  # converted work assigned
    completed: Decimal = ZERO  # converted work completed (approved)
    entries: int = 0  # approved entries
    on_time: int = 0  # approved entries not late, or late with an objective cause
    overdue: int = 0
    working_days: int = 0  # Σ over the people
    diary_days: int = 0  # Σ over the people
    okr_progress: Decimal | None = None  # 1 = 100 %
    okr_pace: Decimal | None = None


@dataclass(frozen=True)
class Figures:
    """The index of one row: the counts kept, the ratios derived (Decimal, unrounded; 1 = 100 %)."""

    headcount: int
    stages: dict[str, int] = field(hash=False)
    no_sheet: int
    evaluated: int
    evaluated_share: Decimal | None
    points_sum: Decimal
    average_points: Decimal | None
    bands: dict[str, int] = field(hash=False)
    top_count: int
    top_share: Decimal | None
    cap_base: int
    cap_allowed: int
    cap_over: int
    units_over_cap: int
    assigned: Decimal
    completed: Decimal
    completion: Decimal | None
    entries: int
    on_time: int
    on_time_share: Decimal | None
    overdue: int
    working_days: int
    diary_days: int
    coverage: Decimal | None
    okr_progress: Decimal | None
    okr_pace: Decimal | None
    units: int = 1


def ratio(part, whole) -> Decimal | None:
    """part / whole as a Decimal, None when there is no whole."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def cap_allowed(rule: CapRule, base: int) -> int:
    """How many may hold the capped band: share × base, rounded as the rule set says."""
    return int((rule.share * base).to_integral_value(rounding=_MODES[rule.rounding]))


def figures(raw: Raw, rule: CapRule) -> Figures:
    """The index figures of one unit-month or division-month."""
    stages = {state: 0 for state in STAGES} | dict(raw.stages)
    bands = dict(raw.bands)
    evaluated = sum(stages[s] for s in EVALUATED)
    sheets = sum(stages.values())
    top = bands.get(rule.band, 0)
    base = sum(bands.get(code, 0) for code in rule.base_bands)
    allowed = cap_allowed(rule, base)
    over = max(0, top - allowed)
    return Figures(
        headcount=raw.headcount, stages=stages, no_sheet=max(0, raw.headcount - sheets), evaluated=evaluated,
        evaluated_share=ratio(evaluated, raw.headcount), points_sum=raw.points_sum,
        average_points=ratio(raw.points_sum, evaluated), bands=bands, top_count=top,
        top_share=ratio(top, evaluated), cap_base=base, cap_allowed=allowed, cap_over=over,
        units_over_cap=1 if over else 0, assigned=raw.assigned, completed=raw.completed,
        completion=ratio(raw.completed, raw.assigned), entries=raw.entries, on_time=raw.on_time,
        on_time_share=ratio(raw.on_time, raw.entries), overdue=raw.overdue, working_days=raw.working_days,
        diary_days=raw.diary_days, coverage=ratio(raw.diary_days, raw.working_days),
        okr_progress=raw.okr_progress, okr_pace=raw.okr_pace)


def weighted_mean(pairs: Iterable[tuple[Decimal | None, int]]) -> Decimal | None:
    """Σ (value × weight) / Σ weight over the pairs whose value is known (None when none is, or no weight)."""
    known = [(value, weight) for value, weight in pairs if value is not None]
    total = sum(weight for _, weight in known)
    if not total:
        return None
    return sum((value * weight for value, weight in known), ZERO) / Decimal(total)


def _summed(children: list[Figures], name: str):
    """Σ of one count over the children."""
    return sum((getattr(child, name) for child in children), type(getattr(children[0], name))(0))


def _summed_map(children: list[Figures], name: str) -> dict[str, int]:
    """Σ of a {code: count} mapping over the children."""
    total: dict[str, int] = {}
    for child in children:
        for code, count in getattr(child, name).items():
            total[code] = total.get(code, 0) + count
    return total


def roll_up(children: Iterable[Figures]) -> Figures | None:
    """A bloc's or the province's figures from its units' (see the module's rules); None for no children."""
    children = list(children)
    if not children:
        return None
    s = {name: _summed(children, name) for name in (
        "headcount", "no_sheet", "evaluated", "points_sum", "top_count", "cap_base", "cap_allowed", "cap_over",
        "units_over_cap", "assigned", "completed", "entries", "on_time", "overdue", "working_days", "diary_days",
        "units")}
    mean = {name: weighted_mean((getattr(c, name), c.headcount) for c in children)
            for name in ("average_points", "coverage", "okr_progress", "okr_pace")}
    return Figures(
        stages=_summed_map(children, "stages"), bands=_summed_map(children, "bands"),
        evaluated_share=ratio(s["evaluated"], s["headcount"]), top_share=ratio(s["top_count"], s["evaluated"]),
        completion=ratio(s["completed"], s["assigned"]), on_time_share=ratio(s["on_time"], s["entries"]),
        **s, **mean)


def with_okr(values: Figures, progress: Decimal | None, pace: Decimal | None) -> Figures:
    """The same figures with the unit's OKR progress set."""
    return replace(values, okr_progress=progress, okr_pace=pace)
