"""A catalogue batch too big for one web request (an Excel import of thousands of items) is approved by a background
job: queued once, approved all or none with the row marked done, or failed with the reason and nothing written;
nobody decides its drafts while it runs; lost and stalled jobs are swept; Redis down gets a clear message."""
from datetime import timedelta

import pytest
from redis.exceptions import RedisError
from sqlmodel import select

from webapp.catalog import batch_approval, drafts
from webapp.clock import local_today, utcnow
from webapp.errors import Conflict
from webapp.models import AuditLog, CatalogueBatch, CatalogueDraft

from .catalogue_data import actor, item, new_item, office


@pytest.fixture
def big(app, session):
    """Three new items proposed in one batch by Sở Nội vụ's officer, with batches over one draft sent to the job."""
    app.config["CATALOGUE_APPROVE_INLINE_MAX"] = 1
    o = office(session)
    batch = drafts.propose_batch(session, actor(o.officer), o.unit, [new_item(f"SNV-BIG-{n}") for n in (1, 2, 3)],
                                 local_today(), "Nhập danh mục từ Excel")
    return o, batch


def _fresh(session, batch_id: int) -> tuple[CatalogueBatch, list[str]]:
    """The batch and its drafts' states, from the database."""
    session.expire_all()
    states = session.exec(select(CatalogueDraft.state).where(CatalogueDraft.batch_id == batch_id)
                          .order_by(CatalogueDraft.id)).all()
    return session.get(CatalogueBatch, batch_id), list(states)


def _actions(session, batch_id: int) -> list[str]:
    """The audit actions written about the batch's background approval."""
    return list(session.exec(select(AuditLog.action).where(AuditLog.entity == "cataloguebatch",
                                                           AuditLog.entity_id == batch_id).order_by(AuditLog.id)))


def _hold(monkeypatch) -> list:
    """Keep jobs on an imaginary queue instead of running them in-process; the ids sent."""
    sent = []
    monkeypatch.setattr(batch_approval, "enqueue", lambda func, batch_id: sent.append(batch_id))
    return sent


def test_the_head_approves_a_big_batch_and_the_job_approves_every_draft_and_marks_the_batch_done(session, login, big):
    o, batch = big
    head = login(o.head.username)
    response = head.post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True)
    assert response.status_code == 200 and "Đã duyệt xong trong nền." in response.get_data(as_text=True)
    row, states = _fresh(session, batch.id)
    assert (row.approval_status, row.approval_requested_by_id, states) == ("done", o.head.id, ["approved"] * 3)
    assert _actions(session, batch.id) == ["catalogue_approval_queued", "catalogue_approval_done"]
    assert session.exec(select(AuditLog).where(AuditLog.action == "catalogue_draft_approved",
                                               AuditLog.actor_id == o.head.id)).all()


def test_a_small_batch_is_still_approved_within_the_request(session, login, app):
    o = office(session)
    batch = drafts.propose_batch(session, actor(o.officer), o.unit, [new_item("SNV-ONE")], local_today(), "Bổ sung")
    login(o.head.username).post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True)
    row, states = _fresh(session, batch.id)
    assert (row.approval_status, states) == ("", ["approved"])


def test_while_queued_the_card_polls_and_nobody_decides_its_drafts(session, login, big, monkeypatch):
    o, batch = big
    sent = _hold(monkeypatch)
    head = login(o.head.username)
    page = head.post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True).get_data(as_text=True)
    assert sent == [batch.id] and 'hx-trigger="every 3s"' in page and "Đang chờ duyệt 3 đề xuất trong nền" in page
    assert head.post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True).status_code == 409
    rejected = head.post(f"/catalogue/batches/{batch.id}/reject", {"reason": "Chưa phù hợp"}, hx=True)
    assert rejected.status_code == 409 and "đang được duyệt trong nền" in rejected.get_data(as_text=True)
    assert _fresh(session, batch.id)[1] == ["pending"] * 3
    assert head.get(f"/catalogue/batches/{batch.id}", hx=True).status_code == 200


def test_a_refused_draft_fails_the_job_with_its_reason_leaving_the_whole_batch_pending_to_try_again(session, login,
                                                                                                     big, monkeypatch):
    o, batch = big
    _hold(monkeypatch)
    login(o.head.username).post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True)
    taken = item(session, o.unit)
    taken.code = "SNV-BIG-2"  # the code is taken in the catalogue meanwhile: the draft can no longer be applied
    session.commit()
    batch_approval.run(session, batch.id)
    row, states = _fresh(session, batch.id)
    assert (row.approval_status, states) == ("failed", ["pending"] * 3)
    assert "Mã SNV-BIG-2 đã có trong danh mục" in row.approval_error
    page = login(o.head.username).get(f"/catalogue/batches/{batch.id}", hx=True).get_data(as_text=True)
    assert "Chưa duyệt được: Mã SNV-BIG-2" in page and "Duyệt" in page
    sent = _hold(monkeypatch)
    login(o.head.username).post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True)
    assert sent == [batch.id] and _fresh(session, batch.id)[0].approval_status == "queued"


def test_a_job_sent_twice_runs_once(session, login, big, monkeypatch):
    o, batch = big
    _hold(monkeypatch)
    login(o.head.username).post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True)
    batch_approval.run(session, batch.id)
    batch_approval.run(session, batch.id)
    assert _actions(session, batch.id) == ["catalogue_approval_queued", "catalogue_approval_done"]


def test_the_sweep_sends_a_lost_job_again_and_fails_one_that_died_while_running(session, login, big, monkeypatch):
    o, batch = big
    _hold(monkeypatch)
    login(o.head.username).post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True)
    row = session.get(CatalogueBatch, batch.id)
    row.approval_queued_at = utcnow() - timedelta(minutes=3)
    session.commit()
    monkeypatch.undo()  # the queue works again: the sweep's send runs the job in-process
    assert batch_approval.sweep(session) == (1, 0)
    assert _fresh(session, batch.id)[0].approval_status == "done"

    other = drafts.propose_batch(session, actor(o.officer), o.unit, [new_item("SNV-X-1"), new_item("SNV-X-2")],
                                 local_today(), "Đợt khác")
    row = session.get(CatalogueBatch, other.id)
    row.approval_status, row.approval_started_at = "running", utcnow() - batch_approval.STALLED_AFTER - timedelta(1)
    session.commit()
    assert batch_approval.sweep(session) == (0, 1)
    row, states = _fresh(session, other.id)
    assert (row.approval_status, row.approval_error, states) == ("failed", batch_approval.INTERRUPTED,
                                                                 ["pending", "pending"])


def test_with_redis_down_the_head_is_told_and_the_batch_waits_for_the_sweep(session, login, big, monkeypatch):
    o, batch = big

    def down(func, batch_id):
        raise RedisError("connection refused")

    monkeypatch.setattr(batch_approval, "enqueue", down)
    response = login(o.head.username).post(f"/catalogue/batches/{batch.id}/approve", {}, hx=True)
    assert response.status_code == 503 and "hệ thống sẽ tự gửi lại" in response.get_data(as_text=True)
    assert _fresh(session, batch.id)[0].approval_status == "queued"


def test_only_the_head_queues_a_big_batch(session, big):
    o, batch = big
    with pytest.raises(Exception) as refused:
        batch_approval.approve_or_queue(session, actor(o.staff), batch.id)
    assert "thủ trưởng" in str(refused.value)
    assert _fresh(session, batch.id)[0].approval_status == ""
    assert not isinstance(refused.value, Conflict)
