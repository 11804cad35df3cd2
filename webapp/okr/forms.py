"""Forms of the OKR pages: parsing only; the services enforce the rules."""
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from ..forms import BaseForm, IntField, VnDateField, VnDecimalField
from .access import LEVEL_LABELS
from .keyresults import CONFIDENCE_LABELS, MEASURED_LABELS, CheckInInput, KeyResultInput


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    """A select's choices from code → label."""
    return [SelectChoice(code, label) for code, label in labels.items()]


class ObjectiveForm(BaseForm):
    """Đặt mục tiêu: level, period, title, reviewer."""

    level = SelectField("Cấp", choices=_choices(LEVEL_LABELS),
                        validators=[InputRequired("Vui lòng chọn cấp của mục tiêu.")])
    period = StringField("Kỳ (quý hoặc năm)", [InputRequired("Vui lòng nhập kỳ, ví dụ Quý 4/2026 hoặc 2026.")])
    title = TextAreaField("Mục tiêu", [InputRequired("Vui lòng nhập tên mục tiêu.")])
    reviewer_id = IntField("Người thẩm định", [InputRequired("Vui lòng chọn người thẩm định.")])


class ObjectiveEditForm(BaseForm):
    """Sửa mục tiêu: title and reviewer."""

    title = TextAreaField("Mục tiêu", [InputRequired("Vui lòng nhập tên mục tiêu.")])
    reviewer_id = IntField("Người thẩm định", [InputRequired("Vui lòng chọn người thẩm định.")])


class KeyResultForm(BaseForm):
    """Thêm, sửa kết quả then chốt."""

    title = StringField("Kết quả then chốt", [InputRequired("Vui lòng nhập tên kết quả then chốt.")])
    measure_unit = StringField("Đơn vị tính")
    baseline = VnDecimalField("Giá trị ban đầu", [InputRequired("Vui lòng nhập giá trị ban đầu (0 nếu chưa có).")],
                              max_places=2)
    target = VnDecimalField("Chỉ tiêu", [InputRequired("Vui lòng nhập chỉ tiêu.")], max_places=2)
    weight = VnDecimalField("Trọng số (%)", [InputRequired("Vui lòng nhập trọng số.")], max_places=2)
    measured_by = SelectField("Cách đo", choices=_choices(MEASURED_LABELS), default="checkin")
    allow_over = BooleanField("Cho phép vượt chỉ tiêu (tiến độ trên 100 %)")

    def to_input(self) -> KeyResultInput:
        """The validated data for the service."""
        return KeyResultInput(title=self.title.data or "", baseline=self.baseline.data, target=self.target.data,
                              weight=self.weight.data, measured_by=self.measured_by.data,
                              measure_unit=self.measure_unit.data or "", allow_over=bool(self.allow_over.data))


class CheckInForm(BaseForm):
    """Cập nhật tiến độ: value, confidence, note, evidence."""

    value = VnDecimalField("Giá trị đạt được", [Optional()], max_places=2)
    confidence = SelectField("Mức độ", choices=_choices(CONFIDENCE_LABELS),
                             validators=[InputRequired("Vui lòng chọn mức độ tin cậy.")])
    note = StringField("Ghi chú")
    evidence_doc_number = StringField("Số, ký hiệu văn bản")
    evidence_doc_date = VnDateField("Ngày văn bản", [Optional()])
    evidence_link = StringField("Đường dẫn minh chứng")

    def to_input(self) -> CheckInInput:
        """The validated data for the service."""
        return CheckInInput(confidence=self.confidence.data, value=self.value.data, note=self.note.data or "",
                            evidence_doc_number=self.evidence_doc_number.data or "",
                            evidence_doc_date=self.evidence_doc_date.data,
                            evidence_link=self.evidence_link.data or "")


class LinkForm(BaseForm):
    """An id to link or align (an item, an objective above)."""

    target_id = IntField("Chọn", [InputRequired("Vui lòng chọn trong danh sách.")])
