"""The guide's PDF as a report job: the same for everyone, so any signed-in user may ask for it."""
from datetime import timedelta

from flask import current_app
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import utcnow
from ..models import ReportJob
from ..reports.outbox import enqueue_job
from ..reports.unitless import GUIDE as KIND


def request_pdf(session: Session, actor: Actor) -> ReportJob:
    """Insert the job row (no unit: the guide is the province's) and commit, then enqueue it with its id."""
    job = ReportJob(kind=KIND, file_format="pdf", unit_id=None, requested_by_id=actor.account_id, params={},
                    expires_at=utcnow() + timedelta(days=current_app.config["REPORT_RETENTION_DAYS"]))
    session.add(job)
    record(session, actor, "report_requested", job, {}, snapshot(job, ("kind", "file_format", "params")))
    session.commit()
    enqueue_job(job.id)
    return job


def latest_job(session: Session, actor: Actor, job_id: int | None = None) -> ReportJob | None:
    """The actor's guide job to show: the one just asked for, else their latest."""
    query = select(ReportJob).where(ReportJob.kind == KIND, ReportJob.requested_by_id == actor.account_id)
    if job_id is not None:
        query = query.where(ReportJob.id == job_id)
    return session.exec(query.order_by(ReportJob.id.desc()).limit(1)).first()
