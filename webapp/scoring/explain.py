"""Explanations: each score carries the steps that produced it, with the numbers substituted.

A Step keeps a format template and its arguments; the human-readable formula is rendered only
when read (`step.formula`), because most explanations are never displayed; a month close of
20,000 people, which stores none, scores with `explain=False` and builds no Step at all. Numbers
are written the Vietnamese way (1.234,56). Ratios arrive as exact Fractions (`exact`); they are
rounded here for display only, and nothing is computed from what a step shows.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .exact import approx, rounded, terminating

_CENT = Decimal("0.01")
_TEN_THOUSANDTH = Decimal("0.0001")
_SWAP = str.maketrans(",.", ".,")


def fmt(value: object) -> str:
    """One number in Vietnamese style: at least 2 decimals, exact up to 4, else rounded to 2."""
    if isinstance(value, Fraction):
        shown = terminating(value, 4)
        value = shown if shown is not None else rounded(value, _CENT)
    if isinstance(value, Decimal):
        cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        if cents != value and value == value.quantize(_TEN_THOUSANDTH):
            # An exact input such as K = 1,125 is shown as is, not as a misleading 1,13.
            return f"{value.normalize():,f}".translate(_SWAP)
        return f"{cents:,f}".translate(_SWAP)
    return str(value)


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the explanation: what, in Vietnamese, how it was computed, and the value."""

    code: str
    label: str
    template: str
    args: tuple = ()
    value: Decimal | None = None
    ref: str = ""

    @property
    def formula(self) -> str:
        """The formula with the numbers substituted, e.g. "a = 37,50 / 40,00 = 93,75 %"."""
        return self.template.format(*[fmt(arg) for arg in self.args])


@dataclass(frozen=True, slots=True)
class BandReason:
    """Why a band was forced or lowered: a stable code for programs and a Vietnamese text."""

    code: str
    text: str


def to_plain(value: object) -> object:
    """Any engine result as JSON-ready data (Decimals as strings), e.g. for a frozen sheet."""
    if isinstance(value, Step):
        return {"code": value.code, "label": value.label, "formula": value.formula,
                "value": to_plain(value.value), "ref": value.ref}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, Fraction):
        return str(approx(value))
    if isinstance(value, (Decimal, date)):
        return str(value)
    return value
