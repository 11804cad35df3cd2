"""Báo cáo tổng kết thí điểm on screen and on paper: the menu, the month picker's refusals, who may open it, and
the PDF's and workbook's contents (a report job, in-process without Redis)."""
import io
import logging
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from webapp.clock import local_today
from webapp.models import ReportJob

from ..helpers import organiser_of, username_of
from .pilot_data import pilot_units
from .test_reports import _save_png

PAGE = "/pilot-review"
OCTOBER = {"from_month": "10/2026", "to_month": "10/2026"}


def _months_back(n: int) -> str:
    """The month n months before this one, mm/yyyy."""
    today = local_today()
    index = today.year * 12 + today.month - 1 - n
    return f"{index % 12 + 1:02d}/{index // 12}"


def _pilot_jobs(session) -> int:
    """How many pilot review jobs exist."""
    return len(session.exec(select(ReportJob.id).where(ReportJob.kind == "pilot_review")).all())


@pytest.fixture
def glyphs(caplog):
    """Fails the test if xhtml2pdf logs a glyph it cannot draw."""
    caplog.set_level(logging.WARNING)
    yield
    assert [r.getMessage() for r in caplog.records if "can draw" in r.getMessage()] == []


def test_the_menu_offers_the_review_to_the_admin_and_organisers_only(login, session):
    assert "Tổng kết thí điểm" in login("admin").get("/").get_data(as_text=True)
    assert "Tổng kết thí điểm" in login(organiser_of(session, "dang")).get("/").get_data(as_text=True)
    assert "Tổng kết thí điểm" not in login(username_of(session, "so-noi-vu", "head")).get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["staff", "manager", "head", "personnel"])
def test_a_pilot_units_own_people_may_not_open_the_review_nor_ask_for_it(login, session, role):
    user = login(username_of(session, "hac-thanh", role))
    assert user.get(PAGE).status_code == 403
    assert user.post(f"{PAGE}/report", {**OCTOBER, "file_format": "pdf"}).status_code == 403
    assert _pilot_jobs(session) == 0


def test_every_organiser_sees_all_four_seeded_pilot_units_whatever_their_bloc(login, session):
    for bloc in ("dang", "chinhquyen", "mttq"):
        html = login(organiser_of(session, bloc)).get(PAGE).get_data(as_text=True)
        for name in ("Phường Hạc Thành", "Phường Đông Sơn", "Sở Nội vụ", "Sở Khoa học và Công nghệ"):
            assert f'<th class="num">{name}</th>' in html, (bloc, name)


def test_the_page_shows_the_hand_made_figures_side_by_side(login, session, make):
    pilot_units(session, make)
    html = login("admin").get(PAGE, query_string=OCTOBER).get_data(as_text=True)
    assert '<th class="num">Phường Quảng Hưng</th><th class="num">Sở Tài nguyên và Môi trường</th>' in html
    assert re.search(r"Độ phủ nhật ký[^<]*</td><td class=\"num\">3/56 \(5,4 %\)</td><td class=\"num\">1/22 \(4,5 %\)",
                     html)
    assert "Tháng 10/2026 · 22 ngày làm việc (từ 01/10/2026 đến 31/10/2026)" in html
    assert "QH-001 · Văn bản hành chính (2 mục)" in html and "<b>QH-003</b> · Báo cáo chuyên đề" in html


@pytest.mark.parametrize(("start", "end", "message"), [
    ("", "10/2026", "Vui lòng nhập tháng bắt đầu (mm/yyyy)."),
    ("13/2026", "10/2026", "Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 06/2026."),
    ("11/2026", "10/2026", "Tháng bắt đầu phải trước hoặc trùng tháng kết thúc."),
    ("01/2025", "10/2026", "Chỉ tổng hợp tối đa 12 tháng một lần (đã chọn 22 tháng)."),
])
def test_a_refused_span_says_why_in_vietnamese_and_shows_no_figures(login, start, end, message):
    user = login("admin")
    for hx in (False, True):
        response = user.get(PAGE, query_string={"from_month": start, "to_month": end}, hx=hx)
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html and 'id="pilot-figures"' not in html


def test_a_month_still_to_come_is_refused_and_twelve_months_to_this_one_are_not(login):
    user = login("admin")
    future = user.get(PAGE, query_string={"from_month": _months_back(1), "to_month": _months_back(-1)})
    assert future.status_code == 422 and "Tháng kết thúc không được sau tháng hiện tại" in future.get_data(as_text=True)
    year = user.get(PAGE, query_string={"from_month": _months_back(11), "to_month": _months_back(0)})
    assert year.status_code == 200 and 'id="pilot-figures"' in year.get_data(as_text=True)
    assert user.get(PAGE, query_string={"from_month": _months_back(12), "to_month": _months_back(0)}).status_code == 422


def test_the_picker_answers_htmx_with_the_figures_only(login):
    html = login("admin").get(PAGE, query_string=OCTOBER, hx=True).get_data(as_text=True)
    assert html.strip().startswith('<div id="pilot-review">') and 'id="pilot-range"' not in html


def _job(user, data) -> int:
    """Ask for a report; the job id from the redirect."""
    response = user.post(f"{PAGE}/report", data)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return int(re.search(r"job=(\d+)", response.headers["Location"]).group(1))


def _download(user, job_id: int) -> tuple[bytes, str]:
    """The finished job's file and its Content-Disposition."""
    assert "Tải về" in user.get(f"/reports/{job_id}").get_data(as_text=True)
    response = user.get(f"/reports/{job_id}/download")
    data, disposition = response.get_data(), response.headers["Content-Disposition"]
    response.close()
    return data, disposition


def test_the_pdf_holds_the_units_with_their_diacritics_and_the_figures(login, session, make, glyphs):
    pilot_units(session, make)
    session.commit()
    user = login(organiser_of(session, "mttq"))
    job_id = _job(user, {**OCTOBER, "file_format": "pdf"})
    assert "Báo cáo tổng kết thí điểm" in user.get(PAGE, query_string={**OCTOBER, "job": job_id}).get_data(as_text=True)
    data, disposition = _download(user, job_id)
    _save_png(data, "pilot-review")
    assert "T%E1%BB%95ng%20k%E1%BA%BFt%20th%C3%AD%20%C4%91i%E1%BB%83m" in disposition
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ TỈNH THANH HÓA", "BÁO CÁO",
                     "Tổng kết thí điểm phần mềm", "Tháng 10/2026", "Ủy ban nhân dân phường Quảng Hưng",
                     "Sở Tài nguyên và Môi trường", "2/3 (66,7 %)", "3/56 (5,4 %)", "2 ngày 19 giờ", "30 phút",
                     "QH-001 · Văn bản hành chính (2 mục)", "Phường Quảng Hưng (2/4): QH-003, QH-004", "Nơi nhận"):
        assert expected in text, expected


def test_the_workbook_writes_the_figures_as_numbers_under_the_units(login, session, make):
    pilot_units(session, make)
    session.commit()
    user = login("admin")
    data, _ = _download(user, _job(user, {**OCTOBER, "file_format": "xlsx"}))
    sheet = load_workbook(io.BytesIO(data))["Tổng kết thí điểm"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Chỉ tiêu"] == ("Phường Quảng Hưng", "Sở Tài nguyên và Môi trường")
    assert rows["Lượt trả lại mục nhật ký"] == (3, 0)
    assert round(rows["Tài khoản đã đăng nhập trong kỳ / tổng số tài khoản"][0], 2) == 66.67


def test_a_refused_report_request_creates_no_job(login, session):
    user = login("admin")
    response = user.post(f"{PAGE}/report", {"from_month": "11/2026", "to_month": "10/2026", "file_format": "pdf"})
    assert response.status_code == 422 and "Tháng bắt đầu phải trước" in response.get_data(as_text=True)
    bad = user.post(f"{PAGE}/report", {**OCTOBER, "file_format": "docx"})
    assert bad.status_code == 422 and "Định dạng tệp không hợp lệ" in bad.get_data(as_text=True)
    assert _pilot_jobs(session) == 0


def test_another_viewer_may_watch_the_job_but_a_unit_officer_may_not(login, session):
    job_id = _job(login("admin"), {**OCTOBER, "file_format": "pdf"})
    assert login(organiser_of(session, "dang")).get(f"/reports/{job_id}").status_code == 200
    head = login(username_of(session, "so-noi-vu", "head"))
    assert head.get(f"/reports/{job_id}").status_code == 403
    assert head.get(f"/reports/{job_id}/download").status_code == 403


def test_the_help_link_of_the_page_opens_its_guide_section(login):
    html = login("admin").get(PAGE).get_data(as_text=True)
    assert 'class="help-link" href="/huong-dan/to-chuc-cap-tinh#tong-ket-thi-diem"' in html


def test_a_signed_pilot_review_carries_the_hosts_pades_signature_and_is_refused_without_its_certificate(
        login, session, make, tmp_path, monkeypatch):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    from webapp.signing.isolated import isolated
    from pyhanko_certvalidator import ValidationContext

    from ..signing_certs import make_certificates

    pilot_units(session, make)
    session.commit()
    user = login("admin")
    monkeypatch.delenv("SIGNING_PILOT_P12_PATH", raising=False)
    assert 'id="pilot-sign"' not in user.get(PAGE, query_string=OCTOBER).get_data(as_text=True)
    assert user.post(f"{PAGE}/report", {**OCTOBER, "file_format": "pdf", "sign": "y"}).status_code == 422
    certs = make_certificates(tmp_path / "certs")
    monkeypatch.setenv("SIGNING_PILOT_P12_PATH", str(certs.p12))
    monkeypatch.setenv("SIGNING_PILOT_P12_PASSPHRASE", certs.passphrase)
    assert 'id="pilot-sign"' in user.get(PAGE, query_string=OCTOBER).get_data(as_text=True)
    data, _ = _download(user, _job(user, {**OCTOBER, "file_format": "pdf", "sign": "y"}))
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = isolated(validate_pdf_signature, signature, ValidationContext(
        trust_roots=[load_cert_from_pemder(str(certs.ca_pem))], allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert str(signature.sig_object["/Reason"]) == "Ban hành báo cáo tổng kết thí điểm"
    _save_png(data, "pilot-review-signed")
