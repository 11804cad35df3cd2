"""Exact ratios: every division of the engine is a Fraction, rounded once, where a number is shown.

Why: Decimal divides in a 28-digit context, so 21,25 / 28 is cut after 28 digits; a, b and c
divided on their own and then averaged gave 64,374999… for an exact 64,375, shown 64,37 instead
of 64,38 (about 3 person-months in 10,000, and a band flip at 89,995). A Fraction never cuts: the
displayed result is the exact value rounded half up (or as the rule set's `rounding.mode` says).
Fractions leave the engine only as rounded Decimals (`rounded`) or, for explanations and frozen
metrics, as 28-digit Decimals (`approx`) that no further result is computed from.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache


def exact(value: Decimal | int | Fraction) -> Fraction:
    """A Decimal, an int or a Fraction as a Fraction (Decimals convert exactly)."""
    return value if isinstance(value, Fraction) else Fraction(value)


@lru_cache(maxsize=256)
def constant(value: Decimal) -> Fraction:
    """A rule set's Decimal (a cap, a maximum, a factor) as a Fraction, converted once."""
    return Fraction(value)


def mean_times(values: tuple | list, factor: Decimal) -> Fraction:
    """mean(values) × factor exactly, on integer pairs (one Fraction at the end: this runs per person)."""
    numerator, denominator = 0, 1
    for value in values:
        n, d = (value.numerator, value.denominator) if isinstance(value, Fraction) else value.as_integer_ratio()
        numerator, denominator = numerator * d + n * denominator, denominator * d
    factor_n, factor_d = factor.as_integer_ratio()
    return Fraction(numerator * factor_n, denominator * factor_d * len(values))


def ratio(part: Decimal, whole: Decimal) -> Fraction:
    """part / whole exactly, built in one step (the month close divides ~100,000 times)."""
    part_n, part_d = part.as_integer_ratio()
    whole_n, whole_d = whole.as_integer_ratio()
    return Fraction(part_n * whole_d, part_d * whole_n)


def rounded(value: Decimal | int | Fraction, quantum: Decimal, mode: str = ROUND_HALF_UP) -> Decimal:
    """The exact value rounded once to the quantum (0.01: two decimals) in one of the rule sets' modes."""
    if not isinstance(value, Fraction):
        return Decimal(value).quantize(quantum, rounding=mode)
    quantum_n, quantum_d = quantum.as_integer_ratio()
    denominator = value.denominator * quantum_n
    whole, rest = divmod(value.numerator * quantum_d, denominator)  # value = whole + rest / denominator quanta
    return (_UP[mode](whole, 2 * rest, denominator) + whole) * quantum


def percent(value: Fraction, quantum: Decimal, mode: str = ROUND_HALF_UP) -> Decimal:
    """value × 100 rounded once to the quantum (a ratio of 21,25 / 28 → 75,89)."""
    return rounded(value, quantum.scaleb(-2), mode).scaleb(2)


# Whether to add one quantum to the floor, from the floor, twice the rest and the denominator (integers only).
_UP = {
    ROUND_HALF_UP: lambda whole, twice, den: twice > den or (twice == den and whole >= 0),  # ties away from zero
    ROUND_HALF_EVEN: lambda whole, twice, den: twice > den or (twice == den and whole % 2 == 1),
    ROUND_FLOOR: lambda whole, twice, den: False,
    ROUND_CEILING: lambda whole, twice, den: twice > 0,
}


def approx(value: Decimal | int | Fraction) -> Decimal:
    """A 28-digit Decimal of the value, for explanations and frozen metrics only (never computed on)."""
    if not isinstance(value, Fraction):
        return Decimal(value)
    return Decimal(value.numerator) / Decimal(value.denominator)


def terminating(value: Fraction, places: int) -> Decimal | None:
    """The value as an exact Decimal if it has at most `places` decimals; None otherwise."""
    scaled = value * 10 ** places
    if scaled.denominator != 1:
        return None
    return Decimal(scaled.numerator).scaleb(-places)
