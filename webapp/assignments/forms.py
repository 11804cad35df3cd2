"""The Giao việc form: parsing only; the service enforces scope and the rules."""
from wtforms import Field, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from ..forms import INT_MAX, BaseForm, IntField, VnDateField, VnDecimalField
from ..once import token_field
from .service import SOURCES, AssignmentInput


class IdListField(Field):
    """Checked people: a list of ids (the checkboxes render in the template)."""

    def process_formdata(self, valuelist):
        """["12", "15"] → [12, 15]; anything else is refused in Vietnamese."""
        self.data = []
        for value in valuelist:
            if not value.strip().isdigit() or int(value) > INT_MAX:
                raise ValueError("Người thực hiện không hợp lệ.")
            self.data.append(int(value))

    def _value(self):
        return ""


class AssignmentForm(BaseForm):
    """Giao việc cho một hoặc nhiều người."""

    person_ids = IdListField("Người thực hiện", [InputRequired("Vui lòng chọn ít nhất một người thực hiện.")],
                             default=list)
    item_id = IntField("Sản phẩm/công việc", [InputRequired("Vui lòng chọn sản phẩm/công việc.")])
    quantity = VnDecimalField("Số lượng giao", [InputRequired("Vui lòng nhập số lượng giao.")])
    deadline = VnDateField("Hạn hoàn thành", [InputRequired("Vui lòng chọn hạn hoàn thành.")])
    source = SelectField("Nguồn giao việc", choices=[SelectChoice(k, label) for k, label in SOURCES.items()],
                         default="adhoc")
    note = TextAreaField("Ghi chú, yêu cầu")
    form_token = token_field()

    def to_input(self) -> AssignmentInput:
        """The validated data for the service."""
        return AssignmentInput(person_ids=tuple(self.person_ids.data), item_id=self.item_id.data,
                               quantity=self.quantity.data, deadline=self.deadline.data, source=self.source.data,
                               note=self.note.data or "", form_token=self.form_token.data or None)
