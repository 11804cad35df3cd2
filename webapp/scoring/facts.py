"""The facts scored for one person and one period, as given by the service layer.

Work a person declared unassigned and got approved counts as assigned and completed: the
caller adds it to both lists. A completed row may group several diary entries that share the
same counts; the deduction factor applies to the row as a whole.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class AssignedWork:
    """Work assigned for the period: catalogue item, coefficient K and quantity."""

    ref: str
    item_code: str
    coefficient: Decimal
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class CompletedWork:
    """Approved completed work with the quality errors and delays found at approval."""

    ref: str
    item_code: str
    coefficient: Decimal
    quantity: Decimal
    quality_errors: int = 0
    quality_errors_exempt: int = 0
    delays: int = 0
    delays_exempt: int = 0


@dataclass(frozen=True, slots=True)
class Flags:
    """Findings that force a band regardless of points (see the rule set's overrides)."""

    disciplined: bool = False
    degraded: bool = False
    corruption_in_unit: bool = False


@dataclass(frozen=True, slots=True)
class PersonPeriodFacts:
    """Everything the engine needs to score one person for one period."""

    is_leader: bool
    assigned: tuple[AssignedWork, ...]
    completed: tuple[CompletedWork, ...]
    criteria: Mapping[str, Decimal]
    flags: Flags = Flags()  # frozen, so one shared default is safe
    managed_bands: tuple[str, ...] | None = None
    unit_plan_done: bool = True
    internal_unity: bool = True
    bonus_points: Decimal = ZERO
    unit_okr_progress: Decimal | None = None  # đ from the unit's OKR (1 = 100 %) when given, else unit_plan_done
