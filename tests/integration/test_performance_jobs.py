"""The refresh as a job: one run at a time per month and scope, its row the truth, the worker's sweep."""
from datetime import timedelta

import pytest
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.clock import utcnow
from webapp.errors import Forbidden
from webapp.models import AuditLog, PerformanceRefresh, PerformanceSummary
from webapp.performance import service
from webapp.performance.sweep import sweep_performance

from .performance_data import OCTOBER, october


def test_a_refresh_asked_twice_while_waiting_is_one_run(session, make, monkeypatch):
    organiser = Actor.from_account(make.organiser("chinhquyen"))
    session.commit()
    sent = []
    monkeypatch.setattr(service, "send", lambda session, run_id: sent.append(run_id) or True)
    first = service.request_refresh(session, organiser, OCTOBER)
    again = service.request_refresh(session, organiser, OCTOBER)
    assert first.id == again.id and sent == [first.id] and first.bloc_id == organiser.bloc_id
    assert session.exec(select(AuditLog).where(AuditLog.action == "performance_refresh_requested")).first()


def test_a_run_is_taken_once_even_when_sent_twice(session, make, monkeypatch):
    month = october(session, make)
    monkeypatch.setattr(service, "send", lambda session, run_id: True)
    run = service.enqueue_refresh(session, None, "2026-10", unit_id=month.unit.id)
    assert service.run_refresh(session, run.id).status == "done"
    assert service.run_refresh(session, run.id).rows == 3  # the second delivery finds it done and leaves it


def test_a_failed_run_says_so_on_its_row(session, make, monkeypatch):
    month = october(session, make)
    monkeypatch.setattr(service, "send", lambda session, run_id: True)
    run = service.enqueue_refresh(session, None, "2026-10", unit_id=month.unit.id)

    def broken(*args, **kwargs):
        raise RuntimeError("cơ sở dữ liệu mất kết nối")
    monkeypatch.setattr(service, "refresh_month", broken)
    with pytest.raises(RuntimeError):
        service.run_refresh(session, run.id)
    failed = session.get(PerformanceRefresh, run.id)
    assert failed.status == "failed" and "mất kết nối" in failed.error


def test_staff_and_heads_may_not_ask_for_a_refresh(session, make):
    month = october(session, make)
    head = Actor.from_account(make.person(month.unit, role="head")[1])
    with pytest.raises(Forbidden):
        service.request_refresh(session, head, OCTOBER)


def test_the_sweep_fails_stalled_runs_sends_lost_ones_and_keeps_the_current_month_fresh(session, make, monkeypatch):
    october(session, make)
    sent = []
    monkeypatch.setattr("webapp.performance.sweep.send", lambda session, run_id: sent.append(run_id) or True)
    monkeypatch.setattr(service, "send", lambda session, run_id: sent.append(run_id) or True)
    long_ago = utcnow() - timedelta(hours=2)
    stalled = PerformanceRefresh(month="2026-10", status="running", started_at=long_ago, created_at=long_ago)
    lost = PerformanceRefresh(month="2026-09", status="queued", created_at=long_ago)
    session.add_all([stalled, lost])
    session.commit()
    result = sweep_performance(session)
    assert result == {"stalled": 1, "resent": 1, "refreshed": True}
    assert session.get(PerformanceRefresh, stalled.id).status == "failed"
    assert lost.id in sent and len(sent) == 2  # the lost one, then the current month's new run
    assert sweep_performance(session)["refreshed"] is False  # the current month's run is waiting


def test_fresh_rows_need_no_refresh_from_the_sweep(session, make, monkeypatch):
    from webapp.clock import local_today
    from webapp.performance.refresh import refresh_month
    month = october(session, make)
    refresh_month(session, local_today().replace(day=1), [month.unit.id])
    session.execute(PerformanceSummary.__table__.delete().where(PerformanceSummary.unit_id != month.unit.id))
    session.commit()
    assert sweep_performance(session)["refreshed"] is False
