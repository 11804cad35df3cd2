"""Which reports may be issued digitally signed, by whom, and the signing step of a report job.

A batch of Form 01 sheets (a division's or the unit's) is one PDF with one signature covering every page; its
visible block is drawn on the first sheet's head block. One signature per document keeps verification quick
(each further signature would re-check every later revision) and matches what the batch is: one file the unit
issues. Each person's own sheet, requested on its own, is its own signed document.
"""
from ..auth.actor import Actor
from ..errors import DomainError, Forbidden
from ..models import Unit
from ..reports.form01_data import APPROVED_STATES, UNIT_HEAD
from .config import can_sign, usable_config
from .sign import open_signer, place_of, sign_pdf

# The forms the unit's head signs, and the reason each signature states.
REASONS = {"form01": "Phê duyệt kết quả đánh giá", "summary": "Phê duyệt kết quả đánh giá, xếp loại",
           "hours": "Xác nhận bảng tổng hợp giờ làm việc", "okr": "Xác nhận kết quả thực hiện mục tiêu"}
SIGNABLE_KINDS = tuple(REASONS)
SIGNER_ROLES = ("head", "personnel")  # the unit's own officers issue its signed documents


def may_sign(actor: Actor, unit: Unit) -> bool:
    """The unit's head or personnel officer, when the unit has a certificate configured."""
    return actor.role in SIGNER_ROLES and actor.unit_id == unit.id and can_sign(unit.code)


def check_request(actor: Actor, unit: Unit, kind: str, file_format: str) -> None:
    """Refuse a signed report that cannot be made: who asks, which form, which format, which certificate."""
    if actor.role not in SIGNER_ROLES or actor.unit_id != unit.id:
        raise Forbidden("Chỉ thủ trưởng hoặc cán bộ tổ chức của cơ quan, đơn vị được lập văn bản ký số.")
    if kind not in SIGNABLE_KINDS:
        raise DomainError("Loại báo cáo này không ký số được (chỉ phiếu Mẫu 01 và các bảng tổng hợp do thủ trưởng "
                          "ký).", field="sign")
    if file_format != "pdf":
        raise DomainError("Chỉ ký số được tệp PDF.", field="sign")
    usable_config(unit.code)


def check_sheets(sheets: list) -> None:
    """A Form 01 batch is signed only when every sheet is approved and approved by the unit's head."""
    if not sheets:
        raise DomainError("Không có phiếu đánh giá nào để ký số.")
    pending = [doc.person.full_name for doc in sheets if doc.sheet.state not in APPROVED_STATES]
    if pending:
        raise DomainError(f"Không ký số được: {len(pending)} phiếu chưa được phê duyệt ({', '.join(pending[:5])}"
                          f"{', …' if len(pending) > 5 else ''}).")
    heads = [doc.person.full_name for doc in sheets if doc.signers.approver_title != UNIT_HEAD]
    if heads:
        raise DomainError(f"Không ký số được: phiếu của {', '.join(heads)} do cấp có thẩm quyền cấp trên phê duyệt, "
                          "không ký bằng chứng thư số của cơ quan, đơn vị. Hãy lập phiếu theo từng phòng, ban hoặc "
                          "từng người.")


def sign_report(unit: Unit, kind: str, pdf: bytes, marks: dict) -> bytes:
    """The rendered report signed with the unit's certificate over the head's printed block."""
    place = place_of(marks)
    with open_signer(usable_config(unit.code)) as signer:
        return sign_pdf(pdf, signer, place, location=unit.name, reason=REASONS[kind])
