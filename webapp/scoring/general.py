"""The general part (tiêu chí chung, Form 01): the sum of the direct manager's criterion scores.

The manager's score counts (the self score is not an input here). Every criterion of the rule
set must be scored, no unknown code is accepted, and each score must lie in [0, max]; any
Decimal is allowed unless the rule set's `general.score_step` asks for multiples of a step.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .errors import ScoringInputError
from .explain import Step
from .rules import GeneralRule

ZERO = Decimal(0)


def general_points(rule: GeneralRule, scores: Mapping[str, Decimal], steps: list | None) -> Decimal:
    """Σ of the criterion scores after validating each; the step lists them by code."""
    total = ZERO
    for criterion in rule.criteria:
        score = scores.get(criterion.code)
        if score is None:
            raise ScoringInputError(f"Thiếu điểm tiêu chí {criterion.code} ({criterion.name})")
        _check(rule, criterion.code, criterion.max_points, score)
        total += score
    if len(scores) != len(rule.criteria):
        unknown = sorted(set(scores) - {criterion.code for criterion in rule.criteria})
        raise ScoringInputError(f"Mã tiêu chí không có trong bộ quy tắc: {', '.join(map(str, unknown))}")
    if steps is not None:
        values = tuple(scores[criterion.code] for criterion in rule.criteria)
        steps.append(Step("general_points", "Điểm tiêu chí chung", rule.sum_template, (*values, total), total))
    return total


def _check(rule: GeneralRule, code: str, maximum: Decimal, score: object) -> None:
    """One score: a finite Decimal in [0, max], a multiple of the step if there is one."""
    if type(score) is not Decimal and type(score) is not int:
        raise ScoringInputError(f"Điểm tiêu chí {code} phải là số Decimal (nhận {score!r})")
    if type(score) is Decimal and not score.is_finite():
        raise ScoringInputError(f"Điểm tiêu chí {code} không hợp lệ: {score}")
    if not ZERO <= score <= maximum:
        raise ScoringInputError(f"Điểm tiêu chí {code} phải từ 0 đến {maximum} (nhận {score})")
    if rule.score_step is not None and score % rule.score_step:
        raise ScoringInputError(f"Điểm tiêu chí {code} phải là bội số của {rule.score_step} (nhận {score})")
