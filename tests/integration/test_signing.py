"""Signed PDFs: a unit's certificate from the environment, a signed Form 01 through the real job path, its
signature checked with pyHanko and on the verification page; tampered, unsigned and foreign files."""
import io
import re
from urllib.parse import unquote

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from webapp.models import EvaluationSheet, ReportJob
from webapp.signing.config import PKCS11_MISSING, pkcs11_installed
from webapp.signing.isolated import isolated

from ..signing_certs import make_certificates
from .test_reports import _download, _request, _save_png, october  # noqa: F401 - the fixture is used by name

PREFIX = "SIGNING_SO_NOI_VU_"


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """A CA and a signer certificate made by the test, the signer's PKCS#12 configured for Sở Nội vụ."""
    certs = make_certificates(tmp_path / "certs")
    monkeypatch.setenv(PREFIX + "P12_PATH", str(certs.p12))
    monkeypatch.setenv(PREFIX + "P12_PASSPHRASE", certs.passphrase)
    monkeypatch.delenv("SIGNING_TRUST_ROOTS", raising=False)
    return certs


def _signed_sheet(login, october):  # noqa: F811 - the fixture's value
    """The person's approved Form 01, requested signed by the head; (client, job id, bytes)."""
    user, job_id = _request(login, october.head, "form01", person_id=str(october.person.id), sign="y")
    return user, job_id, _download(user, job_id)


def _verify(user, name: str, data: bytes):
    """The verification page's answer to an uploaded file."""
    form = {"file": FileStorage(io.BytesIO(data), name, content_type="application/pdf")}
    stream, _, boundary = stream_encode_multipart(form, use_tempfile=False)
    return user.post("/signatures/verify", stream.getvalue(), content_type=f"multipart/form-data; boundary={boundary}")


def test_a_signed_form_01_carries_a_pades_signature_of_the_units_certificate_over_the_heads_block(
        login, october, certificate, session):  # noqa: F811
    user, job_id, data = _signed_sheet(login, october)
    job = session.get(ReportJob, job_id)
    assert job.status == "done" and job.params["sign"] is True
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(certificate.ca_pem))], allow_fetching=False)
    status = isolated(validate_pdf_signature, signature, context)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == certificate.signer_name
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert str(signature.sig_object["/Reason"]) == "Phê duyệt kết quả đánh giá"
    widget = signature.sig_field["/Kids"][0] if "/Kids" in signature.sig_field else signature.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    # The head's column of the sign table: its right third of the text block (3 cm .. 19,5 cm from the left edge).
    assert 13.8 * 28.35 < x1 < x2 < 19.5 * 28.35 and y2 - y1 > 30
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" in text and october.person.full_name in text
    response = user.get(f"/reports/{job_id}/download")
    assert "(ký số).pdf" in unquote(response.headers["Content-Disposition"])
    response.close()
    _save_png(data, "form01-signed")


def test_the_verification_page_names_the_signer_and_trusts_them_only_under_a_configured_root(
        login, october, certificate, monkeypatch):  # noqa: F811
    user, _, data = _signed_sheet(login, october)
    page = _verify(user, "phieu.pdf", data).get_data(as_text=True)
    assert "Chữ ký số hợp lệ (tài liệu còn nguyên vẹn) nhưng người ký chưa được tin cậy" in page
    assert certificate.signer_name in page and "CA thử nghiệm OKR-KPI" in page
    monkeypatch.setenv("SIGNING_TRUST_ROOTS", str(certificate.ca_pem))
    page = _verify(user, "phieu.pdf", data).get_data(as_text=True)
    assert "Chữ ký số hợp lệ, người ký được tin cậy" in page and "Phê duyệt kết quả đánh giá" in page
    staff = login(october.staff.username)  # any signed-in user may check a file
    assert "người ký được tin cậy" in _verify(staff, "phieu.pdf", data).get_data(as_text=True)


def test_a_pdf_changed_after_signing_is_reported_invalid(login, october, certificate):  # noqa: F811
    user, _, data = _signed_sheet(login, october)
    at = data.index(b"/Producer")  # inside the signed bytes: the document information of the first revision
    tampered = data[:at + 12] + bytes([data[at + 12] ^ 1]) + data[at + 13:]
    page = _verify(user, "phieu.pdf", tampered).get_data(as_text=True)
    assert "Chữ ký số không hợp lệ: tài liệu đã bị sửa đổi sau khi ký" in page
    assert "người ký được tin cậy" not in page


def test_an_unsigned_pdf_has_no_signature_and_a_file_that_is_no_pdf_is_refused(login, october):  # noqa: F811
    user, job_id = _request(login, october.head, "form01", person_id=str(october.person.id))
    page = _verify(user, "phieu.pdf", _download(user, job_id)).get_data(as_text=True)
    assert "Tệp PDF không có chữ ký số." in page
    response = _verify(user, "phieu.pdf", b"PK\x03\x04 not a pdf at all")
    assert response.status_code == 422 and "không phải tệp PDF" in response.get_data(as_text=True)
    response = _verify(user, "hong.pdf", b"%PDF-1.7\n garbage without objects")
    assert response.status_code == 422 and "bị hỏng" in response.get_data(as_text=True)


def test_a_batch_holding_a_sheet_not_yet_approved_is_not_signed(login, october, certificate, session):  # noqa: F811
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == october.person.id)).one()
    sheet.state = "reviewed"
    session.commit()
    _, job_id = _request(login, october.head, "form01", person_id=str(october.person.id), sign="y")
    job = session.get(ReportJob, job_id)
    assert job.status == "failed" and "chưa được phê duyệt" in job.error and october.person.full_name in job.error
    assert job.file_path == ""


def test_the_form_offers_signing_only_to_the_units_officers_of_a_configured_unit(login, october, monkeypatch):  # noqa: F811
    head = login(october.head.username)
    monkeypatch.delenv(PREFIX + "P12_PATH", raising=False)
    assert 'name="sign"' not in head.get("/units/so-noi-vu/reports").get_data(as_text=True)
    refused = head.post("/units/so-noi-vu/reports", data={"kind": "form01", "file_format": "pdf", "period": "2026-10",
                                                           "person_id": str(october.person.id), "sign": "y"})
    assert refused.status_code == 422 and "chưa được cấu hình chứng thư số" in refused.get_data(as_text=True)
    monkeypatch.setenv(PREFIX + "P12_PATH", "/nonexistent.p12")
    monkeypatch.setenv(PREFIX + "P12_PASSPHRASE", "x")
    assert 'name="sign"' in head.get("/units/so-noi-vu/reports").get_data(as_text=True)
    staff = login(october.staff.username)
    assert 'name="sign"' not in staff.get("/units/so-noi-vu/reports").get_data(as_text=True)
    assert staff.post("/units/so-noi-vu/reports", data={
        "kind": "form01", "file_format": "pdf", "period": "2026-10", "person_id": str(october.staff.person_id),
        "sign": "y"}).status_code == 403
    excel = head.post("/units/so-noi-vu/reports", data={"kind": "form01", "file_format": "xlsx", "period": "2026-10",
                                                         "sign": "y"})
    assert excel.status_code == 422 and "Chỉ ký số được tệp PDF." in excel.get_data(as_text=True)


def test_a_wrong_passphrase_fails_the_job_with_the_reason(login, october, certificate, monkeypatch, session):  # noqa: F811
    monkeypatch.setenv(PREFIX + "P12_PASSPHRASE", "sai")
    _, job_id = _request(login, october.head, "form01", person_id=str(october.person.id), sign="y")
    job = session.get(ReportJob, job_id)
    assert job.status == "failed" and "sai mật khẩu" in job.error


@pytest.mark.skipif(pkcs11_installed(), reason="python-pkcs11 is installed here: the refusal cannot happen")
def test_a_pkcs11_token_is_refused_with_the_way_out_when_python_pkcs11_is_not_installed(login, october, monkeypatch):  # noqa: F811
    monkeypatch.delenv(PREFIX + "P12_PATH", raising=False)
    for name, value in (("MODULE", "/usr/lib/softhsm/libsofthsm2.so"), ("TOKEN", "okr"), ("KEY", "thu-truong")):
        monkeypatch.setenv(PREFIX + "PKCS11_" + name, value)
    head = login(october.head.username)
    refused = head.post("/units/so-noi-vu/reports", data={"kind": "form01", "file_format": "pdf", "period": "2026-10",
                                                           "person_id": str(october.person.id), "sign": "y"})
    assert refused.status_code == 422 and PKCS11_MISSING in refused.get_data(as_text=True)


def test_a_signed_summary_is_signed_over_the_heads_block_of_its_right_half(login, october, certificate):  # noqa: F811
    user, job_id = _request(login, october.head, "summary", sign="y")
    data = _download(user, job_id)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    x1, _, x2, _ = (float(v) for v in signature.sig_field["/Rect"])
    middle = 3 * 28.35 + 16.5 * 28.35 * 0.75  # the centre of the right half of the text block
    assert abs((x1 + x2) / 2 - middle) < 2
    page = _verify(user, "tong-hop.pdf", data).get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page and "không hợp lệ" not in page and "Phê duyệt kết quả đánh giá, xếp loại" in page
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", page)  # the signing time, dd/mm/yyyy hh:mm
    _save_png(data, "summary-signed")
