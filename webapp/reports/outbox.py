"""The report rows' way through the queue: sent after commit, sent again when the queue lost them (the outbox),
failed when their worker died, and moved from status to status by conditional UPDATEs.

The database row, not RQ's job metadata, is what the pages read: queued → running (n of N) → done with a file, or
failed with a reason and a retry.
"""
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..clock import as_utc, utcnow
from ..errors import Conflict, Unavailable
from ..models import ReportJob
from ..queue import enqueue
from .files import storage_dir

STALE_AFTER = timedelta(minutes=15)  # longer than the job timeout: a running row this old lost its worker
REQUEUE_AFTER = timedelta(minutes=2)  # a queued row this old was lost by the queue (Redis restarted or down)
GIVE_UP_AFTER = timedelta(minutes=15)  # ... and if the queue still refuses it, it is failed with "Thử lại"
QUEUE_DOWN = ("Hàng đợi xử lý báo cáo tạm thời không hoạt động. Yêu cầu đã được ghi nhận và sẽ được lập tự động "
              "khi hệ thống hoạt động trở lại; bạn không cần gửi lại.")
QUEUE_GAVE_UP = "Hàng đợi xử lý báo cáo không hoạt động trong thời gian dài nên chưa lập được. Vui lòng bấm Thử lại."
AUDITED = ("status", "progress", "total", "attempts", "error")


def enqueue_job(job_id: int) -> None:
    """On RQ with one retry and a timeout; in-process without Redis (the failure is on the row). Redis down:
    the row stays queued (committed) for the sweep to send again, and the user is told so."""
    if not _send(job_id):
        raise Unavailable(QUEUE_DOWN)


def _send(job_id: int) -> bool:
    """Put the job on the queue; False when Redis cannot be reached."""
    try:
        enqueue("workers.reports.run_report", job_id)
    except RedisError:
        return False
    except Exception:  # noqa: BLE001 - in-process run: the row already says failed and why
        if current_app.config.get("REDIS_URL"):
            raise
    return True


def claim(session: Session, job: ReportJob, source: str | tuple[str, ...], target: str) -> None:
    """Move the row from one status to the next with a conditional UPDATE: of two requests (two clicks on
    Thử lại, a sweep and a worker), one wins and the other gets the conflict message."""
    sources = (source,) if isinstance(source, str) else source
    taken = session.execute(update(ReportJob).where(ReportJob.id == job.id, ReportJob.status.in_(sources))
                            .values(status=target).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        session.rollback()
        raise Conflict("Báo cáo vừa được người khác hoặc hệ thống cập nhật. Vui lòng tải lại trang để xem "
                       "trạng thái mới nhất.")
    job.status = target


def _mark_stalled(session: Session, job: ReportJob) -> bool:
    """A running row whose worker went silent becomes failed (audited as the system's action)."""
    beat = as_utc(job.heartbeat_at or job.started_at or job.created_at)
    if job.status != "running" or utcnow() - beat <= STALE_AFTER:
        return False
    before = snapshot(job, AUDITED)
    job.status, job.finished_at = "failed", utcnow()
    job.error = "Tiến trình xử lý bị gián đoạn (máy chủ xử lý ngừng hoạt động). Vui lòng bấm Thử lại."
    record(session, None, "report_stalled", job, before, snapshot(job, AUDITED))
    return True


def fail_if_stalled(session: Session, job: ReportJob) -> ReportJob:
    """Looked at while running: show it failed if its worker died, rather than running forever."""
    if _mark_stalled(session, job):
        session.commit()
    return job


def requeue_lost(session: Session) -> tuple[int, int]:
    """The outbox: queued rows silent for REQUEUE_AFTER are sent again (a non-persistent Redis lost them);
    those the queue still refuses after GIVE_UP_AFTER become failed with Thử lại. (sent, failed)."""
    now, sent, failed = utcnow(), 0, 0
    lost = session.exec(select(ReportJob).where(ReportJob.status == "queued")).all()
    for job in lost:
        beat = as_utc(job.heartbeat_at or job.created_at)
        if now - beat <= REQUEUE_AFTER:
            continue
        if _send(job.id):
            job.heartbeat_at, sent = now, sent + 1
        elif now - beat > GIVE_UP_AFTER:
            before = snapshot(job, AUDITED)
            job.status, job.finished_at, job.error = "failed", now, QUEUE_GAVE_UP
            record(session, None, "report_stalled", job, before, snapshot(job, AUDITED))
            failed += 1
        session.commit()
    return sent, failed


def sweep(session: Session) -> tuple[int, int]:
    """Mark every stalled row failed, send lost queued rows again, and delete files past their retention
    (audited); worker side (at start and every minute) and `flask reports-sweep`."""
    running = session.exec(select(ReportJob).where(ReportJob.status == "running"))
    stale = sum(_mark_stalled(session, job) for job in running)
    session.commit()
    requeue_lost(session)
    purged = 0
    for job in session.exec(select(ReportJob).where(ReportJob.expires_at < utcnow(), ReportJob.file_path != "")):
        (storage_dir() / job.file_path).unlink(missing_ok=True)
        record(session, None, "report_purged", job, {"file_path": job.file_path}, {"file_path": ""})
        job.file_path = ""
        purged += 1
    session.commit()
    return stale, purged
