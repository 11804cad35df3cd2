"""Report rows never stuck: Redis down at the request answers in Vietnamese and keeps the row for the outbox sweep,
which sends lost rows again and fails (with Thử lại) what the queue still refuses."""
from datetime import timedelta

from sqlmodel import select

from webapp.clock import utcnow
from webapp.models import AuditLog, ReportJob
from webapp.reports import service

from .test_reports import october  # noqa: F401 - the fixture

DEAD_REDIS = "redis://127.0.0.1:8619/0"  # nothing listens there


def _ask(login, account):
    """Ask for the unit's summary through the page with Redis down."""
    user = login(account.username)
    response = user.post("/units/so-noi-vu/reports", data={"kind": "summary", "file_format": "pdf", "period": "2026-10"})
    return user, response


def _newest(session) -> ReportJob:
    return session.exec(select(ReportJob).order_by(ReportJob.id.desc())).first()


def _age(session, job: ReportJob, minutes: int) -> None:
    job.heartbeat_at = utcnow() - timedelta(minutes=minutes)
    session.commit()


def test_a_report_asked_for_while_redis_is_down_gets_a_vietnamese_message_and_stays_queued(login, october, session,
                                                                                        app):
    app.config["REDIS_URL"] = DEAD_REDIS
    _, response = _ask(login, october.head)
    assert response.status_code == 503
    assert "tạm thời không hoạt động" in response.get_data(as_text=True)
    job = _newest(session)
    assert job.status == "queued" and job.kind == "summary"


def test_the_sweep_sends_a_lost_queued_row_again_and_leaves_a_fresh_one(login, october, session, app, monkeypatch):
    app.config["REDIS_URL"] = DEAD_REDIS
    _ask(login, october.head)
    job = _newest(session)
    sent = []
    monkeypatch.setattr(service, "enqueue", lambda func, job_id: sent.append(job_id))
    assert service.requeue_lost(session) == (0, 0)  # queued a moment ago: the queue may still have it
    _age(session, job, 3)
    assert service.requeue_lost(session) == (1, 0) and sent == [job.id]
    session.refresh(job)
    assert job.status == "queued" and utcnow() - job.heartbeat_at.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_a_row_the_queue_refuses_for_too_long_is_failed_with_a_retry(login, october, session, app):
    app.config["REDIS_URL"] = DEAD_REDIS
    user, _ = _ask(login, october.head)
    job = _newest(session)
    _age(session, job, 5)
    assert service.requeue_lost(session) == (0, 0)  # Redis still down, not yet given up
    _age(session, job, 20)
    assert service.requeue_lost(session) == (0, 1)
    session.refresh(job)
    assert job.status == "failed" and "Thử lại" in job.error
    assert session.exec(select(AuditLog).where(AuditLog.action == "report_stalled",
                                               AuditLog.entity_id == job.id)).first()
    assert "Thử lại" in user.get(f"/reports/{job.id}", hx=True).get_data(as_text=True)


def test_retrying_a_report_twice_queues_it_once(login, october, session, app):
    app.config["REDIS_URL"] = DEAD_REDIS
    _ask(login, october.head)
    job = _newest(session)
    job.status = "failed"
    session.commit()
    stale = session.get(ReportJob, job.id)
    service.claim(session, stale, "failed", "queued")
    session.commit()
    try:
        service.claim(session, stale, "failed", "queued")
    except service.Conflict as conflict:
        assert "vừa được người khác" in conflict.message
    else:
        raise AssertionError("a second claim of the same transition must be refused")
