"""Progress of key results and objectives: pure rules, standard library only, exact until shown.

A key result's progress is (value − baseline) / (target − baseline), a Fraction, bounded to 0–100 % unless the
key result allows over-achievement (then only the floor of 0 holds: work never counts as negative progress);
a target below the baseline (cut a backlog from 40 to 10) works the same way. An objective's progress is the
weighted mean of its key results, and only once the weights sum to 100 %. Rounding happens once, for display:
two decimals, half up, as the scoring module shows points.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

FULL = Decimal("100")
ONE = Fraction(1)


class ProgressError(ValueError):
    """A key result or a set of weights the rules refuse; the message is Vietnamese and shown as is."""


@dataclass(frozen=True)
class Measured:
    """One key result as its objective's progress needs it."""

    weight: Decimal  # percent of the objective
    progress: Fraction  # 0..1, above 1 only when over-achievement is allowed


def check_target(baseline: Decimal, target: Decimal) -> None:
    """Refuse a target equal to the baseline: progress would divide by zero."""
    if target == baseline:
        raise ProgressError("Giá trị mục tiêu phải khác giá trị ban đầu.")


def check_weight(weight: Decimal) -> None:
    """One weight lies in (0, 100] percent."""
    if not Decimal("0") < weight <= FULL:
        raise ProgressError("Trọng số phải lớn hơn 0 và không quá 100 %.")


def weights_complete(weights: Iterable[Decimal]) -> bool:
    """True when the weights sum to exactly 100 %."""
    return sum(weights, Decimal("0")) == FULL


def check_weights(weights: Iterable[Decimal]) -> None:
    """Refuse weights that do not sum to 100 % (to agree an objective)."""
    weights = list(weights)
    total = sum(weights, Decimal("0"))
    if not weights or total != FULL:
        raise ProgressError(f"Tổng trọng số các kết quả then chốt phải bằng 100 % (hiện là {_shown(total)} %).")


def check_room(other_weights: Iterable[Decimal], weight: Decimal) -> None:
    """Refuse a weight that would take the objective's total above 100 %."""
    check_weight(weight)
    taken = sum(other_weights, Decimal("0"))
    if taken + weight > FULL:
        raise ProgressError(f"Tổng trọng số vượt 100 %: các kết quả then chốt khác đã chiếm {_shown(taken)} %, "
                            f"chỉ còn {_shown(FULL - taken)} %.")


def key_result_progress(baseline: Decimal, target: Decimal, value: Decimal | None, allow_over: bool = False
                        ) -> Fraction:
    """(value − baseline) / (target − baseline) exactly, bounded to [0, 1] (or [0, ∞) with over-achievement)."""
    check_target(baseline, target)
    if value is None:
        return Fraction(0)
    progress = (Fraction(value) - Fraction(baseline)) / (Fraction(target) - Fraction(baseline))
    progress = max(progress, Fraction(0))
    return progress if allow_over else min(progress, ONE)


def objective_progress(results: Iterable[Measured]) -> Fraction | None:
    """The weighted mean of the key results' progress; None until the weights sum to 100 %."""
    results = list(results)
    if not results or not weights_complete(r.weight for r in results):
        return None
    return sum((Fraction(r.weight) * r.progress for r in results), Fraction(0)) / Fraction(FULL)


def shown_percent(progress: Fraction | None) -> Decimal | None:
    """The progress as a percent rounded once to two decimals, half up (ties away from zero)."""
    if progress is None:
        return None
    scaled = progress * 10_000  # hundredths of a percent
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return (Decimal(whole if scaled >= 0 else -whole) / 100).quantize(Decimal("0.01"))


def bar_width(progress: Fraction | None) -> Decimal:
    """The width of a progress bar in percent: the shown percent, at most 100."""
    shown = shown_percent(progress)
    return min(shown, FULL) if shown is not None else Decimal("0")


def _shown(value: Decimal) -> str:
    """A weight in a message, the Vietnamese way (comma for decimals, no trailing zeros)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
