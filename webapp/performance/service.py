"""Use cases around the refresh: ask for it (the button, a month close), run it as a job, read its state.

The PerformanceRefresh row is the truth the page polls: inserted and committed before the job is enqueued; a
second request while one of the same month and scope is queued or running returns that one.
"""
from datetime import date

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import units_in_scope
from ..clock import utcnow
from ..errors import NotFound
from ..models import PerformanceRefresh, Unit
from ..months import month_key
from ..queue import enqueue
from .queries import require_province_viewer
from .refresh import refresh_month

ACTIVE = ("queued", "running")
JOB = "workers.performance.run_performance_refresh"


def request_refresh(session: Session, actor: Actor, first: date) -> PerformanceRefresh:
    """"Cập nhật số liệu": refresh the month for the actor's scope (an organiser: their bloc; the admin: all)."""
    require_province_viewer(actor)
    bloc_id = actor.bloc_id if actor.role == "organiser" else None
    return enqueue_refresh(session, actor, month_key(first), bloc_id=bloc_id)


def refresh_after_close(session: Session, actor: Actor, first: date, unit: Unit | None = None) -> PerformanceRefresh:
    """After a month close (already committed): refresh the closed unit, or the closer's whole scope."""
    bloc_id = actor.bloc_id if unit is None and actor.role == "organiser" else None
    return enqueue_refresh(session, actor, month_key(first), unit_id=unit.id if unit else None, bloc_id=bloc_id)


def enqueue_refresh(session: Session, actor: Actor | None, month: str, unit_id: int | None = None,
             bloc_id: int | None = None) -> PerformanceRefresh:
    """The run already waiting for the same month and scope, or a new one, committed and enqueued."""
    found = session.exec(select(PerformanceRefresh).where(
        PerformanceRefresh.month == month, PerformanceRefresh.status.in_(ACTIVE),
        PerformanceRefresh.unit_id.is_(None) if unit_id is None else PerformanceRefresh.unit_id == unit_id,
        PerformanceRefresh.bloc_id.is_(None) if bloc_id is None else PerformanceRefresh.bloc_id == bloc_id)).first()
    if found is not None:
        return found
    run = PerformanceRefresh(month=month, unit_id=unit_id, bloc_id=bloc_id,
                             requested_by_id=actor.account_id if actor else None)
    session.add(run)
    record(session, actor, "performance_refresh_requested", run, {}, snapshot(run, ("month", "unit_id", "bloc_id")))
    session.commit()
    send(session, run.id)
    session.refresh(run)  # an in-process run (no Redis) has already finished it
    return run


def send(session: Session, run_id: int) -> bool:
    """Enqueue the run (in-process without Redis); False when Redis is down (the row stays queued)."""
    try:
        enqueue(JOB, run_id)
    except RedisError:
        return False
    except Exception:  # noqa: BLE001 - in-process run: the row already says failed and why
        if current_app.config.get("REDIS_URL"):
            raise
        session.rollback()
    return True


def _units_of(session: Session, run: PerformanceRefresh) -> list[int] | None:
    """The unit ids the run covers (None: every unit)."""
    if run.unit_id is not None:
        return [run.unit_id]
    if run.bloc_id is not None:
        return list(session.exec(select(Unit.id).where(Unit.bloc_id == run.bloc_id, Unit.active)).all())
    return None


def run_refresh(session: Session, run_id: int) -> PerformanceRefresh:
    """The job: take the queued run (a conditional UPDATE, so two workers never both run it), refresh, record."""
    taken = session.execute(update(PerformanceRefresh).where(
        PerformanceRefresh.id == run_id, PerformanceRefresh.status == "queued").values(
        status="running", started_at=utcnow()))
    session.commit()
    run = session.get(PerformanceRefresh, run_id)
    if run is None:
        raise NotFound("Không tìm thấy lượt cập nhật số liệu.")
    if taken.rowcount != 1:
        return run
    try:
        year, month = map(int, run.month.split("-"))
        rows = refresh_month(session, date(year, month, 1), _units_of(session, run))
    except Exception as error:  # noqa: BLE001 - the row says failed and why; RQ still sees the error
        session.rollback()
        run = session.get(PerformanceRefresh, run_id)
        run.status, run.error, run.finished_at = "failed", str(error)[:1000], utcnow()
        session.commit()
        raise
    run = session.get(PerformanceRefresh, run_id)
    run.status, run.rows, run.finished_at = "done", rows, utcnow()
    session.commit()
    return run


def latest_run(session: Session, actor: Actor, month: date) -> PerformanceRefresh | None:
    """The actor's scope's latest run for the month (the admin: the province-wide ones)."""
    bloc_id = actor.bloc_id if actor.role == "organiser" else None
    query = select(PerformanceRefresh).where(PerformanceRefresh.month == month_key(month),
                                             PerformanceRefresh.unit_id.is_(None))
    query = query.where(PerformanceRefresh.bloc_id.is_(None) if bloc_id is None else
                        PerformanceRefresh.bloc_id == bloc_id)
    return session.exec(query.order_by(PerformanceRefresh.id.desc())).first()


def run_for(session: Session, actor: Actor, run_id: int) -> PerformanceRefresh:
    """A run the actor may follow: the admin any, an organiser their bloc's (or the whole province's)."""
    require_province_viewer(actor)
    run = session.get(PerformanceRefresh, run_id)
    if run is None or (actor.role == "organiser" and run.bloc_id not in (None, actor.bloc_id)):
        raise NotFound("Không tìm thấy lượt cập nhật số liệu.")
    return run


def scope_unit_ids(session: Session, actor: Actor) -> list[int]:
    """The unit ids in the actor's scope."""
    return [u.id for u in session.exec(units_in_scope(actor)).scalars()]
