"""Loading a rule set from its JSON data, validating every field and every cross-reference.

Errors name the path of the faulty field (e.g. `ruleset.bands.levels[1].min_points`).
Decimals are written as strings in the data ("2.5"); JSON floats are refused.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ._fields import Block
from .agency_rules import load_agency
from .rules import (LEADER_FACTOR_CODES, TASK_METRICS, Band, CapRule, CoefficientRule, Condition, CriteriaGroup,
                    Criterion, Deduction, GeneralRule, LeaderFactor, OkrBand, Override, PeriodRule, Rounding,
                    RuleSet, TaskRule)

ZERO, ONE = Decimal(0), Decimal(1)
ROUNDING_MODES = {"ROUND_HALF_UP": ROUND_HALF_UP, "ROUND_HALF_EVEN": ROUND_HALF_EVEN,
                  "ROUND_FLOOR": ROUND_FLOOR, "ROUND_CEILING": ROUND_CEILING}
CAP_ROUNDING = ("floor", "half_up", "ceiling")
FLAGS = ("disciplined", "degraded", "corruption_in_unit")
_TOP = ("code", "name", "legal_reference", "effective_from", "effective_to", "version", "applies_to",
        "is_default", "general", "tasks", "leader_factors", "bonus", "bands", "overrides", "cap",
        "periods", "rounding", "catalogue", "agency")


def load_ruleset_file(path) -> RuleSet:
    """Read and validate one `seeds/rulesets/*.json` file (decimals kept exact)."""
    with open(path, encoding="utf-8") as handle:
        return load_ruleset(json.load(handle, parse_float=Decimal))


def load_ruleset(data: Mapping) -> RuleSet:
    """Validate a rule-set document (as stored in the seeds or the database) into a RuleSet."""
    doc = Block(data, "ruleset")
    doc.only(*_TOP)
    bands = _bands(doc.block("bands"))
    codes = frozenset(band.code for band in bands)
    general, tasks = _general(doc.block("general")), _tasks(doc.block("tasks"))
    effective_from, effective_to = doc.day("effective_from"), doc.day("effective_to", optional=True)
    if effective_to is not None and effective_to < effective_from:
        raise doc.fail("effective_to", "phải sau hoặc bằng effective_from")
    bonus = doc.block("bonus")
    bonus.only("max_points")
    cap = _cap(doc.block("cap"), codes)
    agency = (load_agency(doc.block("agency"), _general, _bands, cap.outstanding_unit_share)
              if doc.data.get("agency") is not None else None)
    return RuleSet(
        code=doc.text("code"), name=doc.text("name"), legal_reference=doc.ref(),
        effective_from=effective_from, effective_to=effective_to, version=doc.integer("version", 1),
        applies_to=doc.texts("applies_to"), is_default=doc.flag("is_default"),
        general=general, tasks=tasks,
        leader_factors=_leader_factors(doc.block("leader_factors"), tasks.leader_formula, codes),
        bonus_max=bonus.decimal("max_points", ZERO), bonus_reference=bonus.ref(),
        bands=bands, overrides=_overrides(doc, codes), cap=cap,
        periods=_periods(doc.block("periods"), codes), rounding=_rounding(doc.block("rounding")),
        coefficient=_coefficient(doc.block("catalogue")) if "catalogue" in doc.data else None, agency=agency,
    )


def _general(block: Block) -> GeneralRule:
    """Criteria groups; their maxima must add up to the general maximum."""
    block.only("max_points", "score_step", "groups")
    groups = []
    for group in block.blocks("groups"):
        group.only("code", "name", "criteria")
        criteria = tuple(_criterion(item) for item in group.blocks("criteria"))
        groups.append(CriteriaGroup(group.text("code"), group.text("name"), criteria))
    criteria = tuple(c for group in groups for c in group.criteria)
    if len({c.code for c in criteria}) != len(criteria):
        raise block.fail("groups", "mã tiêu chí bị trùng")
    maximum = block.decimal("max_points", ZERO)
    if sum(c.max_points for c in criteria) != maximum:
        raise block.fail("max_points", f"{maximum} khác tổng điểm tối đa các tiêu chí "
                                       f"{sum(c.max_points for c in criteria)}")
    step = block.decimal("score_step", ZERO, optional=True)
    if step == ZERO:
        raise block.fail("score_step", "phải lớn hơn 0, hoặc null nếu cho phép mọi giá trị")
    template = " + ".join(f"{c.code}: {{}}" for c in criteria) + " = {}"
    return GeneralRule(maximum, tuple(groups), criteria, step, template, block.ref())


def _criterion(block: Block) -> Criterion:
    """One criterion with a positive maximum."""
    block.only("code", "name", "max_points")
    maximum = block.decimal("max_points", ZERO)
    if maximum == ZERO:
        raise block.fail("max_points", "phải lớn hơn 0")
    return Criterion(block.text("code"), block.text("name"), maximum, block.ref())


def _tasks(block: Block) -> TaskRule:
    """The task part: deductions, ratio cap, empty assignment, exceeded basis, formulas."""
    block.only("max_points", "quality", "timeliness", "ratio_cap", "no_assigned_work", "exceeded", "formula")
    cap, empty, exceeded, formula = (block.block(key) for key in ("ratio_cap", "no_assigned_work",
                                                                    "exceeded", "formula"))
    cap.only("value", "scope")
    empty.only("ratio")
    exceeded.only("basis")
    formula.only("staff", "leader")
    for part in (cap, empty, exceeded, formula):
        part.ref()
    return TaskRule(
        max_points=block.decimal("max_points", ZERO), quality=_deduction(block.block("quality")),
        timeliness=_deduction(block.block("timeliness")), ratio_cap=cap.decimal("value", ONE),
        cap_scope=cap.choice("scope", ("period", "item")),
        no_assigned_work_ratio=empty.decimal("ratio", ZERO, ONE),
        exceeded_basis=exceeded.choice("basis", ("total", "item")),
        staff_formula=formula.texts("staff", ("a", "b", "c")),
        leader_formula=formula.texts("leader", ("a", "b", "c") + LEADER_FACTOR_CODES),
        legal_reference=block.ref(),
    )


def _deduction(block: Block) -> Deduction:
    """A per-occurrence deduction floored per row."""
    block.only("per_occurrence", "floor", "scope", "exempt_objective_causes")
    return Deduction(block.decimal("per_occurrence", ZERO, ONE), block.decimal("floor", ZERO, ONE),
                     block.choice("scope", ("row",)), block.flag("exempt_objective_causes"), block.ref())


def _leader_factors(block: Block, formula: tuple[str, ...], bands: frozenset) -> tuple[LeaderFactor, ...]:
    """d, đ, e: each factor the leader formula uses must be defined."""
    block.only(*LEADER_FACTOR_CODES)
    factors = []
    for code in LEADER_FACTOR_CODES:
        if code not in block.data:
            if code in formula:
                raise block.fail(code, "công thức lãnh đạo dùng hệ số này nhưng chưa khai báo")
            continue
        item = block.block(code)
        item.only("symbol", "label", "full", "reduced", "min_band", "when_no_managed",
                  *(("from_okr",) if code == "dd" else ()))
        is_d = code == "d"  # only d reads other people's bands
        min_band = item.choice("min_band", tuple(sorted(bands))) if is_d else None
        okr_bands, okr_reference = _okr_bands(item.block("from_okr")) if "from_okr" in item.data else ((), "")
        factors.append(LeaderFactor(
            code, item.text("symbol"), item.text("label"), item.decimal("full", ZERO, ONE),
            item.decimal("reduced", ZERO, ONE), min_band,
            item.decimal("when_no_managed", ZERO, ONE) if is_d else None, item.ref(), okr_bands, okr_reference))
    return tuple(factors)


def _okr_bands(block: Block) -> tuple[tuple[OkrBand, ...], str]:
    """đ from the unit's OKR progress: thresholds strictly descending, the last one 0, values within 0–1."""
    block.only("bands", "legal_reference")
    bands = []
    for item in block.blocks("bands"):
        item.only("min_progress", "value")
        band = OkrBand(item.decimal("min_progress", ZERO), item.decimal("value", ZERO, ONE))
        if bands and band.min_progress >= bands[-1].min_progress:
            raise item.fail("min_progress", "các ngưỡng phải giảm dần")
        bands.append(band)
    if not bands or bands[-1].min_progress != ZERO:
        raise block.fail("bands", "phải có ít nhất một ngưỡng và ngưỡng cuối cùng bằng \"0\"")
    return tuple(bands), block.ref()


def _bands(block: Block) -> tuple[Band, ...]:
    """Levels from the highest; thresholds strictly decreasing, the last at 0."""
    block.only("levels")
    block.ref()
    bands: list[Band] = []
    for rank, level in enumerate(block.blocks("levels")):
        level.only("code", "name", "short_name", "min_points", "conditions")
        minimum = level.decimal("min_points", ZERO)
        if bands and minimum >= bands[-1].min_points:
            raise level.fail("min_points", "ngưỡng phải giảm dần từ mức cao nhất")
        conditions = tuple(_condition(item) for item in level.blocks("conditions")) \
            if level.data.get("conditions") else ()
        bands.append(Band(level.text("code"), level.text("name"), level.text("short_name"), minimum,
                          conditions, rank, level.ref()))
    if bands[-1].min_points != ZERO or bands[-1].conditions:
        raise block.fail("levels", "mức thấp nhất phải có min_points \"0\" và không có điều kiện, "
                                   "để mọi điểm đều được xếp loại")
    if len({band.code for band in bands}) != len(bands):
        raise block.fail("levels", "mã mức xếp loại bị trùng")
    return tuple(bands)


def _condition(block: Block) -> Condition:
    """A band condition on a task metric."""
    block.only("metric", "min", "label")
    return Condition(block.choice("metric", TASK_METRICS), block.decimal("min", ZERO),
                     block.text("label"), block.ref())


def _overrides(doc: Block, bands: frozenset) -> tuple[Override, ...]:
    """Flags that cap the band."""
    if not doc.raw("overrides"):
        return ()
    result = []
    for item in doc.blocks("overrides"):
        item.only("flag", "band", "leaders_only", "reason")
        result.append(Override(item.choice("flag", FLAGS), item.choice("band", tuple(sorted(bands))),
                               item.flag("leaders_only"), item.text("reason"), item.ref()))
    return tuple(result)


def _coefficient(block: Block) -> CoefficientRule:
    """The range of the catalogue's K (low ≤ high, both positive)."""
    block.only("coefficient_min", "coefficient_max")
    low = block.decimal("coefficient_min", Decimal("0.01"), Decimal("99.99"))
    high = block.decimal("coefficient_max", low, Decimal("99.99"))
    return CoefficientRule(low, high, block.ref())


def _cap(block: Block, bands: frozenset) -> CapRule:
    """The quota on the capped band."""
    block.only("band", "base_bands", "base_label", "share", "outstanding_unit_share", "rounding", "scopes")
    return CapRule(
        band=block.choice("band", tuple(sorted(bands))), base_bands=block.texts("base_bands", bands),
        base_label=block.text("base_label"), share=block.decimal("share", ZERO, ONE),
        outstanding_unit_share=block.decimal("outstanding_unit_share", ZERO, ONE, optional=True),
        rounding=block.choice("rounding", CAP_ROUNDING), scopes=block.texts("scopes", ("unit", "group")),
        legal_reference=block.ref(),
    )


def _periods(block: Block, bands: frozenset) -> PeriodRule:
    """Quarter and year aggregation."""
    block.only("average_of", "min_months_worked", "maternity_leave_exempt", "carry_override_flags",
               "condition_metrics", "unclassified_over_overrides", "unclassified")
    months = block.block("min_months_worked")
    if not months.data:
        raise block.fail("min_months_worked", "phải khai báo ít nhất một loại kỳ (quarter, year)")
    unclassified = block.block("unclassified")
    unclassified.only("code", "name")
    if unclassified.text("code") in bands:
        raise unclassified.fail("code", "trùng với mã một mức xếp loại")
    return PeriodRule(
        average_of=block.choice("average_of", ("displayed_total", "raw_total")),
        min_months_worked=tuple((kind, months.decimal(kind, ZERO, Decimal(12))) for kind in months.data
                                if kind != "notes"),
        maternity_leave_exempt=block.flag("maternity_leave_exempt"),
        carry_override_flags=block.texts("carry_override_flags", FLAGS, allow_empty=True),
        condition_metrics=block.choice("condition_metrics", ("mean", "min")),
        unclassified_over_overrides=block.flag("unclassified_over_overrides"),
        unclassified_code=unclassified.text("code"), unclassified_name=unclassified.text("name"),
        legal_reference=block.ref(),
    )


def _rounding(block: Block) -> Rounding:
    """Displayed rounding and which total decides the band."""
    block.only("places", "mode", "band_on", "total_from")
    places = block.integer("places", 0)
    return Rounding(places, block.choice("mode", tuple(ROUNDING_MODES)), Decimal(1).scaleb(-places),
                    block.choice("band_on", ("displayed_total", "raw_total")),
                    block.choice("total_from", ("displayed_parts", "raw_sum")), block.ref())
