"""The forms of a unit's divisions and job positions: parsing only; the services enforce the rules."""
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from ..forms import BaseForm, IntField, VnDateField
from .divisions import DivisionInput
from .positions import GROUP_LABELS, PositionInput
from .units import UnitInput


class DivisionForm(BaseForm):
    """Mã (on creation), tên, phòng, ban cấp trên, thứ tự."""

    code = StringField("Mã")
    name = StringField("Tên phòng, ban")
    parent_id = IntField("Trực thuộc", [Optional()])
    sort_order = IntField("Thứ tự", [Optional()])

    def to_input(self) -> DivisionInput:
        """The validated data for the service."""
        return DivisionInput(name=self.name.data or "", parent_id=self.parent_id.data or None,
                             sort_order=self.sort_order.data, code=self.code.data or "")


class CloseForm(BaseForm):
    """Ngày giải thể."""

    closed_on = VnDateField("Giải thể từ ngày", [InputRequired("Vui lòng nhập ngày giải thể (dd/mm/yyyy).")])


class PositionForm(BaseForm):
    """Mã, tên, nhóm, bản mô tả công việc."""

    code = StringField("Mã")
    name = StringField("Tên vị trí việc làm")
    position_group = SelectField("Nhóm (Thông tư 12/2022/TT-BNV)", choices=[
        SelectChoice("", "— Chọn nhóm —"), *(SelectChoice(k, label) for k, label in GROUP_LABELS.items())], default="")
    description = TextAreaField("Bản mô tả công việc")

    def to_input(self) -> PositionInput:
        """The validated data for the service."""
        return PositionInput(code=self.code.data or "", name=self.name.data or "",
                             position_group=self.position_group.data or "", description=self.description.data or "")


class RetireForm(BaseForm):
    """Ngày thôi sử dụng."""

    retired_on = VnDateField("Thôi sử dụng từ ngày",
                             [InputRequired("Vui lòng nhập ngày thôi sử dụng (dd/mm/yyyy).")])


class CompetencyForm(BaseForm):
    """Tên năng lực, cấp độ yêu cầu 1-5."""

    name = StringField("Năng lực")
    required_level = IntField("Cấp độ yêu cầu", [InputRequired("Vui lòng chọn cấp độ yêu cầu (1–5).")])


class MoveForm(BaseForm):
    """Lên or xuống one place."""

    direction = SelectField(choices=[SelectChoice("up", "Lên"), SelectChoice("down", "Xuống")])

    @property
    def step(self) -> int:
        """-1 for up, +1 for down."""
        return -1 if self.direction.data == "up" else 1


class UnitForm(BaseForm):
    """Thông tin cơ quan, đơn vị; the admin's fields are left out of an officer's form (OfficerUnitForm)."""

    code = StringField("Mã đơn vị")
    name = StringField("Tên đầy đủ")
    short_name = StringField("Tên ngắn")
    place = StringField("Địa danh (in trước ngày tháng trên biểu mẫu)")
    superior_name = StringField("Cơ quan chủ quản (in ở góc trên bên trái biểu mẫu)")
    bloc_id = IntField("Khối", [Optional()])
    level_id = IntField("Cấp", [Optional()])
    username_prefix = StringField("Tiền tố tên đăng nhập")
    is_pilot = BooleanField("Đơn vị thí điểm")

    def to_input(self) -> UnitInput:
        """The validated data for the service."""
        return UnitInput(code=self.code.data or "", name=self.name.data or "", short_name=self.short_name.data or "",
                         place=self.place.data or "", superior_name=self.superior_name.data or "",
                         bloc_id=self.bloc_id.data, level_id=self.level_id.data,
                         username_prefix=self.username_prefix.data or "", is_pilot=bool(self.is_pilot.data))


class OfficerUnitForm(BaseForm):
    """What the unit's personnel officer changes: names and print lines."""

    name = UnitForm.name
    short_name = UnitForm.short_name
    place = UnitForm.place
    superior_name = UnitForm.superior_name

    def to_input(self) -> UnitInput:
        """The validated data for the service (the admin's fields left as None)."""
        return UnitInput(name=self.name.data or "", short_name=self.short_name.data or "",
                         place=self.place.data or "", superior_name=self.superior_name.data or "")
