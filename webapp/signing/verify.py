"""Check the signatures of an uploaded PDF with pyHanko: intact, who signed, when, and whether the signer chains to
a trust root of SIGNING_TRUST_ROOTS. Nothing is stored: the file lives in memory for the length of the request."""
import io
import logging
from dataclasses import dataclass
from datetime import datetime

from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from ..clock import LOCAL_TZ
from ..errors import DomainError
from ..worklog import scan
from ..worklog.evidence import MAX_BYTES, Upload, sniff
from .config import trust_root_paths
from .isolated import isolated

VALID, UNTRUSTED, INVALID = "valid", "untrusted", "invalid"
VERDICTS = {
    VALID: "Chữ ký số hợp lệ, người ký được tin cậy",
    UNTRUSTED: "Chữ ký số hợp lệ (tài liệu còn nguyên vẹn) nhưng người ký chưa được tin cậy: chứng thư số không do "
               "tổ chức chứng thực được cấu hình trên hệ thống cấp",
    INVALID: "Chữ ký số không hợp lệ: tài liệu đã bị sửa đổi sau khi ký hoặc chữ ký bị hỏng",
}
NO_SIGNATURE = "Tệp PDF không có chữ ký số."


@dataclass(frozen=True)
class SignatureCheck:
    """One signature's result as shown on the page."""

    field: str
    verdict: str
    signer: str
    organisation: str
    issuer: str
    signed_at: datetime | None
    reason: str

    @property
    def label(self) -> str:
        """The verdict in words."""
        return VERDICTS[self.verdict]


def check_upload(upload: Upload | None) -> bytes:
    """The uploaded bytes when they are a PDF within the size limit and free of active content, else refused."""
    if upload is None or not upload.data:
        raise DomainError("Vui lòng chọn tệp PDF cần kiểm tra.", field="file")
    if len(upload.data) > MAX_BYTES:
        raise DomainError(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).", field="file")
    if sniff(upload.data) != "pdf":
        raise DomainError("Tệp tải lên không phải tệp PDF nên không kiểm tra chữ ký số được.", field="file")
    problem = scan.pdf_problem(upload.data)
    if problem:
        raise DomainError(problem, field="file")
    return upload.data


def _context() -> ValidationContext:
    """Offline validation against the configured roots only (no fetching of revocation data)."""
    try:
        roots = list(load_certs_from_pemder(trust_root_paths()))
    except (OSError, ValueError):
        logging.getLogger(__name__).error("SIGNING_TRUST_ROOTS: a certificate file cannot be read")
        roots = []
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _verdict(status) -> str:
    """valid, untrusted or invalid, from pyHanko's status."""
    if not (status.intact and status.valid) or status.docmdp_ok is False:
        return INVALID
    return VALID if status.bottom_line else UNTRUSTED


def _who(cert) -> tuple[str, str, str]:
    """The signer's name and organisation, and the issuer's name, from the certificate."""
    subject, issuer = cert.subject.native, cert.issuer.native
    return (subject.get("common_name") or cert.subject.human_friendly, subject.get("organization_name") or "",
            issuer.get("common_name") or cert.issuer.human_friendly)


def verify_pdf(data: bytes) -> list[SignatureCheck]:
    """Every signature of the document, checked; a file pyHanko cannot read is refused."""
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:  # noqa: BLE001 - whatever a malformed file makes the parser raise, it is unreadable
        raise DomainError("Tệp PDF bị hỏng, không đọc được.", field="file")
    checks = []
    for signature in signatures:
        try:
            status = isolated(validate_pdf_signature, signature, _context())
        except Exception:  # noqa: BLE001 - a malformed signature is an invalid one, whatever pyHanko raises
            checks.append(SignatureCheck(signature.field_name, INVALID, "", "", "", None, ""))
            continue
        reported = status.signer_reported_dt
        checks.append(SignatureCheck(
            signature.field_name, _verdict(status), *_who(status.signing_cert),
            reported.astimezone(LOCAL_TZ) if reported else None,
            str(signature.sig_object.get("/Reason", ""))))
    return checks
