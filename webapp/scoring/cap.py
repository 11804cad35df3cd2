"""The cap on the top band (Nghị định 335: excellent ≤ 20 % of those rated good), per scope.

The engine reports, it never demotes: for each scope (the unit, and each group of similar job
positions) it counts the base bands, computes how many may hold the capped band, and lists who
holds it ranked by points, marking those beyond the allowed number. The head decides.

Interpretation choices, fields of the rule set's `cap` block:
- `base_bands`: which bands the share is taken of (335: only "tốt"; Hà Nội 3814: everybody).
- `rounding` "floor": the allowed number is rounded down, so the share is never exceeded
  (20 % of 7 → 1); "half_up" and "ceiling" are available where a text says otherwise.
- `outstanding_unit_share` replaces `share` for a unit with outstanding achievements.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .errors import ScoringInputError
from .explain import Step
from .rules import RuleSet

HUNDRED = Decimal(100)
_MODES = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceiling": ROUND_CEILING}


@dataclass(frozen=True, slots=True)
class CapMember:
    """One classified person as the cap sees them."""

    ref: str
    name: str
    band: str
    total: Decimal
    group_key: str = ""


@dataclass(frozen=True, slots=True)
class CapCheck:
    """The result for one scope: counts, the allowed number and who is beyond it."""

    scope: str
    key: str
    base_count: int
    capped_count: int
    share: Decimal
    allowed: int
    over_by: int
    ranked: tuple[CapMember, ...]
    beyond: tuple[CapMember, ...]
    step: Step

    @property
    def within(self) -> bool:
        """True when the capped band holds no more people than allowed."""
        return self.over_by == 0


def check_cap(ruleset: RuleSet, members: tuple[CapMember, ...], outstanding_unit: bool = False) -> tuple[CapCheck, ...]:
    """One check for the whole unit and one per group of similar positions, as the rule set scopes say."""
    rule = ruleset.cap
    share = rule.outstanding_unit_share if outstanding_unit and rule.outstanding_unit_share else rule.share
    known = {band.code for band in ruleset.bands} | {ruleset.periods.unclassified_code}
    for member in members:
        if member.band not in known:
            raise ScoringInputError(f"Mức xếp loại không hợp lệ của {member.name}: {member.band!r}")
    checks = []
    if "unit" in rule.scopes:
        checks.append(_check(ruleset, "unit", "", members, share))
    if "group" in rule.scopes:
        for key in sorted({m.group_key for m in members}):
            checks.append(_check(ruleset, "group", key, tuple(m for m in members if m.group_key == key), share))
    return tuple(checks)


def _check(ruleset: RuleSet, scope: str, key: str, members: tuple[CapMember, ...], share: Decimal) -> CapCheck:
    """Count, allow, rank: the people beyond the allowed number are those with the fewest points."""
    rule = ruleset.cap
    base = sum(1 for m in members if m.band in rule.base_bands)
    # Ties keep the input order (stable sort), which the caller makes deterministic (by name).
    ranked = tuple(sorted((m for m in members if m.band == rule.band), key=lambda m: -m.total))
    allowed = int((share * base).to_integral_value(rounding=_MODES[rule.rounding]))
    over_by = max(0, len(ranked) - allowed)
    band_name = ruleset.band(rule.band).name
    step = Step("cap", "Tỷ lệ " + band_name,
                "Tối đa {} % × {} (" + rule.base_label + ") = {} người; hiện có {} người; vượt {} người",
                (share * HUNDRED, base, allowed, len(ranked), over_by), Decimal(allowed))
    return CapCheck(scope, key, base, len(ranked), share, allowed, over_by, ranked, ranked[allowed:], step)
