"""Scoring a unit's year (đánh giá, xếp loại cơ quan, đơn vị): general criteria, task points, total and band.

- General points: the superior level's criterion scores, each within [0, max] and a multiple of the step
  (`general.general_points`, the same checks as Form 01).
- Task points: each source figure is bounded by `tasks.ratio_cap` (100 %); the OKR figure arrives as a ratio
  (1 = 100 %), the plan figure as converted work completed and assigned, divided here exactly; then
  points = max × Σ weight × figure / Σ weight over the figures taken (`when_missing`), rounded once for display.
- Total: the displayed parts added (`rounding.total_from` "displayed_parts"), the band read from it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .agency_rules import AgencyRule
from .bands import band_for_points
from .errors import ScoringInputError
from .exact import approx, exact, rounded
from .explain import Step, fmt
from .general import general_points
from .rules import RuleSet

ZERO, HUNDRED = Decimal(0), 100


@dataclass(frozen=True, slots=True)
class AgencyFacts:
    """What a unit's year is scored from: the criterion scores, the OKR figure, the plan's converted work."""

    criteria: Mapping[str, Decimal]
    okr_completion: Decimal | None = None  # None: no agreed objective of the unit for the year
    plan_completed: Decimal = ZERO
    plan_assigned: Decimal = ZERO  # 0: no work assigned in the year (the plan figure is missing)


@dataclass(frozen=True, slots=True)
class SourceResult:
    """One source as it entered the task points: its figure (None when missing), bounded, and its weight used."""

    code: str
    label: str
    figure: Decimal | None
    bounded: Decimal | None
    weight: Decimal
    weight_used: Decimal


@dataclass(frozen=True, slots=True)
class AgencyScore:
    """The unit's year: parts, total, band, and the steps that produced them."""

    general_points: Decimal
    task_points: Decimal
    total: Decimal
    band: str
    band_name: str
    sources: tuple[SourceResult, ...]
    steps: tuple[Step, ...]


def score_agency(ruleset: RuleSet, facts: AgencyFacts) -> AgencyScore:
    """Score one unit's year under the rule set's agency block."""
    rule = ruleset.agency
    if rule is None:
        raise ScoringInputError(f"Bộ quy tắc {ruleset.code} không có quy định đánh giá cơ quan, đơn vị.")
    steps: list[Step] = []
    general = general_points(rule.general, facts.criteria, steps)
    quantum, mode = ruleset.rounding.quantum, ruleset.rounding.mode
    sources, task_exact = _task_points(rule, facts, steps, lambda value: rounded(value, quantum, mode))
    task_shown, general_shown = rounded(task_exact, quantum, mode), rounded(general, quantum, mode)
    total = (rounded(task_shown + general_shown, quantum, mode) if ruleset.rounding.total_from == "displayed_parts"
             else rounded(task_exact + exact(general), quantum, mode))
    steps.append(Step("total", "Tổng điểm", "{} + {} = {}", (general_shown, task_shown, total), total))
    band = band_for_points(rule.bands, total)
    steps.append(Step("band", "Xếp loại", "{} điểm → {}", (total, band.name), None, band.legal_reference))
    return AgencyScore(general_shown, task_shown, total, band.code, band.name, sources, tuple(steps))


def _figures(facts: AgencyFacts) -> dict[str, Fraction | None]:
    """Each source's figure as an exact ratio, None when the unit has nothing to measure it by."""
    if facts.okr_completion is not None and not (facts.okr_completion.is_finite() and facts.okr_completion >= 0):
        raise ScoringInputError(f"Mức hoàn thành OKR không hợp lệ: {facts.okr_completion}")
    if facts.plan_assigned < 0 or facts.plan_completed < 0:
        raise ScoringInputError("Khối lượng quy đổi không được âm.")
    plan = exact(facts.plan_completed) / exact(facts.plan_assigned) if facts.plan_assigned else None
    return {"okr": None if facts.okr_completion is None else exact(facts.okr_completion), "plan": plan}


def _task_points(rule: AgencyRule, facts: AgencyFacts, steps: list, shown) -> tuple[tuple[SourceResult, ...], Fraction]:
    """max × Σ weight × min(figure, cap) / Σ weight taken; a step per source and one for the sum."""
    figures, cap = _figures(facts), exact(rule.tasks.ratio_cap)
    reweight = rule.tasks.when_missing == "reweight"
    taken = sum((s.weight for s in rule.tasks.sources if not reweight or figures[s.code] is not None), ZERO)
    results, weighted = [], Fraction(0)
    for source in rule.tasks.sources:
        figure = figures[source.code]
        bounded = None if figure is None else min(figure, cap)
        used = Fraction(0) if not taken or (reweight and figure is None) else exact(source.weight) / exact(taken)
        weighted += used * (bounded or 0)
        results.append(SourceResult(source.code, source.label, None if figure is None else approx(figure),
                                    None if bounded is None else approx(bounded), source.weight, approx(used)))
        steps.append(_source_step(source.code, source.label, figure, (bounded, cap), used, facts))
    points = exact(rule.tasks.max_points) * weighted
    parts = " + ".join(f"{_pct(r.weight_used)} × {_pct(r.bounded or ZERO)}" for r in results)
    steps.append(Step("task_points", "Điểm kết quả thực hiện nhiệm vụ", "{} × (" + parts + ") = {}",
                      (rule.tasks.max_points, shown(points)), approx(points), rule.tasks.legal_reference))
    return tuple(results), points


def _source_step(code: str, label: str, figure, bound: tuple, used: Fraction, facts: AgencyFacts) -> Step:
    """How one source was read: its figure, the figure taken (at most the cap), the weight it carries."""
    if figure is None:
        return Step(code, label, "không có số liệu → trọng số {} %", (used * HUNDRED,), None)
    bounded, cap = bound
    taken = (approx(figure) * HUNDRED, approx(bounded) * HUNDRED, approx(cap) * HUNDRED, used * HUNDRED)
    if code == "plan":
        return Step(code, label, "{} / {} = {} % → tính {} % (tối đa {} %), trọng số {} %",
                    (facts.plan_completed, facts.plan_assigned, *taken), approx(bounded))
    return Step(code, label, "{} % → tính {} % (tối đa {} %), trọng số {} %", taken, approx(bounded))


def _pct(value: Decimal) -> str:
    """A ratio as a percent, written into the sum's template (it holds no braces)."""
    return fmt(value * HUNDRED) + " %"
