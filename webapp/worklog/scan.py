"""Content checks of evidence files beyond their kind: PDFs that carry JavaScript or launch programs, and
zip containers (.docx, .xlsx) that expand past a limit or carry macros, are refused."""
import io
import re
import zipfile
import zlib

# PDF names that run something when the file is opened or clicked (/OpenAction alone only opens a page;
# with JavaScript it needs /JS or /JavaScript, which are refused wherever they stand).
PDF_ACTIVE_NAMES = {b"/JS", b"/JavaScript", b"/Launch"}
_DELIMITER = rb"(?=[\s/<>\[\]()%{}]|\Z)"
_PDF_ACTIVE = re.compile(rb"/(?:JS|JavaScript|Launch)" + _DELIMITER)
# Names with #xx escapes are rare: only those are decoded (a Python step per name would be seconds on 64 MB).
_PDF_ESCAPED_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
# Compressed streams but images (object streams hide dictionaries there) are inflated up to this many bytes in
# all; a PDF whose streams expand further is refused as unscannable (a zip bomb hides a script past the budget).
PDF_INFLATE_BUDGET = 64 * 1024 * 1024
# A .docx or .xlsx of 10 MB at most must not expand past this (zip bombs), nor hold more parts than this.
ZIP_MAX_EXPANDED = 100 * 1024 * 1024
ZIP_MAX_PARTS = 5000


def _has_active_name(data: bytes) -> bool:
    """Whether the bytes hold one of PDF_ACTIVE_NAMES, also #xx-escaped (/J#61vaScript is /JavaScript)."""
    if _PDF_ACTIVE.search(data):
        return True
    return any(_HEX_ESCAPE.sub(_unescape, n) in PDF_ACTIVE_NAMES for n in _PDF_ESCAPED_NAME.findall(data))


def _unescape(match: re.Match) -> bytes:
    """The byte a #xx escape stands for."""
    return bytes([int(match.group(1), 16)])


def _is_image(data: bytes, stream_start: int) -> bool:
    """Whether the stream starting here is an image (pixels: no dictionary or script hides there)."""
    head = data[max(0, stream_start - 1024):stream_start]
    return re.search(rb"/Subtype\s*/Image", head[head.rfind(b" obj"):]) is not None


def _inflated_streams(data: bytes):
    """The content of each zlib-compressed stream but images; raises _TooDeep past PDF_INFLATE_BUDGET in all."""
    budget, view = PDF_INFLATE_BUDGET, memoryview(data)  # a view: slicing must not copy 10 MB per stream
    for match in _PDF_STREAM.finditer(data):
        if _is_image(data, match.start()):
            continue
        end = data.find(b"endstream", match.end())
        inflater = zlib.decompressobj()
        try:  # only this stream's bytes: zlib copies what it leaves unread
            chunk = inflater.decompress(view[match.end():end if end > 0 else len(data)], budget + 1)
        except zlib.error:
            continue
        budget -= len(chunk)
        if budget < 0:
            raise _TooDeep
        yield chunk


class _TooDeep(Exception):
    """The compressed content expands past what is scanned."""


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF is refused (it holds JavaScript or a launch action), or None."""
    try:
        active = _has_active_name(data) or any(_has_active_name(stream) for stream in _inflated_streams(data))
    except _TooDeep:
        return (f"Tệp PDF có nội dung nén giải ra quá {PDF_INFLATE_BUDGET // (1024 * 1024)} MB nên không kiểm tra "
                "được và không được nhận. Hãy in lại tệp ra PDF (Print to PDF) hoặc chia nhỏ rồi tải lên.")
    if active:
        return ("Tệp PDF có chứa mã JavaScript hoặc lệnh chạy chương trình (/JavaScript, /JS, /Launch) nên không "
                "được nhận. Hãy in lại tệp ra PDF (Print to PDF) rồi tải lên.")
    return None


def zip_problem(data: bytes) -> str | None:
    """Why a .docx or .xlsx is refused (it expands past the limit, has too many parts, or carries macros), or None."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "Tệp Word/Excel bị hỏng, không đọc được."
    if len(parts) > ZIP_MAX_PARTS or sum(p.file_size for p in parts) > ZIP_MAX_EXPANDED:
        return (f"Tệp Word/Excel khi giải nén vượt quá {ZIP_MAX_EXPANDED // (1024 * 1024)} MB "
                f"(hoặc quá {ZIP_MAX_PARTS} thành phần) nên không được nhận.")
    if any(p.filename.lower().endswith("vbaproject.bin") for p in parts):
        return "Tệp Word/Excel có chứa macro nên không được nhận. Hãy lưu lại dưới dạng .docx/.xlsx không macro."
    return None


def problem(kind: str, data: bytes) -> str | None:
    """Why a file of this kind is refused by its content, or None."""
    if kind == "pdf":
        return pdf_problem(data)
    if kind in ("docx", "xlsx"):
        return zip_problem(data)
    return None
