"""Leaders' extra factors d, đ (code "dd") and e, each full or reduced (100 % / 50 % seeded).

Interpretation choices, fields of the rule set's `leader_factors`:
- d is full when every managed person's band ranks at or above `d.min_band`; a leader with no
  managed people (`managed_bands` None or empty) gets `d.when_no_managed`.
- Managed people marked with the period rule's unclassified code are left out of d.
- Only the factors named in `tasks.formula.leader` are computed.
- đ is read from the unit's OKR progress through the rule set's `dd.from_okr.bands` when the service passes
  `unit_okr_progress` (configuration decides, and the reviewer's explicit choice wins); otherwise from
  `unit_plan_done`, as before.
"""
from __future__ import annotations

from decimal import Decimal

from .errors import ScoringInputError
from .explain import Step, fmt
from .facts import PersonPeriodFacts
from .rules import LeaderFactor, RuleSet

HUNDRED = Decimal(100)


def leader_values(ruleset: RuleSet, facts: PersonPeriodFacts, steps: list | None) -> dict[str, Decimal]:
    """The values of the leader factors used by the leader formula."""
    used = ruleset.tasks.leader_formula
    values = {}
    for factor in ruleset.leader_factors:
        if factor.code not in used:
            continue
        value, why, ref = _value(ruleset, factor, facts)
        values[factor.code] = value
        if steps is not None:
            steps.append(Step(factor.code, factor.label, factor.symbol + " = {} % ({})",
                              (value * HUNDRED, why), value, ref))
    return values


def _value(ruleset: RuleSet, factor: LeaderFactor, facts: PersonPeriodFacts) -> tuple[Decimal, str, str]:
    """One factor's value, why (Vietnamese) and, when read from OKR, the legal reference of its bands."""
    if factor.code == "d":
        return *_d(ruleset, factor, facts.managed_bands), ""
    if factor.code == "dd" and facts.unit_okr_progress is not None and factor.okr_bands:
        why = f"theo tiến độ OKR của đơn vị: {fmt(facts.unit_okr_progress * HUNDRED)} %"
        return factor.okr_value(facts.unit_okr_progress), why, factor.okr_reference
    holds = facts.unit_plan_done if factor.code == "dd" else facts.internal_unity
    return (factor.full, "đạt", "") if holds else (factor.reduced, "không đạt", "")


def _d(ruleset: RuleSet, factor: LeaderFactor, managed: tuple[str, ...] | None) -> tuple[Decimal, str]:
    """d from the bands of the people the leader manages."""
    skip = ruleset.periods.unclassified_code
    bands = [code for code in managed or () if code != skip]
    if not bands:
        return factor.when_no_managed, "không có người được quản lý trực tiếp"
    threshold = ruleset.band(factor.min_band)
    below = 0
    for code in bands:
        try:
            below += ruleset.band(code).rank > threshold.rank
        except KeyError:
            raise ScoringInputError(f"Mức xếp loại của người được quản lý không hợp lệ: {code!r}") from None
    if below:
        return factor.reduced, f"{below}/{len(bands)} người dưới mức {threshold.name}"
    return factor.full, f"{len(bands)}/{len(bands)} người đạt {threshold.name} trở lên"
