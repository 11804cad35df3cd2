"""Forms of catalogue drafts and decisions: parsing only; catalog/drafts.py and decisions.py enforce the rules."""
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from ..forms import BaseForm, IntField, VnDateField, VnDecimalField
from .drafts import KIND_LABELS, Proposal
from .service import GROUP_LABELS


class DraftForm(BaseForm):
    """Đề xuất thay đổi danh mục: one item, its new values, the date and the reason."""

    kind = HiddenField(default="new")
    code = StringField("Mã")
    name = StringField("Tên sản phẩm/công việc")
    unit_of_measure = StringField("Đơn vị tính")
    task_group = SelectField("Nhóm", choices=[SelectChoice("", "— chọn —"),
                                              *(SelectChoice(k, label) for k, label in GROUP_LABELS.items())],
                             validate_choice=False)
    coefficient = VnDecimalField("Hệ số K", [Optional()], max_places=2)
    standard_hours = VnDecimalField("Giờ chuẩn", [Optional()], max_places=2)
    positions = SelectMultipleField("Vị trí việc làm áp dụng", validate_choice=False)
    effective_from = VnDateField("Ngày hiệu lực", [InputRequired("Vui lòng nhập ngày hiệu lực (dd/mm/yyyy).")])
    reason = TextAreaField("Lý do")

    def proposal(self) -> Proposal:
        """The plain values for the service."""
        kind = self.kind.data if self.kind.data in KIND_LABELS else ""
        return Proposal(kind=kind, code=self.code.data or "", name=self.name.data or None,
                        unit_of_measure=self.unit_of_measure.data or None, task_group=self.task_group.data or None,
                        coefficient=self.coefficient.data, standard_hours=self.standard_hours.data,
                        positions=tuple(p[:32] for p in (self.positions.data or ())[:500]) or None)


class DecisionForm(BaseForm):
    """Duyệt or từ chối a batch, or one draft of it (draft set)."""

    draft = IntField(validators=[Optional()])
    reason = StringField("Lý do từ chối")
