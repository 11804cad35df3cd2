"""Forms of the diary and the approval queue: parsing only; the services enforce the rules."""
from flask import request
from werkzeug.datastructures import CombinedMultiDict
from wtforms import BooleanField, DateField, DecimalField, FileField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..db import get_session
from ..errors import DomainError
from ..forms import BaseForm
from .evidence import upload_of
from .rules import EntryInput

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]  # shown and typed dd/mm/yyyy; hidden fields and links send ISO


class VnDecimalField(DecimalField):
    """A decimal that also accepts the Vietnamese decimal comma ("2,5")."""

    def process_formdata(self, valuelist):
        """Read "2,5" as 2.5."""
        super().process_formdata([value.strip().replace(",", ".") for value in valuelist])


def apply_form(form, action):
    """Validate, then call the service; a refusal naming a field becomes that field's error (None)."""
    if not form.validate():
        return None
    try:
        return action()
    except DomainError as refusal:
        get_session().rollback()
        field = getattr(form, refusal.field, None) if refusal.field else None
        if type(refusal) is not DomainError or field is None:
            raise
        field.errors = [*field.errors, refusal.message]
        return None


def bind(form_class, **kw):
    """A form on the posted data and files (the CSRF token was checked before the view: webapp/csrf.py)."""
    return form_class(CombinedMultiDict([request.form, request.files]) if request.files else request.form, **kw)


class EntryForm(BaseForm):
    """Một mục nhật ký công việc."""

    work_date = DateField("Ngày", [InputRequired("Vui lòng chọn ngày làm việc.")], format=DATE_FORMATS)
    item_id = IntegerField("Sản phẩm/công việc", [InputRequired("Vui lòng chọn sản phẩm/công việc.")])
    quantity = VnDecimalField("Số lượng", [InputRequired("Vui lòng nhập số lượng.")], places=None)
    hours = VnDecimalField("Số giờ", [InputRequired("Vui lòng nhập số giờ (0 nếu không tính giờ).")], places=None)
    description = TextAreaField("Mô tả ngắn")
    evidence_doc_number = StringField("Số, ký hiệu văn bản")
    evidence_doc_date = DateField("Ngày văn bản", [Optional()], format=DATE_FORMATS)
    evidence_link = StringField("Đường dẫn minh chứng")
    assignment_id = IntegerField("Nhiệm vụ được giao", [Optional()])
    evidence_file = FileField("Tệp minh chứng")
    remove_evidence_file = BooleanField("Gỡ tệp minh chứng đã đính kèm")
    version = IntegerField(validators=[Optional()])

    def to_input(self) -> EntryInput:
        """The validated data for the service."""
        return EntryInput(
            work_date=self.work_date.data, item_id=self.item_id.data, quantity=self.quantity.data,
            hours=self.hours.data, description=self.description.data or "",
            evidence_doc_number=self.evidence_doc_number.data or "", evidence_doc_date=self.evidence_doc_date.data,
            evidence_link=self.evidence_link.data or "", assignment_id=self.assignment_id.data or None,
            evidence_file=upload_of(self.evidence_file.data), remove_evidence_file=self.remove_evidence_file.data,
        )


class VersionForm(BaseForm):
    """An action on an entry at the version the user saw (delete)."""

    version = IntegerField(validators=[InputRequired("Thiếu phiên bản của mục nhật ký. Vui lòng tải lại trang.")])


class SubmitForm(BaseForm):
    """Gửi duyệt a day, or its whole week."""

    day = DateField("Ngày", [InputRequired("Thiếu ngày cần gửi duyệt.")], format=DATE_FORMATS)
    week = BooleanField("Cả tuần")


class ApproveForm(VersionForm):
    """Duyệt: quality errors, completion date, objective-cause exemptions."""

    quality_errors = IntegerField("Số lỗi chất lượng", [Optional(), NumberRange(min=0, message="Số lỗi không được âm.")],
                                  default=0)
    errors_exempt = BooleanField("Miễn trừ lỗi (nguyên nhân khách quan)")
    completed_on = DateField("Ngày hoàn thành", [Optional()], format=DATE_FORMATS)
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
    """Checked rows "id:version" → [(id, version)]; malformed values are ignored."""
    selection = []
    for value in values:
        entry_id, _, version = value.partition(":")
        if entry_id.isdigit() and version.isdigit():
            selection.append((int(entry_id), int(version)))
    return selection

