"""Evidence files of diary entries: at most 10 MB of PDF, Word (.docx), Excel (.xlsx), JPEG or PNG,
recognised by their content (not their name), stored outside static/ under a random name, and
served only to the author, their manager or the unit head, and the unit's personnel officer."""
import hashlib
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from flask import current_app
from sqlmodel import Session

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import manages_person
from ..errors import DomainError, Forbidden, NotFound
from ..models import EvidenceFile, Person, UserAccount
from ..text import clean
from . import scan

MAX_BYTES = 10 * 1024 * 1024
FIELD = "evidence_file"
KINDS = {
    "pdf": ("application/pdf", (".pdf",), "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word (.docx)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel (.xlsx)"),
    "jpg": ("image/jpeg", (".jpg", ".jpeg"), "ảnh JPEG"),
    "png": ("image/png", (".png",), "ảnh PNG"),
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Upload:
    """A file as posted: its name on the user's machine and its bytes (read up to one past the limit)."""

    filename: str
    data: bytes


def upload_of(storage, limit: int = MAX_BYTES) -> Upload | None:
    """The posted FileStorage as an Upload, or None when no file was chosen."""
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return Upload(storage.filename, storage.stream.read(limit + 1))


def sniff(data: bytes) -> str | None:
    """The kind of file by its first bytes (and, for zip containers, the parts inside), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
    return None


def clean_name(filename: str) -> str:
    """The bare file name in NFC (browsers may send a Windows path) without control or bidi
    characters, at most 255 characters; "minh-chung" when nothing is left."""
    name = clean(filename or "").replace("\t", "").replace("\n", "")  # U+202E showed "hoso\u202efdp.exe" as "hosoexe.pdf"
    name = PureWindowsPath(PurePosixPath(name).name).name.strip()
    if name.strip(".") == "":
        return "minh-chung"
    stem, dot, ext = name.rpartition(".")
    if len(name) > 255:
        name = stem[: 254 - len(ext)] + dot + ext if dot else name[:255]
    return name


def display_name(filename: str) -> str:
    """The name pages and downloads show, also for rows stored before names were cleaned."""
    return clean_name(filename)


def check(upload: Upload) -> str:
    """The kind of an acceptable file, or a refusal on the file field."""
    if not upload.data:
        raise DomainError("Tệp minh chứng rỗng.", field=FIELD)
    if len(upload.data) > MAX_BYTES:
        raise DomainError("Tệp minh chứng tối đa 10 MB.", field=FIELD)
    kind = sniff(upload.data)
    if kind is None:
        raise DomainError("Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPG hoặc PNG "
                          "(kiểm tra theo nội dung tệp).", field=FIELD)
    suffix = Path(clean_name(upload.filename)).suffix.lower()
    if suffix not in KINDS[kind][1]:
        raise DomainError(f"Nội dung tệp là {KINDS[kind][2]} nhưng tên tệp có phần mở rộng "
                          f"“{suffix or '(không có)'}”.", field=FIELD)
    refusal = scan.problem(kind, upload.data)
    if refusal:
        raise DomainError(refusal, field=FIELD)
    return kind


def storage_dir() -> Path:
    """STORAGE_DIR/evidence, outside static/."""
    return Path(current_app.config["STORAGE_DIR"]) / "evidence"


def path_of(row: EvidenceFile) -> Path:
    """Where a stored file lives."""
    return storage_dir() / row.stored_name


def save(session: Session, actor: Actor, unit_id: int, upload: Upload) -> EvidenceFile:
    """Write the checked file under a random name and add its row (flushed, not committed)."""
    kind = check(upload)
    directory = storage_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}{KINDS[kind][1][0]}"
    temporary = directory / f".{stored_name}.part"
    temporary.write_bytes(upload.data)
    os.replace(temporary, directory / stored_name)
    row = EvidenceFile(unit_id=unit_id, stored_name=stored_name, original_name=clean_name(upload.filename),
                       content_type=KINDS[kind][0], size_bytes=len(upload.data),
                       sha256=hashlib.sha256(upload.data).hexdigest(), uploaded_by_id=actor.account_id)
    session.add(row)
    record(session, actor, "evidence_file_uploaded", row, {}, snapshot(row))
    return row


def discard(row: EvidenceFile | None) -> None:
    """Remove a stored file whose transaction failed."""
    if row is not None:
        path_of(row).unlink(missing_ok=True)


def readable(session: Session, actor: Actor, file_id: int) -> EvidenceFile:
    """A file the actor may download: the author's (its uploader: only authors attach files to their own
    entries), their direct manager's or unit head's, the unit's personnel officer's; 403 otherwise."""
    row = session.get(EvidenceFile, file_id)
    if row is None:
        raise NotFound("Không tìm thấy tệp minh chứng.")
    account = session.get(UserAccount, row.uploaded_by_id) if row.uploaded_by_id else None
    author = session.get(Person, account.person_id) if account and account.person_id else None
    personnel = actor.role == "personnel" and actor.unit_id == row.unit_id
    if not (personnel or (author and (actor.person_id == author.id or manages_person(actor, author)))):
        raise Forbidden("Bạn không có quyền xem tệp minh chứng này.")
    if not path_of(row).is_file():
        raise NotFound("Tệp minh chứng không còn trên máy chủ.")
    return row
