"""Shared builders for the scoring tests: the seeded rule sets and small facts."""
from decimal import Decimal
from functools import cache
from pathlib import Path

from webapp.scoring import AssignedWork, CompletedWork, Flags, PersonPeriodFacts, load_ruleset_file

RULESETS = Path(__file__).resolve().parents[2] / "seeds" / "rulesets"
D = Decimal


@cache
def ruleset(code: str = "nd-335-2025"):
    """A seeded rule set, loaded once."""
    return load_ruleset_file(RULESETS / f"{code}.json")


def criteria(total: str = "30", code: str = "nd-335-2025") -> dict[str, Decimal]:
    """Criterion scores adding up to `total`, filling criteria in order up to their maxima."""
    left, scores = D(total), {}
    for criterion in ruleset(code).general.criteria:
        scores[criterion.code] = min(left, criterion.max_points)
        left -= scores[criterion.code]
    assert left == 0, "total above the general maximum"
    return scores


def work(*rows, general: str = "30", leader: bool = False, code: str = "nd-335-2025", **kw) -> PersonPeriodFacts:
    """Facts from rows (item, K, assigned qty, done qty, errors, exempt errors, delays, exempt delays)."""
    assigned, completed = [], []
    for n, (item, k, qty, done, *counts) in enumerate(rows):
        errors, errors_exempt, delays, delays_exempt = (list(counts) + [0, 0, 0, 0])[:4]
        if qty:
            assigned.append(AssignedWork(f"giao-{n}", item, D(k), D(qty)))
        if done:
            completed.append(CompletedWork(f"nk-{n}", item, D(k), D(done), errors, errors_exempt, delays, delays_exempt))
    return PersonPeriodFacts(is_leader=leader, assigned=tuple(assigned), completed=tuple(completed),
                             criteria=criteria(general, code), flags=kw.pop("flags", Flags()), **kw)
