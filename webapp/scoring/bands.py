"""Classification: the band of a total, lowered by unmet band conditions, capped by overrides.

Interpretation choices, fields of the rule set:
- `rounding.band_on` "displayed_total": the band is read from the rounded total that is printed,
  so the number and the band always agree (89,995 → 90,00 → the 90 band).
- A band's `conditions` (e.g. 366-QĐ/TW: 100 % on time) that fail make the person fall to the
  next lower band whose conditions hold; each failed band leaves a reason.
- An override (disciplined, degraded, corruption in the unit) lowers the band to its `band`
  whatever the points, and always leaves a reason, even when the points band was already there.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .explain import BandReason, fmt
from .rules import Band, Override, RuleSet

HUNDRED = 100  # an int: metrics are exact Fractions


def band_for_points(bands: tuple[Band, ...], points: Decimal) -> Band:
    """The highest band whose threshold the points reach (the last band's threshold is 0)."""
    for band in bands:
        if points >= band.min_points:
            return band
    return bands[-1]


def classify(ruleset: RuleSet, points: Decimal, metrics: Mapping[str, Decimal],
             overrides: tuple[Override, ...]) -> tuple[Band, Band, tuple[BandReason, ...]]:
    """(band, band from points alone, reasons) for the given points, metrics and active overrides."""
    points_band = band_for_points(ruleset.bands, points)
    band, reasons = points_band, []
    for candidate in ruleset.bands[points_band.rank:]:
        failed = [c for c in candidate.conditions if metrics[c.metric] < c.minimum]
        if not failed:
            band = candidate
            break
        unmet = "; ".join(f"{c.label} (đạt {fmt(metrics[c.metric] * HUNDRED)} %)" for c in failed)
        reasons.append(BandReason(f"condition:{candidate.code}",
                                  f"Chưa đủ điều kiện xếp loại {candidate.name}: {unmet}"))
    for override in overrides:
        target = ruleset.band(override.band)
        if target.rank > band.rank:
            band = target
        reasons.append(BandReason(f"override:{override.flag}",
                                  f"{override.reason}: xếp loại {target.name} "
                                  f"không phụ thuộc số điểm ({override.legal_reference})"))
    return band, points_band, tuple(reasons)


def active_overrides(ruleset: RuleSet, flags: object, is_leader: bool) -> tuple[Override, ...]:
    """The overrides whose flag is set; leaders-only flags are ignored for other staff."""
    return tuple(o for o in ruleset.overrides
                 if getattr(flags, o.flag) and (is_leader or not o.leaders_only))
