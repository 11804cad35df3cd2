"""Task results: a (quantity), b (quality), c (timeliness) over converted quantities (quantity × K).

Interpretation choices, each a field of the rule set's `tasks` block:
- `quality`/`timeliness.scope` "row": the 25 % deductions apply to one completed row's share
  and floor at `floor` (0) for that row, so errors on one row never eat another row's share.
- `exempt_objective_causes`: errors or delays with a confirmed objective cause are not counted.
- `ratio_cap.scope` "period": a, b, c are capped (at `value`, 100 %) on the period's totals, so
  extra work on one item may make up for another; "item" caps each catalogue item first.
- `no_assigned_work.ratio`: a = b = c = this value (0) when nothing was assigned in the period.
- `exceeded.basis` "total": exceeded = (completed − assigned) / assigned; "item": the share of
  the assigned work (converted) whose catalogue item was completed beyond its assignment.
- on_time (used by band conditions) = work completed without a counted delay / max(completed,
  assigned): it is 100 % only if nothing is late and nothing assigned is left undone.

Arithmetic: converted sums are exact Decimals (products and sums of typed decimals); each ratio is
an exact Fraction (`exact.py`), so 21,25 / 28 is not cut at 28 digits before task points are
averaged from it. Nothing here is rounded: `person.py` rounds once, at the displayed result.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .errors import ScoringInputError
from .exact import constant, ratio
from .explain import Step
from .rules import Deduction, TaskRule

ZERO, ONE = Decimal(0), Decimal(1)
HUNDRED = 100  # an int: it multiplies Decimals and Fractions alike
_NUMBER = (Decimal, int)


@dataclass(frozen=True, slots=True)
class TaskRatios:
    """Converted totals (exact Decimals) and the capped ratios a, b, c, exceeded and on time (exact Fractions)."""

    assigned: Decimal
    completed: Decimal
    a: Fraction
    b: Fraction
    c: Fraction
    exceeded: Fraction
    on_time: Fraction
    no_assigned_work: bool


def task_ratios(rule: TaskRule, assigned: tuple, completed: tuple, steps: list | None) -> TaskRatios:
    """a, b, c and the condition metrics for one person and period; steps are appended (unless None)."""
    total = _assigned_total(assigned, steps)
    done, quality, timely, on_time_work = _completed_totals(rule, completed, steps)
    if total == ZERO:
        value = constant(rule.no_assigned_work_ratio)
        if steps is not None:
            steps.append(Step("no_assigned_work", "Không có công việc được giao trong kỳ",
                              "Không có công việc được giao: a = b = c = {} %", (value * HUNDRED,), value))
        return TaskRatios(ZERO, done, value, value, value, Fraction(0), Fraction(0), True)
    if rule.cap_scope == "item" or rule.exceeded_basis == "item":
        items = _per_item(rule, assigned, completed)
    if rule.cap_scope == "item":
        done_c, quality, timely = (sum(min(v[i], v[0] * rule.ratio_cap) for v in items.values())
                                   for i in (1, 2, 3))
    else:
        done_c = done
    cap = rule.ratio_cap
    a = _ratio(steps, "a", "Số lượng (a)", done_c, total, cap)
    b = _ratio(steps, "b", "Chất lượng (b)", quality, total, cap)
    c = _ratio(steps, "c", "Tiến độ (c)", timely, total, cap)
    if rule.exceeded_basis == "item":
        over = sum((v[0] for v in items.values() if v[1] > v[0]), ZERO)
        exceeded = ratio(over, total)
        if steps is not None:
            steps.append(Step("exceeded", "Hoàn thành vượt mức",
                              "Vượt = {} / {} = {} % (khối lượng giao của các sản phẩm hoàn thành vượt)",
                              (over, total, exceeded * HUNDRED), exceeded))
    else:
        exceeded = ratio(max(ZERO, done - total), total)
        if steps is not None:
            steps.append(Step("exceeded", "Hoàn thành vượt mức", "Vượt = ({} − {}) / {} = {} %",
                              (done, total, total, exceeded * HUNDRED), exceeded))
    base = max(done, total)
    on_time = ratio(on_time_work, base)
    if steps is not None:
        steps.append(Step("on_time", "Hoàn thành đúng hạn", "Đúng hạn = {} / {} = {} %",
                          (on_time_work, base, on_time * HUNDRED), on_time))
    return TaskRatios(total, done, a, b, c, exceeded, on_time, False)


def _ratio(steps: list | None, code: str, label: str, part: Decimal, total: Decimal, cap: Decimal) -> Fraction:
    """part / total, exact, capped (the products compared are exact Decimals), with its step."""
    capped = part > total * cap
    value = constant(cap) if capped else ratio(part, total)
    if steps is None:
        return value
    if capped:
        steps.append(Step(code, label, code + " = {} / {} = {} %, tính tối đa {} %",
                          (part, total, ratio(part, total) * HUNDRED, cap * HUNDRED), value))
    else:
        steps.append(Step(code, label, code + " = {} / {} = {} %", (part, total, value * HUNDRED), value))
    return value


def _assigned_total(rows: tuple, steps: list | None) -> Decimal:
    """Σ quantity × K of the assigned rows."""
    total = ZERO
    for row in rows:
        converted = _converted(row, "Công việc được giao")
        total += converted
        if steps is not None:
            steps.append(Step("assigned_row", "Công việc được giao (quy đổi)", "{} × {} = {}",
                              (row.quantity, row.coefficient, converted), converted, row.ref))
    if steps is None:
        return total
    steps.append(Step("assigned_total", "Tổng khối lượng được giao (quy đổi)", "Σ số lượng × K = {}",
                      (total,), total))
    return total


def _completed_totals(rule: TaskRule, rows: tuple, steps: list | None) -> tuple[Decimal, ...]:
    """Σ converted completed, Σ quality shares, Σ timeliness shares, Σ work without delay."""
    done = quality = timely = on_time = ZERO
    for row in rows:
        converted = _converted(row, "Công việc hoàn thành")
        errors = _counted(rule.quality, row.quality_errors, row.quality_errors_exempt, row.ref)
        delays = _counted(rule.timeliness, row.delays, row.delays_exempt, row.ref)
        q_factor, t_factor = _factor(rule.quality, errors), _factor(rule.timeliness, delays)
        done += converted
        quality += converted * q_factor
        timely += converted * t_factor
        if not delays:
            on_time += converted
        if steps is not None:
            steps.append(_row_step(row, converted, q_factor, t_factor))
    if steps is not None:
        steps.append(Step("completed_total", "Tổng khối lượng hoàn thành (quy đổi)", "Σ số lượng × K = {}",
                          (done,), done))
    return done, quality, timely, on_time


def _row_step(row, converted: Decimal, q_factor: Decimal, t_factor: Decimal) -> Step:
    """One completed row: conversion and, if any, its deductions."""
    if q_factor == ONE and t_factor == ONE:
        return Step("completed_row", "Công việc hoàn thành (quy đổi)", "{} × {} = {}",
                    (row.quantity, row.coefficient, converted), converted, row.ref)
    return Step("completed_row", "Công việc hoàn thành (quy đổi, có khấu trừ)",
                "{} × {} = {}; chất lượng: {} lỗi ({} miễn trừ) → {} × {} = {}; "
                "tiến độ: {} lần chậm ({} miễn trừ) → {} × {} = {}",
                (row.quantity, row.coefficient, converted, row.quality_errors, row.quality_errors_exempt,
                 converted, q_factor, converted * q_factor, row.delays, row.delays_exempt, converted,
                 t_factor, converted * t_factor), converted, row.ref)


def _converted(row, kind: str) -> Decimal:
    """quantity × K after checking both."""
    quantity, coefficient = row.quantity, row.coefficient
    if type(quantity) not in _NUMBER or type(coefficient) not in _NUMBER:
        raise ScoringInputError(f"{kind} «{row.ref}»: số lượng và hệ số K phải là Decimal")
    if quantity < ZERO or coefficient <= ZERO:
        raise ScoringInputError(f"{kind} «{row.ref}»: số lượng phải ≥ 0 và hệ số K phải > 0")
    return quantity * coefficient


def _counted(rule: Deduction, count: int, exempt: int, ref: str) -> int:
    """Occurrences that count: all of them, less the exempt ones if the rule allows exemptions."""
    if type(count) is not int or type(exempt) is not int or not 0 <= exempt <= count:
        raise ScoringInputError(f"Công việc hoàn thành «{ref}»: số lỗi/lần chậm phải là số nguyên ≥ 0 "
                                f"và số được miễn trừ không vượt quá số đó ({exempt} / {count})")
    return count - exempt if rule.exempt_objective_causes else count


def _factor(rule: Deduction, count: int) -> Decimal:
    """1 − deduction × count, floored for the row."""
    return ONE if not count else max(rule.floor, ONE - rule.per_occurrence * count)


def _per_item(rule: TaskRule, assigned: tuple, completed: tuple) -> dict[str, list[Decimal]]:
    """Per catalogue item: [assigned, completed, quality share, timeliness share] (converted)."""
    items: dict[str, list[Decimal]] = {}
    for row in assigned:
        items.setdefault(row.item_code, [ZERO, ZERO, ZERO, ZERO])[0] += row.quantity * row.coefficient
    for row in completed:
        converted = row.quantity * row.coefficient
        sums = items.setdefault(row.item_code, [ZERO, ZERO, ZERO, ZERO])
        sums[1] += converted
        sums[2] += converted * _factor(rule.quality, _counted(rule.quality, row.quality_errors,
                                                                 row.quality_errors_exempt, row.ref))
        sums[3] += converted * _factor(rule.timeliness, _counted(rule.timeliness, row.delays,
                                                                    row.delays_exempt, row.ref))
    return items
