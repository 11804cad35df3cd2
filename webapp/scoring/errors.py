"""Errors of the scoring engine: bad rule-set data and bad scoring inputs.

Messages are in Vietnamese (they can reach a manager's screen) and name the field at fault.
"""


class ScoringError(ValueError):
    """Base class of every error the scoring engine raises on purpose."""


class RuleSetError(ScoringError):
    """The rule-set data is invalid; the message starts with the path of the faulty field."""


class ScoringInputError(ScoringError):
    """The facts given for a person, a cap check or a period aggregate are invalid."""
