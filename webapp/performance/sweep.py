"""The worker's periodic pass for the index (workers/run.py, every minute): lost and stalled runs, and the current
month kept fresh: a province-wide refresh at most once per PERFORMANCE_FRESH_MINUTES, so pages show figures at most
that old. Looking every minute costs two index lookups; looking hourly would let figures grow twice as old."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, update
from sqlmodel import Session, select

from ..clock import as_utc, local_today, utcnow
from ..models import PerformanceRefresh, PerformanceSummary
from ..months import month_key
from .service import ACTIVE, enqueue_refresh, send

LOST_AFTER = timedelta(minutes=5)  # queued this long: Redis lost it (not persistent), send it again
STALLED_AFTER = timedelta(minutes=30)  # running this long: its worker died (the job timeout is 10 minutes)


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
    """Ask for a province-wide refresh of this month when its oldest row is older than PERFORMANCE_FRESH_MINUTES
    (60 by default; 0 turns this pass off) or missing."""
    minutes = current_app.config.get("PERFORMANCE_FRESH_MINUTES", 60)
    if not minutes:
        return False
    month = month_key(local_today())
    busy = session.exec(select(PerformanceRefresh.id).where(PerformanceRefresh.month == month,
                                                            PerformanceRefresh.status.in_(ACTIVE))).first()
    if busy is not None:
        return False
    oldest = session.execute(select(func.min(PerformanceSummary.refreshed_at)).where(
        PerformanceSummary.month == month, PerformanceSummary.division_key == 0)).scalar()
    if oldest is not None and as_utc(oldest) > now - timedelta(minutes=minutes):
        return False
    enqueue_refresh(session, None, month)
    return True
