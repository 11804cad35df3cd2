"""The scoring rules of Nghị định 335/2025 and other rule sets: pure, standard library only.

Inputs are frozen dataclasses (`facts`), rule sets are data (`loader`), every result carries the
steps that produced it (`explain`), unless scored with `explain=False` (same numbers, no steps: the
month close keeps only the points and band). Ratios are exact Fractions, rounded once where a result
is displayed (`exact`). Nothing here touches Flask or the database.
"""
from .cap import CapCheck, CapMember, check_cap
from .errors import RuleSetError, ScoringError, ScoringInputError
from .facts import AssignedWork, CompletedWork, Flags, PersonPeriodFacts
from .loader import load_ruleset, load_ruleset_file
from .periods import MonthResult, PeriodResult, aggregate
from .person import PersonScore, score_person

__all__ = [
    "AssignedWork", "CapCheck", "CapMember", "CompletedWork", "Flags", "MonthResult", "PeriodResult",
    "PersonPeriodFacts", "PersonScore", "RuleSetError", "ScoringError", "ScoringInputError", "aggregate",
    "check_cap", "load_ruleset", "load_ruleset_file", "score_person",
]
