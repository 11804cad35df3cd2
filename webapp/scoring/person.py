"""Scoring one person for one period: task points, general points, bonus, total and band.

Interpretation choices, fields of the rule set:
- `tasks.formula`: task points = mean of the listed components × `tasks.max_points`
  (staff: a, b, c; leaders: a, b, c, d, đ, e).
- `bonus.max_points`: the bonus input is capped there (0 where the rule set has no bonus).
- `rounding.total_from` "displayed_parts": the printed total is the sum of the printed parts,
  so a reader adding the sheet's numbers finds the total; `rounding.band_on` picks the total
  that decides the band ("displayed_total": the band agrees with the printed number).

Arithmetic: a, b, c come as exact Fractions and task points are computed from them exactly, then
rounded once (two decimals, half up, `rounding`) where they are displayed: 21,25 / 28 gives
exactly 64,375 task points, shown 64,38. General points and the bonus are typed decimals (steps of
0,25 or 0,5 in the seeded rule sets), so the sum of the displayed parts equals the exact total
rounded once. The stored points (`task_points`, `total`) are these displayed values; `a`, `b`, `c`,
`exceeded`, `on_time`, `total_raw` are 28-digit Decimals kept for explanations and quarter
averages of band conditions, never summed into a displayed result. explain=False computes the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from .bands import active_overrides, classify
from .errors import ScoringInputError
from .exact import approx, exact, mean_times, percent, rounded
from .explain import BandReason, Step
from .facts import PersonPeriodFacts
from .general import general_points
from .leader import leader_values
from .rules import RuleSet
from .tasks import task_ratios

ZERO, HUNDRED = Decimal(0), 100


@dataclass(frozen=True, slots=True)
class PersonScore:
    """The result for one person and period, with its explanation."""

    ruleset_code: str
    ruleset_version: int
    is_leader: bool
    assigned_converted: Decimal
    completed_converted: Decimal
    a: Decimal
    b: Decimal
    c: Decimal
    a_percent: Decimal
    b_percent: Decimal
    c_percent: Decimal
    exceeded: Decimal
    on_time: Decimal
    no_assigned_work: bool
    d: Decimal | None
    dd: Decimal | None
    e: Decimal | None
    task_points: Decimal
    general_points: Decimal
    bonus: Decimal
    total: Decimal
    total_raw: Decimal
    band: str
    band_name: str
    points_band: str
    band_reasons: tuple[BandReason, ...]
    forced_by: tuple[str, ...]
    steps: tuple[Step, ...]  # empty when scored with explain=False


def score_person(ruleset: RuleSet, facts: PersonPeriodFacts, explain: bool = True) -> PersonScore:
    """Score one person for one period; explain=False gives the same numbers without the steps."""
    # None, not a discarding list: a month close then never builds the ~17 Steps a person it would not keep.
    steps: list[Step] | None = [] if explain else None
    ratios = task_ratios(ruleset.tasks, facts.assigned, facts.completed, steps)
    values = {"a": ratios.a, "b": ratios.b, "c": ratios.c}
    if facts.is_leader:
        values.update(leader_values(ruleset, facts, steps))
        formula = ruleset.tasks.leader_formula
    else:
        formula = ruleset.tasks.staff_formula
    task_exact = _task_points(ruleset, formula, values, steps)
    general_raw = general_points(ruleset.general, facts.criteria, steps)
    bonus = _bonus(ruleset, facts.bonus_points, steps)
    rounding = ruleset.rounding
    quantum, mode = rounding.quantum, rounding.mode
    task_shown = rounded(task_exact, quantum, mode)
    general_shown = rounded(general_raw, quantum, mode)
    bonus_shown = rounded(bonus, quantum, mode)
    total_exact = task_exact + exact(general_raw + bonus)
    total = (rounded(task_shown + general_shown + bonus_shown, quantum, mode)
             if rounding.total_from == "displayed_parts" else rounded(total_exact, quantum, mode))
    if steps is not None:
        steps.append(Step("total", "Tổng điểm", "{} + {} + {} = {}",
                          (task_shown, general_shown, bonus_shown, total), total))
    metrics = {"a": ratios.a, "b": ratios.b, "c": ratios.c, "exceeded": ratios.exceeded,
               "on_time": ratios.on_time}
    overrides = active_overrides(ruleset, facts.flags, facts.is_leader)
    band, points_band, reasons = classify(
        ruleset, total if rounding.band_on == "displayed_total" else total_exact, metrics, overrides)
    if steps is not None:
        steps.append(Step("band", "Xếp loại", "{} điểm → {}", (total, band.name), None))
    percents = (percent(ratio, quantum, mode) for ratio in (ratios.a, ratios.b, ratios.c))
    return PersonScore(
        ruleset.code, ruleset.version, facts.is_leader, ratios.assigned, ratios.completed,
        approx(ratios.a), approx(ratios.b), approx(ratios.c), *percents, approx(ratios.exceeded),
        approx(ratios.on_time), ratios.no_assigned_work, values.get("d"), values.get("dd"), values.get("e"),
        task_shown, general_shown, bonus_shown, total, approx(total_exact), band.code, band.name,
        points_band.code, reasons, tuple(o.flag for o in overrides), tuple(steps or ()))


def _task_points(ruleset: RuleSet, formula: tuple[str, ...], values: dict, steps: list | None) -> Fraction:
    """mean(components) × maximum, exact (not rounded), with a step showing each component."""
    maximum = ruleset.tasks.max_points
    points = mean_times([values[code] for code in formula], maximum)
    if steps is None:
        return points
    symbols = tuple(f.symbol for f in ruleset.leader_factors)
    template = _template(formula, tuple(f.code for f in ruleset.leader_factors), symbols)
    steps.append(Step("task_points", "Điểm kết quả thực hiện nhiệm vụ", template,
                      (*[values[code] * HUNDRED for code in formula], maximum, _shown(ruleset, points)), points))
    return points


def _shown(ruleset: RuleSet, value: Fraction) -> Decimal:
    """The value as the sheet displays it (64,375 → 64,38), so the explanation reads like the sheet."""
    return rounded(value, ruleset.rounding.quantum, ruleset.rounding.mode)


@lru_cache(maxsize=64)
def _template(formula: tuple[str, ...], codes: tuple[str, ...], symbols: tuple[str, ...]) -> str:
    """"(a + b + c) / 3 × {max} = ({} % + {} % + {} %) / 3 × {} = {}"."""
    names = [symbols[codes.index(code)] if code in codes else code for code in formula]
    count = len(formula)
    return (f"({' + '.join(names)}) / {count} × điểm tối đa = "
            f"({' + '.join(['{} %'] * count)}) / {count} × {{}} = {{}}")


def _bonus(ruleset: RuleSet, bonus: object, steps: list | None) -> Decimal:
    """The bonus input, capped at the rule set's maximum."""
    if type(bonus) is not Decimal and type(bonus) is not int or not bonus >= ZERO:
        raise ScoringInputError(f"Điểm thưởng phải là số Decimal ≥ 0 (nhận {bonus!r})")
    maximum = ruleset.bonus_max
    if maximum == ZERO and not bonus:
        return ZERO  # no bonus in this rule set and none claimed: nothing to explain
    value = min(bonus, maximum)
    if steps is not None:
        steps.append(Step("bonus", "Điểm thưởng", "min({}; tối đa {}) = {}", (bonus, maximum, value), value))
    return Decimal(value)
