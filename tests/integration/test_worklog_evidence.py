"""Evidence files on diary entries: kinds recognised by content, the 10 MB limit, random names outside
static/, and downloads only for the author, their manager or head, and the unit's personnel officer."""
import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from webapp.models import DiaryEntry, EvidenceFile, Unit, UserAccount
from webapp.worklog import evidence, review, service

from .worklog_data import actor, add_entry, common_item, entry_input, form_of, submitted, team, working_day

MB = 1024 * 1024


def _zip(*names: str) -> bytes:
    """A zip container holding the named parts (an Office file is one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
DOCX = _zip("word/document.xml")
XLSX = _zip("xl/workbook.xml")
GOOD = {"bao-cao.pdf": (PDF, "application/pdf"), "ảnh chụp.png": (PNG, "image/png"),
        "scan.JPG": (JPEG, "image/jpeg"), "anh.jpeg": (JPEG, "image/jpeg"),
        "công văn.docx": (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "số liệu.xlsx": (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def _post(user, session, t, name: str, data: bytes, path="/diary/entries", **fields):
    """The add form (or another entry form) with a file attached."""
    form = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), **fields,
            "evidence_file": FileStorage(io.BytesIO(data), name, content_type="application/octet-stream")}
    # Encoded in memory: the test client spools big bodies to a temporary file it never closes.
    stream, length, boundary = stream_encode_multipart(form, use_tempfile=False)
    return user.post(path, stream.getvalue(), hx=True, content_type=f"multipart/form-data; boundary={boundary}")


def _stored(app) -> list[Path]:
    """The files in STORAGE_DIR/evidence."""
    directory = Path(app.config["STORAGE_DIR"]) / "evidence"
    return sorted(p for p in directory.iterdir()) if directory.exists() else []


def _entry(session, t) -> DiaryEntry:
    """The staff member's only entry."""
    session.expire_all()
    return session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.person_id)).one()


def _with_file(login, session, t, name="bao-cao.pdf", data=PDF):
    """The staff member adds an entry with a file; returns the entry and its file row."""
    assert _post(login(t.staff.username), session, t, name, data).status_code == 200
    entry = _entry(session, t)
    return entry, session.get(EvidenceFile, entry.evidence_file_id)


@pytest.mark.parametrize("name", list(GOOD))
def test_each_accepted_kind_is_recognised_by_its_content_and_attached(login, session, app, name):
    t = team(session)
    data, content_type = GOOD[name]
    entry, row = _with_file(login, session, t, name, data)
    assert (row.original_name, row.content_type, row.size_bytes) == (name, content_type, len(data))
    assert row.sha256 == hashlib.sha256(data).hexdigest() and row.unit_id == t.unit.id
    assert row.uploaded_by_id == t.staff.id


def test_the_file_is_stored_outside_static_under_a_random_name(login, session, app):
    t = team(session)
    _, row = _with_file(login, session, t, "công văn.docx", DOCX)
    stored, = _stored(app)
    assert stored.name == row.stored_name and re.fullmatch(r"[0-9a-f]{32}\.docx", stored.name)
    assert stored.read_bytes() == DOCX
    assert "static" not in stored.parts


@pytest.mark.parametrize("name, data", [
    ("chuong-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows program renamed
    ("ghi-chu.png", "Chỉ là văn bản".encode()),
    ("nen.docx", _zip("noi-dung.txt")),  # a zip, but no Word parts inside
    ("hong.xlsx", b"PK\x03\x04" + b"\x00" * 40),  # a broken zip
    ("trang.pdf", b""),
])
def test_a_file_whose_content_is_not_an_accepted_kind_is_refused_next_to_the_field(login, session, app, name, data):
    t = team(session)
    response = _post(login(t.staff.username), session, t, name, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'has-error">\s*<label for="new-evidence_file">', html)
    assert "Chỉ nhận tệp PDF" in html or "rỗng" in html
    assert session.exec(select(func.count(DiaryEntry.id)).where(DiaryEntry.person_id == t.person_id)).one() == 0
    assert _stored(app) == []


def test_content_that_disagrees_with_the_extension_is_refused(login, session, app):
    t = team(session)
    response = _post(login(t.staff.username), session, t, "bao-cao.pdf", PNG)
    assert response.status_code == 422
    assert "Nội dung tệp là ảnh PNG nhưng tên tệp có phần mở rộng “.pdf”." in response.get_data(as_text=True)


def test_a_file_above_ten_megabytes_is_refused(login, session, app):
    t = team(session)
    response = _post(login(t.staff.username), session, t, "lon.pdf", PDF + b"0" * (10 * MB))
    assert response.status_code == 422 and "Tệp minh chứng tối đa 10 MB." in response.get_data(as_text=True)
    assert _stored(app) == []


def test_a_file_of_exactly_ten_megabytes_is_accepted(login, session, app):
    t = team(session)
    _, row = _with_file(login, session, t, "vua-du.pdf", PDF + b"0" * (10 * MB - len(PDF)))
    assert row.size_bytes == 10 * MB


def test_a_request_far_above_the_limit_is_cut_short_with_a_vietnamese_413(login, session, app):
    t = team(session)
    response = _post(login(t.staff.username), session, t, "qua-lon.pdf", PDF + b"0" * (12 * MB))
    assert response.status_code == 413 and "tối đa 10 MB" in response.get_data(as_text=True)


def test_an_entry_refused_for_another_reason_leaves_no_file_behind(login, session, app):
    t = team(session)
    response = _post(login(t.staff.username), session, t, "bao-cao.pdf", PDF, quantity="0")
    assert response.status_code == 422 and _stored(app) == []
    assert session.exec(select(func.count(EvidenceFile.id))).one() == 0


def test_a_failed_commit_removes_the_written_file(session, app, monkeypatch):
    t = team(session)
    data = entry_input(common_item(session, t.unit), working_day(session),
                       evidence_file=evidence.Upload("bao-cao.pdf", PDF))

    def fail():
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(session, "commit", fail)
    with pytest.raises(RuntimeError):
        add_entry(session, actor(t.staff), data)
    assert _stored(app) == []


def test_the_upload_is_audited_with_the_entry(login, session, app):
    from webapp.models import AuditLog
    t = team(session)
    entry, row = _with_file(login, session, t)
    actions = session.exec(select(AuditLog.action, AuditLog.entity_id).order_by(AuditLog.id)).all()
    assert ("evidence_file_uploaded", row.id) in actions and ("diary_entry_added", entry.id) in actions


def test_the_diary_row_and_the_opened_queue_row_link_the_file(login, session, app):
    t = team(session)
    entry, row = _with_file(login, session, t, "bao-cao.pdf")
    page = login(t.staff.username).get("/diary").get_data(as_text=True)
    assert f'href="/evidence/{row.id}">bao-cao.pdf</a>' in page
    service.submit_entries(session, actor(t.staff), [entry.id])
    opened = login(t.manager.username).get(f"/approvals/{entry.id}", hx=True).get_data(as_text=True)
    assert f'href="/evidence/{row.id}">bao-cao.pdf</a>' in opened


def test_the_author_their_manager_the_head_and_the_personnel_officer_download_it(login, session, app):
    t = team(session)
    _, row = _with_file(login, session, t, "ảnh chụp.png", PNG)
    personnel = session.exec(select(UserAccount).where(UserAccount.unit_id == t.unit.id,
                                                       UserAccount.role == "personnel")).first()
    for username in (t.staff.username, t.manager.username, t.head.username, personnel.username):
        response = login(username).get(f"/evidence/{row.id}")
        assert response.status_code == 200, username
        assert response.data == PNG and response.mimetype == "image/png"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and "filename*=UTF-8''%E1%BA%A3nh%20ch%E1%BB%A5p.png" in disposition
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()


def test_anyone_else_gets_403(login, session, app):
    t = team(session)
    _, row = _with_file(login, session, t)
    elsewhere = session.exec(select(UserAccount).join(Unit, Unit.id == UserAccount.unit_id)
                             .where(Unit.id != t.unit.id, UserAccount.role == "personnel")).first()
    for username in (t.colleague.username, t.other_manager.username, elsewhere.username, "admin"):
        assert login(username).get(f"/evidence/{row.id}").status_code == 403, username


def test_an_unknown_file_is_not_found(login, session):
    t = team(session)
    assert login(t.staff.username).get("/evidence/999999").status_code == 404


def test_editing_replaces_the_file_and_can_remove_it(login, session, app):
    t = team(session)
    entry, first = _with_file(login, session, t)
    user = login(t.staff.username)
    edit = user.get(f"/diary/entries/{entry.id}/edit", hx=True).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in edit and "Đang đính kèm" in edit and 'name="remove_evidence_file"' in edit
    response = _post(user, session, t, "so-lieu.xlsx", XLSX, path=f"/diary/entries/{entry.id}", version=str(entry.version))
    assert response.status_code == 200
    replaced = _entry(session, t)
    assert replaced.evidence_file_id not in (None, first.id)
    assert session.get(EvidenceFile, replaced.evidence_file_id).content_type.endswith("spreadsheetml.sheet")
    form = {**form_of(entry_input(common_item(session, t.unit), working_day(session))),
            "version": str(replaced.version), "remove_evidence_file": "y"}
    assert user.post(f"/diary/entries/{entry.id}", form, hx=True).status_code == 200
    assert _entry(session, t).evidence_file_id is None


def test_an_edit_without_a_new_file_keeps_the_attached_one(login, session, app):
    t = team(session)
    entry, row = _with_file(login, session, t)
    form = {**form_of(entry_input(common_item(session, t.unit), working_day(session), "5")), "version": str(entry.version)}
    assert login(t.staff.username).post(f"/diary/entries/{entry.id}", form, hx=True).status_code == 200
    assert _entry(session, t).evidence_file_id == row.id


def test_the_add_form_posts_multipart(login, session):
    t = team(session)
    page = login(t.staff.username).get("/diary").get_data(as_text=True)
    assert re.search(r'<form id="entry-form"[^>]*enctype="multipart/form-data"', page)
    assert 'type="file" id="new-evidence_file" name="evidence_file"' in page


def test_a_returned_entrys_file_is_still_readable_by_the_manager(login, session, app):
    t = team(session)
    entry = submitted(session, t, working_day(session),
                      evidence_file=evidence.Upload("bao-cao.pdf", PDF))
    review.return_entry(session, actor(t.manager), entry.id, entry.version, "Thiếu chữ ký")
    response = login(t.manager.username).get(f"/evidence/{entry.evidence_file_id}")
    assert response.status_code == 200
    response.close()
