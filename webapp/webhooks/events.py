"""The two events a client may subscribe to, as the services announce them (in their own transaction)."""
from sqlmodel import Session

from ..models import Period, Unit
from .outbox import emit


def sheets_published(session: Session, period: Period, count: int) -> int:
    """sheet.published: a unit's month was published; the results themselves are read through the API."""
    unit = session.get(Unit, period.unit_id)
    month = period.key
    return emit(session, "sheet.published", unit, {
        "period": month, "period_kind": period.kind, "sheets_published": count,
        "results": f"/api/v1/units/{unit.code}/results?month={month}"})


def period_closed(session: Session, period: Period) -> int:
    """period.closed: a unit's evaluation period was locked for good (until reopened)."""
    unit = session.get(Unit, period.unit_id)
    closed_at = period.closed_at.isoformat(timespec="seconds") if period.closed_at else None
    return emit(session, "period.closed", unit, {"period": period.key, "period_kind": period.kind,
                                                 "starts_on": period.starts_on.isoformat(),
                                                 "ends_on": period.ends_on.isoformat(), "closed_at": closed_at})
