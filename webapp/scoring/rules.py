"""A rule set as data: criteria, weights, deductions, thresholds, overrides, cap and periods.

Every value comes from a JSON document in `seeds/rulesets/` (see `loader.py`) and carries the
legal reference it was read from; "conv:" marks a convention where the texts are silent. The
engine branches only on these fields, never on a rule set's code.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # agency_rules builds on this module's classes
    from .agency_rules import AgencyRule

TASK_METRICS = ("a", "b", "c", "exceeded", "on_time")
LEADER_FACTOR_CODES = ("d", "dd", "e")


@dataclass(frozen=True, slots=True)
class Criterion:
    """A Form 01 criterion of the general part, scored by the direct manager."""

    code: str
    name: str
    max_points: Decimal
    legal_reference: str


@dataclass(frozen=True, slots=True)
class CriteriaGroup:
    """A group of criteria (I, II, III)."""

    code: str
    name: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class GeneralRule:
    """The general part: its maximum, its criteria, and the allowed score granularity."""

    max_points: Decimal
    groups: tuple[CriteriaGroup, ...]
    criteria: tuple[Criterion, ...]
    score_step: Decimal | None
    sum_template: str
    legal_reference: str


@dataclass(frozen=True, slots=True)
class Deduction:
    """A per-occurrence deduction (quality errors or delays) on a completed row's share."""

    per_occurrence: Decimal
    floor: Decimal
    scope: str
    exempt_objective_causes: bool
    legal_reference: str


@dataclass(frozen=True, slots=True)
class TaskRule:
    """The task part: maximum, deductions, ratio cap, empty-assignment value, formula."""

    max_points: Decimal
    quality: Deduction
    timeliness: Deduction
    ratio_cap: Decimal
    cap_scope: str
    no_assigned_work_ratio: Decimal
    exceeded_basis: str
    staff_formula: tuple[str, ...]
    leader_formula: tuple[str, ...]
    legal_reference: str


@dataclass(frozen=True, slots=True)
class OkrBand:
    """A band of the unit's OKR progress read as đ: from this progress (1 = 100 %) up, this value."""

    min_progress: Decimal
    value: Decimal


@dataclass(frozen=True, slots=True)
class LeaderFactor:
    """d, đ or e: full value when the condition holds, reduced value otherwise.

    đ may instead be read from the unit's OKR progress through `okr_bands` (highest threshold first, the last
    one from 0), when the service passes that progress in (configuration decides; see leader.py)."""

    code: str
    symbol: str
    label: str
    full: Decimal
    reduced: Decimal
    min_band: str | None
    when_no_managed: Decimal | None
    legal_reference: str
    okr_bands: tuple[OkrBand, ...] = ()
    okr_reference: str = ""

    def okr_value(self, progress: Decimal) -> Decimal:
        """The value of the first band the progress reaches (the last band starts at 0)."""
        for band in self.okr_bands:
            if progress >= band.min_progress:
                return band.value
        return self.okr_bands[-1].value


@dataclass(frozen=True, slots=True)
class Condition:
    """An extra condition of a band, on a task metric (e.g. on_time ≥ 1)."""

    metric: str
    minimum: Decimal
    label: str
    legal_reference: str


@dataclass(frozen=True, slots=True)
class Band:
    """A classification level; rank 0 is the highest."""

    code: str
    name: str
    short_name: str
    min_points: Decimal
    conditions: tuple[Condition, ...]
    rank: int
    legal_reference: str


@dataclass(frozen=True, slots=True)
class Override:
    """A flag that caps the band regardless of points (disciplined, degraded, ...)."""

    flag: str
    band: str
    leaders_only: bool
    reason: str
    legal_reference: str


@dataclass(frozen=True, slots=True)
class CapRule:
    """The quota on a band: share × (count of base bands), rounded as the texts say."""

    band: str
    base_bands: tuple[str, ...]
    base_label: str
    share: Decimal
    outstanding_unit_share: Decimal | None
    rounding: str
    scopes: tuple[str, ...]
    legal_reference: str


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """Quarter and year: what is averaged, minimum months worked, carried overrides."""

    average_of: str
    min_months_worked: tuple[tuple[str, Decimal], ...]
    maternity_leave_exempt: bool
    carry_override_flags: tuple[str, ...]
    condition_metrics: str
    unclassified_over_overrides: bool
    unclassified_code: str
    unclassified_name: str
    legal_reference: str


@dataclass(frozen=True, slots=True)
class CoefficientRule:
    """The range a catalogue item's conversion coefficient K must lie in."""

    low: Decimal
    high: Decimal
    legal_reference: str

    def allows(self, k: Decimal) -> bool:
        """True when K is positive and within the range."""
        return k > 0 and self.low <= k <= self.high


@dataclass(frozen=True, slots=True)
class Rounding:
    """Where and how displayed numbers are rounded, and which total decides the band."""

    places: int
    mode: str
    quantum: Decimal
    band_on: str
    total_from: str
    legal_reference: str


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One version of a rule set, loaded and validated."""

    code: str
    name: str
    legal_reference: str
    effective_from: date
    effective_to: date | None
    version: int
    applies_to: tuple[str, ...]
    is_default: bool
    general: GeneralRule
    tasks: TaskRule
    leader_factors: tuple[LeaderFactor, ...]
    bonus_max: Decimal
    bonus_reference: str
    bands: tuple[Band, ...]
    overrides: tuple[Override, ...]
    cap: CapRule
    periods: PeriodRule
    rounding: Rounding
    coefficient: CoefficientRule | None  # the catalogue's K range; None in rule sets stored before it existed
    agency: AgencyRule | None = None  # the yearly agency evaluation (agency_rules.AgencyRule), None where the rule set has none

    @property
    def max_total(self) -> Decimal:
        """The highest possible total (100 for the three seeded rule sets)."""
        return self.general.max_points + self.tasks.max_points + self.bonus_max

    def band(self, code: str) -> Band:
        """The band with this code; KeyError names the unknown code."""
        for band in self.bands:
            if band.code == code:
                return band
        raise KeyError(code)

    def applies_on(self, day: date) -> bool:
        """Whether the rule set is in force on that day."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)
