"""Quarter and year results: the average of the period totals over the months actually worked.

Interpretation choices, fields of the rule set's `periods` block:
- `average_of` "displayed_total": the monthly totals as printed (two decimals) are averaged, so
  anyone can redo the sum from the sheets; the average is then rounded as the rule set says.
- `min_months_worked`: below it (year: 6) the person is not classified, unless the shortfall
  comes from maternity leave and `maternity_leave_exempt` is set (Nghị định 48/2023).
- `carry_override_flags`: a flag raised in any month (e.g. disciplined) holds for the whole
  quarter or year; `unclassified_over_overrides` says which wins when both apply.
- `condition_metrics` "mean": band conditions (366-QĐ/TW) are read on the mean of the monthly
  metrics; "min" would require every month to meet them.

Arithmetic: the average and the mean metrics are exact Fractions, rounded once (`exact.rounded`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .bands import classify
from .errors import ScoringInputError
from .exact import exact, rounded
from .explain import BandReason, Step
from .facts import Flags
from .rules import RuleSet

ZERO = Decimal(0)
METRICS = ("a", "b", "c", "exceeded", "on_time")


@dataclass(frozen=True, slots=True)
class MonthResult:
    """A month's scored result of one person, as frozen on their sheet."""

    key: str
    total: Decimal
    total_raw: Decimal
    metrics: dict
    flags: Flags = Flags()
    is_leader: bool = False


@dataclass(frozen=True, slots=True)
class PeriodResult:
    """A quarter's or a year's average, band and explanation."""

    kind: str
    months_worked: int
    average: Decimal | None
    classified: bool
    band: str
    band_name: str
    band_reasons: tuple[BandReason, ...]
    steps: tuple[Step, ...]


def aggregate(ruleset: RuleSet, kind: str, months: tuple[MonthResult, ...], maternity_leave: bool = False) -> PeriodResult:
    """The quarter or year result from the months the person actually worked."""
    rule = ruleset.periods
    minimum = dict(rule.min_months_worked).get(kind)
    if minimum is None:
        raise ScoringInputError(f"Bộ quy tắc không quy định kỳ tổng hợp «{kind}»")
    if len({m.key for m in months}) != len(months):
        raise ScoringInputError("Một tháng được tính hai lần trong kỳ tổng hợp")
    steps: list[Step] = []
    worked = len(months)
    short = worked < minimum and not (maternity_leave and rule.maternity_leave_exempt)
    flags = _carried_flags(rule.carry_override_flags, months)
    overrides = tuple(o for o in ruleset.overrides if o.flag in flags
                      and (not o.leaders_only or any(m.is_leader for m in months)))
    average = _average(ruleset, months, steps) if months else None
    if short and (rule.unclassified_over_overrides or not overrides):
        steps.append(Step("unclassified", "Không xếp loại", "Số tháng công tác {} < {} tháng",
                          (worked, minimum), None))
        reason = BandReason("unclassified", f"Thời gian công tác thực tế {worked} tháng, dưới {minimum} tháng")
        return PeriodResult(kind, worked, average, False, rule.unclassified_code, rule.unclassified_name,
                            (reason,), tuple(steps))
    metrics = _metrics(rule.condition_metrics, months)
    band, _, reasons = classify(ruleset, average if average is not None else ZERO, metrics, overrides)
    steps.append(Step("band", "Xếp loại", "{} điểm → {}", (average or ZERO, band.name), None))
    return PeriodResult(kind, worked, average, True, band.code, band.name, reasons, tuple(steps))


def _average(ruleset: RuleSet, months: tuple[MonthResult, ...], steps: list) -> Decimal:
    """Σ totals / months worked, rounded for display."""
    rounding = ruleset.rounding
    totals = [m.total if ruleset.periods.average_of == "displayed_total" else m.total_raw for m in months]
    average = rounded(exact(sum(totals, ZERO)) / len(totals), rounding.quantum, rounding.mode)
    template = "(" + " + ".join(["{}"] * len(totals)) + ") / {} = {}"
    steps.append(Step("average", "Điểm trung bình các tháng công tác", template,
                      (*totals, len(totals), average), average))
    return average


def _carried_flags(carried: tuple[str, ...], months: tuple[MonthResult, ...]) -> set[str]:
    """Flags raised in any month that the rule set carries to the whole period."""
    return {flag for flag in carried if any(getattr(m.flags, flag) for m in months)}


def _metrics(mode: str, months: tuple[MonthResult, ...]) -> dict[str, Fraction]:
    """Mean or minimum of each monthly metric, exact (zero when no month was worked)."""
    result = {}
    for name in METRICS:
        values = [exact(Decimal(m.metrics[name])) for m in months]
        if not values:
            result[name] = Fraction(0)
        else:
            result[name] = min(values) if mode == "min" else sum(values, Fraction(0)) / len(values)
    return result
