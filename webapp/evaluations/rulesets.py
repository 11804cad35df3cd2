"""Which rule set scores a period, loaded from its database row (data, not code)."""
from datetime import date
from functools import lru_cache

from sqlmodel import Session, or_, select

from ..errors import DomainError
from ..models import RuleSet as RuleSetRow
from ..scoring import load_ruleset
from ..scoring.rules import RuleSet


def default_ruleset_row(session: Session, day: date) -> RuleSetRow:
    """The default rule set in force on the day (Nghị định 335/2025 for công chức)."""
    row = session.exec(
        select(RuleSetRow).where(RuleSetRow.is_default, RuleSetRow.effective_from <= day,
                                 or_(RuleSetRow.effective_to.is_(None), RuleSetRow.effective_to >= day))
        .order_by(RuleSetRow.effective_from.desc(), RuleSetRow.version.desc())
    ).first()
    if row is None:
        raise DomainError(f"Chưa có bộ quy tắc đánh giá mặc định có hiệu lực ngày {day:%d/%m/%Y}.")
    return row


def rules_of(row: RuleSetRow) -> RuleSet:
    """The validated rule set of a row (cached by id and version: rows never change in place)."""
    return _cached(row.id, row.version, _Frozen(row.data))


class _Frozen:
    """Wraps the JSON so lru_cache keys on (id, version) only."""

    def __init__(self, data: dict):
        self.data = data

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other) -> bool:
        return True


@lru_cache(maxsize=32)
def _cached(_id: int, _version: int, data: _Frozen) -> RuleSet:
    """Load once per (id, version)."""
    return load_ruleset(data.data)
