"""Content checks of evidence files beyond their kind: PDFs that carry JavaScript or launch programs, and
zip containers (.docx, .xlsx) that expand past a limit or carry macros, are refused."""
import io
import re
import zipfile
import zlib

# PDF names that run something when the file is opened or clicked (/OpenAction alone only opens a page;
# with JavaScript it needs /JS or /JavaScript, which are refused wherever they stand).
PDF_ACTIVE_NAMES = {b"/JS", b"/JavaScript", b"/Launch"}
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_PDF_STREAM = re.compile(rb"stream\r?\n")
# Compressed streams (object streams hide dictionaries there) are inflated up to this many bytes in all.
PDF_INFLATE_BUDGET = 64 * 1024 * 1024
# A .docx or .xlsx of 10 MB at most must not expand past this (zip bombs), nor hold more parts than this.
ZIP_MAX_EXPANDED = 100 * 1024 * 1024
ZIP_MAX_PARTS = 5000


def _names(data: bytes) -> set[bytes]:
    """PDF names in the bytes, with #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    return {re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), n) for n in _PDF_NAME.findall(data)}


def _inflated_streams(data: bytes):
    """The content of each zlib-compressed stream, within PDF_INFLATE_BUDGET in all."""
    budget = PDF_INFLATE_BUDGET
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[match.end():match.end() + 16 * 1024 * 1024], budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        yield chunk


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF is refused (it holds JavaScript or a launch action), or None."""
    names = _names(data)
    for stream in _inflated_streams(data):
        names |= _names(stream)
    if names & PDF_ACTIVE_NAMES:
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
