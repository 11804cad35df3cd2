"""Printable reports: every form rendered for seeded data, jobs on RQ, failures, scope, Excel."""
import io
import logging
import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.clock import utcnow
from webapp.evaluations import service as evaluations
from webapp.models import AuditLog, Division, EvaluationSheet, ReportJob
from webapp.reports import outbox

from .evaluation_data import approved, assign, item, team

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def october(session):
    """Sở Nội vụ's October: work for one person, the month closed and scored, one sheet approved."""
    from webapp.models import CriterionScore
    t = team(session)
    k15, k1 = item(session, t.unit, "1.50"), item(session, t.unit, "1.00")
    first = assign(session, t.person, k15, "4", date(2026, 10, 20))
    approved(session, t.person, k15, "4", date(2026, 10, 12), first, errors=2)
    approved(session, t.person, k1, "4", date(2026, 10, 13))
    session.commit()
    evaluations.close_month(session, Actor.from_account(t.head), date(2026, 10, 1))
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    for code in ("I.1", "I.2"):
        session.add(CriterionScore(sheet_id=sheet.id, criterion_code=code, self_score=5, manager_score=5))
    for code in (f"{g}.{n}" for g in ("II", "III") for n in range(1, 5)):
        session.add(CriterionScore(sheet_id=sheet.id, criterion_code=code, self_score=2.5, manager_score=2))
    sheet.state, sheet.strengths = "reviewed", "Tham mưu kịp thời, chất lượng"
    session.commit()
    from webapp.evaluations.workflow import load
    evaluations.freeze(session, load(session, sheet.id))
    sheet.state = "approved"
    session.commit()
    return t


def _request(login, account, kind, fmt="pdf", period="2026-10", **extra):
    """Ask for a report through the page; return the newest job row id."""
    user = login(account.username)
    response = user.post("/units/so-noi-vu/reports", data={"kind": kind, "file_format": fmt, "period": period, **extra})
    assert response.status_code == 303, response.get_data(as_text=True)[-1200:]
    return user, int(response.headers["Location"].rsplit("job=", 1)[1])


def _pdf_text(user, job_id) -> tuple[str, bytes]:
    """Download a finished job and extract its text."""
    data = _download(user, job_id)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split()), data  # table cells wrap: compare on single spaces


def _download(user, job_id) -> bytes:
    """The file's bytes (the response is closed: send_file streams from an open file)."""
    response = user.get(f"/reports/{job_id}/download")
    assert response.status_code == 200, response.get_data(as_text=True)[-500:]
    data = response.get_data()
    response.close()
    return data


def _save_png(data: bytes, name: str) -> None:
    """The first page as a PNG for people to look at (pdftoppm, when installed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    try:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / name)],
                       check=True, timeout=60)
    except FileNotFoundError:
        pass


@pytest.fixture
def glyphs(caplog):
    """Fails the test if xhtml2pdf logs a glyph it cannot draw."""
    caplog.set_level(logging.WARNING)
    yield
    missing = [r.getMessage() for r in caplog.records if "can draw" in r.getMessage()]
    assert missing == []


def test_the_form_01_batch_of_a_unit_prints_names_points_and_bands_with_diacritics(login, october, session, glyphs):
    user, job_id = _request(login, october.head, "form01")
    assert session.get(ReportJob, job_id).status == "done"
    text, data = _pdf_text(user, job_id)
    assert "PHIẾU THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert october.person.full_name in text and "SỞ NỘI VỤ TỈNH THANH HÓA" in text.upper()
    # 26 general points + 63 task points (a 100 %, b 70 %, c 100 %) = 89,00: Hoàn thành tốt nhiệm vụ
    assert "Hoàn thành tốt nhiệm vụ" in text and "89,00" in text and "63,00" in text
    assert len(PdfReader(io.BytesIO(data)).pages) >= 30  # one document for the whole unit
    _save_png(data, "form01-unit")


def test_the_diary_hours_and_summary_forms_render(login, october, session, glyphs):
    division = session.get(Division, october.person.division_id)
    for kind, extra, expected in (
        ("diary", {"person_id": october.person.id}, "NHẬT KÝ CÔNG VIỆC CÁ NHÂN"),
        ("hours", {"division_id": division.id}, "BẢNG TỔNG HỢP GIỜ LÀM VIỆC"),
        ("summary", {}, "BẢNG TỔNG HỢP ĐÁNH GIÁ, XẾP LOẠI"),
    ):
        user, job_id = _request(login, october.head, kind, **extra)
        text, data = _pdf_text(user, job_id)
        assert expected in text and october.person.full_name in text, kind
        _save_png(data, f"{kind}-unit")
    user, job_id = _request(login, october.head, "summary", period="2026-Q4")
    assert "Quý 4 năm 2026" in _pdf_text(user, job_id)[0]


def test_excel_keeps_numbers_as_numbers_and_dates_as_dates(login, october):
    user, job_id = _request(login, october.head, "diary", fmt="xlsx", person_id=str(october.person.id))
    sheet = load_workbook(io.BytesIO(_download(user, job_id))).active
    assert sheet.freeze_panes == "A3" and sheet["A2"].value == "Ngày"
    assert isinstance(sheet["A3"].value, __import__("datetime").datetime) and sheet["A3"].number_format == "DD/MM/YYYY"
    assert isinstance(sheet["E3"].value, (int, float))
    user, job_id = _request(login, october.head, "form01", fmt="xlsx")
    workbook = load_workbook(io.BytesIO(_download(user, job_id)))
    values = [row for row in workbook.active.iter_rows(min_row=3, values_only=True) if row[0] == october.person.full_name]
    assert values and 89.0 in values[0] and 63.0 in values[0]


def test_a_download_outside_the_scope_is_refused(login, october, session):
    user, job_id = _request(login, october.head, "form01")
    from ..helpers import username_of
    assert login(username_of(session, "hac-thanh", "head")).get(f"/reports/{job_id}/download").status_code == 403
    assert login(october.staff.username).get(f"/reports/{job_id}/download").status_code == 403
    assert login(october.staff.username).post("/units/so-noi-vu/reports", data={
        "kind": "form01", "file_format": "pdf", "period": "2026-10"}).status_code == 403


def test_a_staff_member_prints_their_own_diary_but_not_a_colleagues(login, october, session):
    user, job_id = _request(login, october.staff, "diary", person_id=str(october.person.id))
    assert _download(user, job_id)
    response = user.post("/units/so-noi-vu/reports", data={"kind": "diary", "file_format": "pdf", "period": "2026-10",
                                                           "person_id": str(october.manager.person_id)})
    assert response.status_code == 403


def test_bad_input_gets_a_vietnamese_message_and_creates_no_job(login, october, session):
    before = len(session.exec(select(ReportJob)).all())
    user = login(october.head.username)
    response = user.post("/units/so-noi-vu/reports", data={"kind": "form01", "file_format": "pdf", "period": "13/2026"})
    assert response.status_code == 422 and "Kỳ báo cáo không hợp lệ" in response.get_data(as_text=True)
    for period in ("0000", "9999-Q4", "2026-13"):
        response = user.post("/units/so-noi-vu/reports", data={"kind": "summary", "file_format": "pdf", "period": period})
        assert response.status_code == 422, period
    assert len(session.exec(select(ReportJob)).all()) == before


def test_a_failing_job_ends_failed_with_its_reason_and_can_be_retried(login, october, session, monkeypatch):
    from webapp.reports import form01_data
    monkeypatch.setattr(form01_data, "form01", lambda *a, **k: (_ for _ in ()).throw(ValueError("list index out of range")))
    user, job_id = _request(login, october.head, "form01")
    job = session.get(ReportJob, job_id)
    session.refresh(job)
    assert job.status == "failed" and job.attempts == 1
    assert "lỗi hệ thống (ValueError)" in job.error and "out of range" not in job.error
    fragment = user.get(f"/reports/{job_id}", hx=True).get_data(as_text=True)
    assert "Thử lại" in fragment and "every 1s" not in fragment
    monkeypatch.undo()
    response = user.post(f"/reports/{job_id}/retry", hx=True)
    assert response.status_code == 200
    session.refresh(job)
    assert job.status == "done" and job.attempts == 2


def test_a_running_job_whose_worker_died_is_marked_failed(login, october, session):
    from datetime import timedelta

    from webapp.clock import utcnow
    user, job_id = _request(login, october.head, "summary")
    job = session.get(ReportJob, job_id)
    job.status, job.heartbeat_at = "running", utcnow() - timedelta(hours=1)
    session.commit()
    fragment = user.get(f"/reports/{job_id}", hx=True).get_data(as_text=True)
    assert "bị gián đoạn" in fragment and "Thử lại" in fragment


def test_a_real_worker_takes_a_report_from_queued_to_done(login, october, session, app):
    from redis import Redis
    from rq import Queue, SimpleWorker
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs a real Redis (RQ's Lua scripts): CI sets REDIS_URL")
    connection = Redis.from_url(url)
    queue = Queue(f"test-{os.getpid()}", connection=connection)
    app.config["REDIS_URL"] = url
    app.extensions["rq_queue"] = queue
    user, job_id = _request(login, october.head, "form01")
    job = session.get(ReportJob, job_id)
    session.refresh(job)
    assert job.status == "queued"
    assert "every 1s" in user.get(f"/reports/{job_id}", hx=True).get_data(as_text=True)
    SimpleWorker([queue], connection=connection).work(burst=True)
    session.refresh(job)
    assert job.status == "done" and job.total >= 30 and job.progress == job.total
    assert "Tải về" in user.get(f"/reports/{job_id}", hx=True).get_data(as_text=True)
    queue.delete(delete_jobs=True)


# Report rows never stuck: Redis down at the request answers in Vietnamese and keeps the row for the outbox sweep,
# which sends lost rows again and fails (with Thử lại) what the queue still refuses.
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
    monkeypatch.setattr(outbox, "enqueue", lambda func, job_id: sent.append(job_id))
    assert outbox.requeue_lost(session) == (0, 0)  # queued a moment ago: the queue may still have it
    _age(session, job, 3)
    assert outbox.requeue_lost(session) == (1, 0) and sent == [job.id]
    session.refresh(job)
    assert job.status == "queued" and utcnow() - job.heartbeat_at.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_a_row_the_queue_refuses_for_too_long_is_failed_with_a_retry(login, october, session, app):
    app.config["REDIS_URL"] = DEAD_REDIS
    user, _ = _ask(login, october.head)
    job = _newest(session)
    _age(session, job, 5)
    assert outbox.requeue_lost(session) == (0, 0)  # Redis still down, not yet given up
    _age(session, job, 20)
    assert outbox.requeue_lost(session) == (0, 1)
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
    outbox.claim(session, stale, "failed", "queued")
    session.commit()
    try:
        outbox.claim(session, stale, "failed", "queued")
    except outbox.Conflict as conflict:
        assert "vừa được người khác" in conflict.message
    else:
        raise AssertionError("a second claim of the same transition must be refused")
