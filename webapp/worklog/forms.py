"""Forms of the diary and the approval queue: parsing only; the services enforce the rules."""
from wtforms import BooleanField, FileField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..forms import INT_MAX, BaseForm, IntField, VnDateField, VnDecimalField
from ..once import token_field
from .evidence import upload_of
from .rules import EntryInput


class EntryForm(BaseForm):
    """Một mục nhật ký công việc."""

    work_date = VnDateField("Ngày", [InputRequired("Vui lòng chọn ngày làm việc.")])
    item_id = IntField("Sản phẩm/công việc", [InputRequired("Vui lòng chọn sản phẩm/công việc.")])
    quantity = VnDecimalField("Số lượng", [InputRequired("Vui lòng nhập số lượng.")])
    hours = VnDecimalField("Số giờ", [InputRequired("Vui lòng nhập số giờ (0 nếu không tính giờ).")])
    description = TextAreaField("Mô tả ngắn")
    evidence_doc_number = StringField("Số, ký hiệu văn bản")
    evidence_doc_date = VnDateField("Ngày văn bản", [Optional()])
    evidence_link = StringField("Đường dẫn minh chứng")
    assignment_id = IntField("Nhiệm vụ được giao", [Optional()])
    evidence_file = FileField("Tệp minh chứng")
    remove_evidence_file = BooleanField("Gỡ tệp minh chứng đã đính kèm")
    version = IntField(validators=[Optional()])
    form_token = token_field()

    def to_input(self) -> EntryInput:
        """The validated data for the service."""
        return EntryInput(
            work_date=self.work_date.data, item_id=self.item_id.data, quantity=self.quantity.data,
            hours=self.hours.data, description=self.description.data or "",
            evidence_doc_number=self.evidence_doc_number.data or "", evidence_doc_date=self.evidence_doc_date.data,
            evidence_link=self.evidence_link.data or "", assignment_id=self.assignment_id.data or None,
            evidence_file=upload_of(self.evidence_file.data), remove_evidence_file=self.remove_evidence_file.data,
            form_token=self.form_token.data or None,
        )


class VersionForm(BaseForm):
    """An action on an entry at the version the user saw (delete)."""

    version = IntField(validators=[InputRequired("Thiếu phiên bản của mục nhật ký. Vui lòng tải lại trang.")])


class SubmitForm(BaseForm):
    """Gửi duyệt a day, or its whole week."""

    day = VnDateField("Ngày", [InputRequired("Thiếu ngày cần gửi duyệt.")])
    week = BooleanField("Cả tuần")


class ApproveForm(VersionForm):
    """Duyệt: quality errors, completion date, objective-cause exemptions."""

    quality_errors = IntField("Số lỗi chất lượng", [Optional(), NumberRange(min=0, message="Số lỗi không được âm.")],
                                  default=0)
    errors_exempt = BooleanField("Miễn trừ lỗi (nguyên nhân khách quan)")
    completed_on = VnDateField("Ngày hoàn thành", [Optional()])
    delay_exempt = BooleanField("Miễn trừ chậm tiến độ (nguyên nhân khách quan)")
    exemption_reason = StringField("Nguyên nhân khách quan")

    def decision(self) -> dict:
        """The keyword arguments of review.approve_entry."""
        return {"quality_errors": self.quality_errors.data or 0, "errors_exempt": self.errors_exempt.data,
                "delay_exempt": self.delay_exempt.data, "exemption_reason": self.exemption_reason.data or "",
                "completed_on": self.completed_on.data}


class ReturnForm(VersionForm):
    """Trả lại kèm lý do."""

    reason = StringField("Lý do trả lại", [InputRequired("Vui lòng nêu lý do trả lại.")])


def parse_selection(values: list[str]) -> list[tuple[int, int]]:
    """Checked rows "id:version" → [(id, version)]; malformed or out-of-range values are ignored."""
    selection = []
    for value in values:
        entry_id, _, version = value.partition(":")
        if entry_id.isdigit() and version.isdigit() and max(int(entry_id), int(version)) <= INT_MAX:
            selection.append((int(entry_id), int(version)))
    return selection

