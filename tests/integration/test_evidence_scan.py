"""Evidence files are scanned beyond their kind: a PDF with JavaScript or a launch action is refused, and so is
a .docx/.xlsx that expands past the limit, has too many parts, or carries macros; nothing is stored."""
import io
import zipfile
import zlib

import pytest
from sqlalchemy import func
from sqlmodel import select

from webapp.models import DiaryEntry
from webapp.worklog import scan

from .test_worklog_evidence import _post, _stored
from .worklog_data import team


def _pdf(body: bytes) -> bytes:
    """A small PDF whose catalogue holds the given dictionary entries."""
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog " + body + b" >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _compressed_pdf(hidden: bytes) -> bytes:
    """A PDF whose dictionaries sit inside a Flate-compressed object stream."""
    stream = zlib.compress(b"2 0 << " + hidden + b" >>")
    return (b"%PDF-1.7\n1 0 obj << /Type /ObjStm /N 1 /First 6 /Filter /FlateDecode /Length "
            + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF\n")


def _office(parts: dict[str, bytes], first: str = "word/document.xml") -> bytes:
    """A .docx-like zip with the given extra parts (deflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(first, "<w/>")
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ACTIVE_PDFS = {
    "javascript": _pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "js-only": _pdf(b"/AA << /O << /JS (app.alert(1)) >> >>"),
    "launch": _pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "escaped-name": _pdf(b"/OpenAction << /S /J#61vaScript /J#53 (x) >>"),
    "in-object-stream": _compressed_pdf(b"/S /JavaScript /JS (app.alert(1))"),
}


@pytest.mark.parametrize("case", list(ACTIVE_PDFS))
def test_a_pdf_with_javascript_or_a_launch_action_is_refused_in_vietnamese(login, session, app, case):
    t = team(session)
    response = _post(login(t.staff.username), session, t, "bao-cao.pdf", ACTIVE_PDFS[case])
    assert response.status_code == 422
    assert "Tệp PDF có chứa mã JavaScript" in response.get_data(as_text=True)
    assert session.exec(select(func.count(DiaryEntry.id)).where(DiaryEntry.person_id == t.person_id)).one() == 0
    assert _stored(app) == []


def test_a_pdf_that_only_opens_at_a_page_is_accepted():
    assert scan.pdf_problem(_pdf(b"/OpenAction [3 0 R /Fit]")) is None
    assert scan.pdf_problem(_compressed_pdf(b"/Type /Page /Contents 4 0 R")) is None


def test_a_docx_that_expands_past_the_limit_is_refused_though_small_when_packed(login, session, app):
    t = team(session)
    bomb = _office({"word/media/zeros.bin": b"\x00" * (scan.ZIP_MAX_EXPANDED + 1)})
    assert len(bomb) < 1024 * 1024  # well under the 10 MB upload limit
    response = _post(login(t.staff.username), session, t, "cong-van.docx", bomb)
    assert response.status_code == 422 and "khi giải nén vượt quá 100 MB" in response.get_data(as_text=True)
    assert _stored(app) == []


def test_an_archive_with_too_many_parts_or_with_macros_is_refused():
    many = _office({f"word/p{i}.xml": b"" for i in range(scan.ZIP_MAX_PARTS)})
    assert "thành phần" in scan.zip_problem(many)
    macros = _office({"xl/vbaProject.bin": b"\x00" * 10}, first="xl/workbook.xml")
    assert "macro" in scan.zip_problem(macros)


def test_an_ordinary_docx_and_xlsx_pass_the_scan():
    assert scan.zip_problem(_office({"word/styles.xml": b"<s/>" * 1000})) is None
    assert scan.problem("xlsx", _office({}, first="xl/workbook.xml")) is None
    assert scan.problem("png", b"\x89PNG\r\n\x1a\n") is None


def test_a_pdf_whose_streams_expand_past_the_budget_is_refused_as_unscannable():
    bomb = zlib.compress(b"\x00" * (scan.PDF_INFLATE_BUDGET + 1), 9)
    data = b"%PDF-1.7\n1 0 obj << /Filter /FlateDecode >>\nstream\n" + bomb + b"\nendstream\nendobj\n%%EOF\n"
    assert "không kiểm tra được" in scan.pdf_problem(data)


def test_flate_images_are_not_inflated_so_a_big_scan_passes():
    pixels = zlib.compress(b"\x80" * (scan.PDF_INFLATE_BUDGET + 1), 9)
    data = (b"%PDF-1.7\n5 0 obj << /Type /XObject /Subtype /Image /Width 9000 /Filter /FlateDecode >>\nstream\n"
            + pixels + b"\nendstream\nendobj\n%%EOF\n")
    assert scan.pdf_problem(data) is None
