"""The yearly agency evaluation as data: the rule set's `agency` block (criteria, task sources, bands, the staff cap
exception), validated like the rest of the rule set (paths in every error, legal references mandatory).

Interpretation choices, fields of the block:
- `general`: the agency's own criteria, read like Form 01's (`groups`, `max_points` adding up, `score_step`).
- `tasks.sources`: the figures the 70 points are read from (`okr`, `plan`), each with a weight; the weights add up
  to 1. `ratio_cap` bounds each figure (1: 100 %); `when_missing` "reweight" gives a missing figure's weight to
  the others, "zero" counts it as 0 %.
- `cap_exception`: a unit whose approved yearly band is in `unit_bands` has its staff's cap checked at the rule
  set's `cap.outstanding_unit_share`, for the periods of that year (`rating_year` "same") or of the next
  ("previous": the year before the period's).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ._fields import Block
from .rules import Band, GeneralRule

ZERO, ONE = Decimal(0), Decimal(1)
SOURCE_CODES = ("okr", "plan")


@dataclass(frozen=True, slots=True)
class TaskSource:
    """One figure the task points are read from, with its weight (1 = the whole 70 points)."""

    code: str
    label: str
    weight: Decimal
    legal_reference: str


@dataclass(frozen=True, slots=True)
class AgencyTaskRule:
    """The 70 points: the sources, the bound on each figure, what a missing figure does."""

    max_points: Decimal
    sources: tuple[TaskSource, ...]
    ratio_cap: Decimal
    when_missing: str
    legal_reference: str


@dataclass(frozen=True, slots=True)
class CapException:
    """Which yearly bands of a unit let its staff use the higher share of the top band, and for which year."""

    unit_bands: tuple[str, ...]
    rating_year: str
    legal_reference: str

    def rating_year_for(self, period_year: int) -> int:
        """The year of the agency rating that decides the cap of a period in `period_year`."""
        return period_year - 1 if self.rating_year == "previous" else period_year


@dataclass(frozen=True, slots=True)
class AgencyRule:
    """The agency evaluation of one rule set."""

    name: str
    general: GeneralRule
    tasks: AgencyTaskRule
    bands: tuple[Band, ...]
    cap_exception: CapException | None
    legal_reference: str

    @property
    def max_total(self) -> Decimal:
        """The highest possible total (100)."""
        return self.general.max_points + self.tasks.max_points

    def band(self, code: str) -> Band:
        """The band with this code; KeyError names the unknown code."""
        for band in self.bands:
            if band.code == code:
                return band
        raise KeyError(code)


def load_agency(block: Block, general_loader, bands_loader, cap_share: Decimal | None) -> AgencyRule:
    """The `agency` block; the person loaders read its criteria and bands, so both parts follow the same rules."""
    block.only("name", "general", "tasks", "bands", "cap_exception")
    bands = bands_loader(block.block("bands"))
    exception = None
    if block.data.get("cap_exception") is not None:
        exception = _cap_exception(block.block("cap_exception"), frozenset(b.code for b in bands))
        if cap_share is None:
            raise block.fail("cap_exception", "cần cap.outstanding_unit_share (tỷ lệ áp dụng cho đơn vị có thành tích "
                                              "nổi bật)")
    return AgencyRule(block.text("name"), general_loader(block.block("general")), _tasks(block.block("tasks")),
                      bands, exception, block.ref())


def _tasks(block: Block) -> AgencyTaskRule:
    """Sources with weights adding up to 1, each known and listed once."""
    block.only("max_points", "ratio_cap", "when_missing", "sources")
    sources = []
    for item in block.blocks("sources"):
        item.only("code", "label", "weight")
        weight = item.decimal("weight", ZERO, ONE)
        if weight == ZERO:
            raise item.fail("weight", "phải lớn hơn 0")
        sources.append(TaskSource(item.choice("code", SOURCE_CODES), item.text("label"), weight, item.ref()))
    if len({s.code for s in sources}) != len(sources):
        raise block.fail("sources", "nguồn số liệu bị trùng")
    if sum(s.weight for s in sources) != ONE:
        raise block.fail("sources", f"tổng trọng số phải bằng 1 (hiện là {sum(s.weight for s in sources)})")
    return AgencyTaskRule(block.decimal("max_points", ZERO), tuple(sources), block.decimal("ratio_cap", ONE),
                          block.choice("when_missing", ("reweight", "zero")), block.ref())


def _cap_exception(block: Block, bands: frozenset) -> CapException:
    """The unit bands that open the exception, and which year's rating counts."""
    block.only("unit_bands", "rating_year")
    return CapException(block.texts("unit_bands", bands), block.choice("rating_year", ("same", "previous")),
                        block.ref())
