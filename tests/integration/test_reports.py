"""Printable reports: every form rendered for seeded data, jobs on RQ, failures, scope, Excel."""
import io
import logging
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.evaluations import service as evaluations
from webapp.models import Division, EvaluationSheet, ReportJob

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
    from webapp.reports import documents
    monkeypatch.setattr(documents, "form01", lambda *a, **k: (_ for _ in ()).throw(ValueError("list index out of range")))
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
