"""Báo cáo tháng and Báo cáo sơ kết quý: contents read back from the PDF and the workbook, scope, the job on RQ."""
import io
import os
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from webapp.clock import local_today
from webapp.models import Bloc, ReportJob, Unit
from webapp.performance.refresh import refresh_month
from webapp.reports import province_index

from ..helpers import organiser_of
from .performance_data import OCTOBER, TODAY, october
from .test_reports import _download, _save_png, glyphs  # noqa: F401 - the fixture that fails on missing glyphs

SEPTEMBER, NOVEMBER = date(2026, 9, 1), date(2026, 11, 1)


@pytest.fixture
def front(session, make, monkeypatch):
    """The MTTQ bloc: a unit with the hand-made October (and September, November refreshed), the seeded Ủy ban
    MTTQ tỉnh without people; the index refreshed for the three months."""
    month = october(session, make, bloc="mttq")
    month.unit.name, month.unit.short_name = "Hội Nông dân xã Quảng Đức", "Hội Nông dân xã Quảng Đức"
    session.commit()
    units = [month.unit.id, session.exec(select(Unit.id).where(Unit.code == "mttq-tinh")).one()]
    for first in (SEPTEMBER, OCTOBER, NOVEMBER):
        refresh_month(session, first, units, today=TODAY)
    monkeypatch.setattr(province_index, "local_today", lambda: date(2026, 12, 2))  # October due 10/11: late
    return month


def _bloc(session, code: str) -> int:
    return session.exec(select(Bloc.id).where(Bloc.code == code)).one()


def _ask(login, session, kind="monthly", fmt="pdf", period="10/2026", scope=None, user="mttq", **extra):
    """Ask through the page as the bloc's organiser; the job runs in-process. (client, job id)."""
    client = login(organiser_of(session, user))
    response = client.post("/reports/province", data={"kind": kind, "file_format": fmt, "period": period,
                                                      "scope": scope or str(_bloc(session, "mttq")), **extra})
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    return client, int(response.headers["Location"].rsplit("job=", 1)[1])


def _text(data: bytes) -> str:
    """The PDF's text on single spaces (table cells wrap)."""
    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_monthly_report_prints_the_layout_the_units_their_figures_and_the_narrative(login, session, front, glyphs):
    client, job_id = _ask(login, session)
    assert session.get(ReportJob, job_id).status == "done"
    data = _download(client, job_id)
    text = _text(data)
    for part in ("TỈNH ỦY THANH HÓA", "BAN TỔ CHỨC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc",
                 "-BC/BTCTU", "Thanh Hóa, ngày", "BÁO CÁO", "tháng 10/2026", "Nơi nhận:", "Thường trực Tỉnh ủy",
                 "TRƯỞNG BAN", "Hội Nông dân xã Quảng Đức", "Ủy ban MTTQ Việt Nam tỉnh"):
        assert part in text, part
    # 2 of 4 evaluated (92 and 80 points: 86,00), one excellent and one good: over the cap (floor(20 % × 1) = 0)
    assert ("Trong tháng 10/2026, 50,0% cán bộ, công chức của 2 cơ quan, đơn vị đã được đánh giá (2/4 phiếu), "
            "tăng 50,0 điểm phần trăm so với tháng trước.") in text
    assert "Điểm đánh giá bình quân đạt 86,00 điểm." in text
    assert "Hoàn thành xuất sắc nhiệm vụ 1 người (50,0%); Hoàn thành tốt nhiệm vụ 1 người (50,0%)" in text
    assert "Khối lượng công việc quy đổi hoàn thành đạt 71,4%" in text and "đúng hạn đạt 80,0%" in text
    assert "1 cơ quan, đơn vị chưa hoàn thành đánh giá đúng hạn" in text  # due 10/11/2026, the report made later
    assert "1 cơ quan, đơn vị có số hoàn thành xuất sắc vượt tỷ lệ cho phép" in text
    assert "Chậm: 10/2026" in text and "So sánh với tháng trước (Tháng 09/2026)" in text
    _save_png(data, "province-monthly")


def test_a_unit_short_of_its_sheets_before_the_due_date_is_pending_not_late(login, session, front, monkeypatch):
    monkeypatch.setattr(province_index, "local_today", lambda: date(2026, 11, 5))
    client, job_id = _ask(login, session)
    text = _text(_download(client, job_id))
    assert "chưa hoàn thành đánh giá đúng hạn" not in text and "Chậm:" not in text
    assert "1 cơ quan, đơn vị đang hoàn thành đánh giá (hạn 10/11/2026)" in text and "Chưa đến hạn" in text


def test_the_quarterly_review_adds_up_its_months_and_compares_with_the_quarter_before(login, session, front, glyphs):
    client, job_id = _ask(login, session, kind="quarterly", period="Quý 4/2026")
    data = _download(client, job_id)
    text = _text(data)
    assert "BÁO CÁO SƠ KẾT" in text and "quý 4 năm 2026" in text
    # October 2/4 and November 0/4 (no sheets yet): 2 of 8 sheets due; Q3 (September) 0 of 4
    assert ("Trong quý 4 năm 2026, 25,0% cán bộ, công chức của 2 cơ quan, đơn vị đã được đánh giá (2/8 phiếu), "
            "tăng 25,0 điểm phần trăm so với quý trước.") in text
    assert "Hoàn thành xuất sắc nhiệm vụ 1 lượt (50,0%)" in text and "Số liệu quý cộng ba tháng" in text
    _save_png(data, "province-quarterly")


def test_the_workbook_holds_the_same_content_with_numbers_as_numbers_and_names_as_text(login, session, front):
    front.unit.short_name = "=HYPERLINK(\"http://x\",\"Hội Nông dân\")"
    session.commit()
    client, job_id = _ask(login, session, fmt="xlsx")
    wb = load_workbook(io.BytesIO(_download(client, job_id)))
    assert wb.sheetnames == ["Tổng hợp", "Đơn vị", "Phân loại", "Chậm đánh giá", "Vượt tỷ lệ xuất sắc"]
    summary = [row for row in wb["Tổng hợp"].iter_rows(values_only=True)]
    assert ("Kỳ báo cáo", "Tháng 10/2026", None, None) in summary
    assert any(row[1] and str(row[1]).startswith("Trong tháng 10/2026, 50,0% cán bộ") for row in summary)
    units = {row[1]: row for row in wb["Đơn vị"].iter_rows(min_row=3, values_only=True)}
    name = front.unit.short_name
    assert units[name][2] == "Khối MTTQ và các tổ chức chính trị - xã hội"
    assert units[name][4:9] == (4, 4, 2, 50.0, 86.0) and units[name][9:13] == (1, 1, 0, 0)
    cell = next(c for c in wb["Đơn vị"]["B"] if c.value == name)
    assert cell.data_type == "s" and cell.quotePrefix  # never a live formula
    assert [r[:2] for r in wb["Phân loại"].iter_rows(min_row=3, values_only=True)][:2] == [
        ("Hoàn thành xuất sắc nhiệm vụ", 1), ("Hoàn thành tốt nhiệm vụ", 1)]
    assert [r[1] for r in wb["Vượt tỷ lệ xuất sắc"].iter_rows(min_row=3, values_only=True)] == [name]


def test_pilot_units_only_narrows_the_scope_and_says_so(login, session, front):
    front.unit.is_pilot = True
    session.commit()
    client, job_id = _ask(login, session, pilot_only="y")
    text = _text(_download(client, job_id))
    assert "các đơn vị thí điểm" in text and "Ủy ban MTTQ Việt Nam tỉnh" not in text
    assert "50,0% cán bộ, công chức của Hội Nông dân xã Quảng Đức đã được đánh giá" in text


def test_an_organiser_cannot_ask_for_another_bloc_nor_open_its_report(login, session, front):
    government = login(organiser_of(session, "chinhquyen"))
    before = len(session.exec(select(ReportJob)).all())
    refused = government.post("/reports/province", data={"kind": "monthly", "file_format": "pdf", "period": "10/2026",
                                                          "scope": str(_bloc(session, "mttq"))})
    assert refused.status_code == 403 and len(session.exec(select(ReportJob)).all()) == before
    assert government.post("/reports/province", data={"kind": "monthly", "file_format": "pdf", "period": "10/2026",
                                                       "scope": "province"}).status_code == 403
    _, job_id = _ask(login, session)
    assert government.get(f"/reports/{job_id}/download").status_code == 403
    assert government.get(f"/reports/{job_id}", hx=True).status_code == 403


def test_the_admin_may_report_on_the_province_and_staff_have_no_such_page(login, session, front, make):
    admin = login("admin")
    page = admin.get("/reports/province").get_data(as_text=True)
    assert "Toàn tỉnh" in page and "Khối MTTQ" in page and 'href="/reports/province"' in page
    today = local_today()
    last_month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    assert f'name="period" value="{last_month:%m/%Y}"' in page  # the month just over
    response = admin.post("/reports/province", data={"kind": "monthly", "file_format": "pdf", "period": "10/2026",
                                                     "scope": "province"})
    assert response.status_code == 303
    text = _text(_download(admin, int(response.headers["Location"].rsplit("job=", 1)[1])))
    assert "toàn tỉnh" in text and "Khối chính quyền" in text and "Tổng cộng toàn tỉnh" in text
    assert "Cộng khối MTTQ và các tổ chức chính trị - xã hội 4 2 50,0 86,00" in text  # the bloc's subtotal row
    _, staff_account = make.person(front.unit)
    assert login(staff_account.username).get("/reports/province").status_code == 403


@pytest.mark.parametrize("kind, period, message", [
    ("monthly", "Quý 4/2026", "Báo cáo tháng lập theo tháng"),
    ("quarterly", "10/2026", "Báo cáo sơ kết quý lập theo quý"),
    ("monthly", "13/2026", "Kỳ báo cáo không hợp lệ"), ("weekly", "10/2026", "Loại báo cáo không hợp lệ"),
])
def test_a_wrong_period_or_kind_is_refused_on_its_field_and_creates_nothing(login, session, kind, period, message):
    client = login(organiser_of(session, "mttq"))
    before = len(session.exec(select(ReportJob)).all())
    response = client.post("/reports/province", data={"kind": kind, "file_format": "pdf", "period": period,
                                                      "scope": str(_bloc(session, "mttq"))}, hx=True)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert len(session.exec(select(ReportJob)).all()) == before


def test_a_period_the_index_has_no_figures_for_fails_with_the_way_to_fix_it_and_only_its_bloc_may_retry(
        login, session, front):
    client, job_id = _ask(login, session, period="03/2026")
    job = session.get(ReportJob, job_id)
    assert job.status == "failed" and "làm mới bộ chỉ số" in job.error
    assert login(organiser_of(session, "dang")).post(f"/reports/{job_id}/retry", hx=True).status_code == 403
    assert client.post(f"/reports/{job_id}/retry", hx=True).status_code == 200  # runs again, fails again
    session.refresh(job)
    assert job.status == "failed" and job.attempts == 2


def test_a_real_worker_takes_the_monthly_report_from_queued_to_done(login, session, front, app):
    from redis import Redis
    from rq import Queue, SimpleWorker
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs a real Redis (RQ's Lua scripts): CI sets REDIS_URL")
    connection = Redis.from_url(url)
    queue = Queue(f"test-province-{os.getpid()}", connection=connection)
    app.config["REDIS_URL"] = url
    app.extensions["rq_queue"] = queue
    client, job_id = _ask(login, session)
    job = session.get(ReportJob, job_id)
    session.refresh(job)
    assert job.status == "queued" and "every 1s" in client.get(f"/reports/{job_id}", hx=True).get_data(as_text=True)
    SimpleWorker([queue], connection=connection).work(burst=True)
    session.refresh(job)
    assert job.status == "done" and job.total == 2
    assert "Hội Nông dân xã Quảng Đức" in _text(_download(client, job_id))
    queue.delete(delete_jobs=True)


def test_a_signed_monthly_report_carries_the_issuing_bodys_pades_signature_over_its_signature_block(
        login, session, front, tmp_path, monkeypatch):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    from webapp.signing.isolated import isolated
    from pyhanko_certvalidator import ValidationContext

    from ..signing_certs import make_certificates

    certs = make_certificates(tmp_path / "certs")
    monkeypatch.setenv("SIGNING_PROVINCE_P12_PATH", str(certs.p12))
    monkeypatch.setenv("SIGNING_PROVINCE_P12_PASSPHRASE", certs.passphrase)
    page = login(organiser_of(session, "mttq")).get("/reports/province").get_data(as_text=True)
    assert 'id="province-sign"' in page
    client, job_id = _ask(login, session, sign="y")
    job = session.get(ReportJob, job_id)
    assert job.status == "done" and job.params["sign"] is True
    data = _download(client, job_id)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = isolated(validate_pdf_signature, signature, ValidationContext(
        trust_roots=[load_cert_from_pemder(str(certs.ca_pem))], allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert str(signature.sig_object["/Reason"]) == "Ban hành báo cáo tháng"
    assert "TRƯỞNG BAN" in _text(data)
    _save_png(data, "province-monthly-signed")


def test_a_signed_report_is_refused_without_the_issuing_bodys_certificate_or_as_excel(login, session, front,
                                                                                       monkeypatch):
    monkeypatch.delenv("SIGNING_PROVINCE_P12_PATH", raising=False)
    client = login(organiser_of(session, "mttq"))
    assert 'id="province-sign"' not in client.get("/reports/province").get_data(as_text=True)
    before = len(session.exec(select(ReportJob)).all())
    for fmt in ("pdf", "xlsx"):
        response = client.post("/reports/province", data={"kind": "monthly", "file_format": fmt, "period": "10/2026",
                                                          "scope": str(_bloc(session, "mttq")), "sign": "y"})
        assert response.status_code == 422
    assert len(session.exec(select(ReportJob)).all()) == before
