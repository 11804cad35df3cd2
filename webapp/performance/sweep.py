"""The worker's periodic pass for the index (workers/run.py, every minute): lost and stalled runs, and the current
month kept fresh — a province-wide refresh at most once per FRESH_FOR, so pages show figures at most that old."""
from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from ..clock import as_utc, local_today, utcnow
from ..models import PerformanceRefresh, PerformanceSummary
from ..months import month_key
from .service import ACTIVE, enqueue_refresh, send

LOST_AFTER = timedelta(minutes=5)  # queued this long: Redis lost it (not persistent), send it again
STALLED_AFTER = timedelta(minutes=30)  # running this long: its worker died (the job timeout is 10 minutes)
FRESH_FOR = timedelta(hours=1)


def sweep_performance(session: Session) -> dict:
    """Fail stalled runs, send lost ones again, and refresh the current month when its rows are old."""
    now = utcnow()
    stalled = session.execute(update(PerformanceRefresh).where(
        PerformanceRefresh.status == "running", PerformanceRefresh.started_at < now - STALLED_AFTER).values(
        status="failed", error="Quá thời gian cập nhật; sẽ cập nhật lại.", finished_at=now)).rowcount
    session.commit()
    lost = session.exec(select(PerformanceRefresh.id).where(
        PerformanceRefresh.status == "queued", PerformanceRefresh.created_at < now - LOST_AFTER)).all()
    for run_id in lost:
        send(session, run_id)
    return {"stalled": stalled, "resent": len(lost), "refreshed": _keep_current(session, now)}


def _keep_current(session: Session, now) -> bool:
    """Ask for a province-wide refresh of this month when its oldest row is older than FRESH_FOR (or missing)."""
    month = month_key(local_today())
    busy = session.exec(select(PerformanceRefresh.id).where(PerformanceRefresh.month == month,
                                                            PerformanceRefresh.status.in_(ACTIVE))).first()
    if busy is not None:
        return False
    oldest = session.execute(select(func.min(PerformanceSummary.refreshed_at)).where(
        PerformanceSummary.month == month, PerformanceSummary.division_key == 0)).scalar()
    if oldest is not None and as_utc(oldest) > now - FRESH_FOR:
        return False
    enqueue_refresh(session, None, month)
    return True
