"""The province's reports issued digitally signed. Báo cáo tháng and Báo cáo sơ kết quý are documents of the
issuing body printed in their header (Ban Tổ chức Tỉnh ủy by default, webapp/reports/province_document.ISSUER), so
they are signed with that body's certificate, configured like a unit's under the code "province":
SIGNING_PROVINCE_P12_PATH and SIGNING_PROVINCE_P12_PASSPHRASE (or SIGNING_PROVINCE_PKCS11_*). Báo cáo tổng kết thí
điểm is the pilot host's (PILOT_REVIEW_ISSUER, Sở Nội vụ by default): code "pilot", SIGNING_PILOT_*. Organisers and
the admin, who request them, may ask for the signed PDF; the visible block sits under the signer's printed title."""
from ..auth.actor import Actor
from ..errors import DomainError, Forbidden
from .config import can_sign, usable_config
from .sign import open_signer, place_of, sign_pdf

SIGNERS = {"monthly": "province", "quarterly": "province", "pilot_review": "pilot"}  # report kind → certificate
REASONS = {"monthly": "Ban hành báo cáo tháng", "quarterly": "Ban hành báo cáo sơ kết quý",
           "pilot_review": "Ban hành báo cáo tổng kết thí điểm"}
ROLES = ("organiser", "admin")


def may_sign(actor: Actor, kind: str = "monthly") -> bool:
    """An organiser or the admin, when the issuing body's certificate is configured."""
    return actor.role in ROLES and can_sign(SIGNERS[kind])


def check_request(actor: Actor, kind: str, file_format: str) -> None:
    """Refuse a signed province report that cannot be made: who asks, which report, which format, which certificate."""
    if actor.role not in ROLES:
        raise Forbidden("Chỉ cơ quan tổ chức cấp tỉnh và quản trị hệ thống lập được báo cáo ký số này.")
    if kind not in REASONS:
        raise DomainError("Loại báo cáo này không ký số được.", field="sign")
    if file_format != "pdf":
        raise DomainError("Chỉ ký số được tệp PDF.", field="sign")
    usable_config(SIGNERS[kind])


def sign_report(kind: str, pdf: bytes, marks: dict, location: str) -> bytes:
    """The rendered report signed with the issuing body's certificate over its signature block."""
    with open_signer(usable_config(SIGNERS[kind])) as signer:
        return sign_pdf(pdf, signer, place_of(marks), location=location, reason=REASONS[kind])
