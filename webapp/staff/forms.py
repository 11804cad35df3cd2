"""The person form (add and edit), the role form and the move form."""
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..auth.actor import ROLE_LABELS
from ..forms import BaseForm, VnDateField, db_int
from .access import OFFICER_ROLES, STAFF_KIND_LABELS
from .service import PersonData


def _optional_id(value):
    """A select's id, or None for its empty choice."""
    if value in (None, ""):
        return None
    return db_int(value) if isinstance(value, str) else int(value)


def division_choices(divisions) -> list[SelectChoice]:
    """A unit's divisions, and none."""
    return [SelectChoice("", "— Chưa xếp phòng, ban —"), *(SelectChoice(d.id, d.name) for d in divisions)]


class PersonForm(BaseForm):
    """Họ và tên, mã định danh, loại, chức vụ, vị trí việc làm, phòng, lãnh đạo, ngày bắt đầu và thôi việc."""

    full_name = StringField("Họ và tên", [InputRequired("Vui lòng nhập họ và tên."), Length(max=200)])
    national_id = StringField("Mã định danh", [Length(max=32)])
    staff_kind = SelectField("Loại", choices=[SelectChoice(k, v) for k, v in STAFF_KIND_LABELS.items()],
                             default="cong_chuc")
    title = StringField("Chức vụ", [Length(max=200)])
    position_id = SelectField("Vị trí việc làm", coerce=_optional_id, validate_choice=True)
    division_id = SelectField("Phòng, ban", coerce=_optional_id, validate_choice=True)
    is_leader = BooleanField("Là lãnh đạo (đánh giá theo tiêu chí lãnh đạo)")
    started_on = VnDateField("Ngày bắt đầu công tác", [Optional()])
    left_on = VnDateField("Ngày thôi việc", [Optional()])
    left_service = BooleanField("Đã thôi việc (khóa tài khoản)")

    def with_choices(self, divisions, positions) -> "PersonForm":
        """Offer the unit's divisions and positions (and none)."""
        self.division_id.choices = division_choices(divisions)
        self.position_id.choices = [SelectChoice("", "— Chưa có —"),
                                    *(SelectChoice(p.id, f"{p.code} · {p.name}") for p in positions)]
        return self

    def data_object(self) -> PersonData:
        """The service's input."""
        return PersonData(full_name=self.full_name.data or "", national_id=self.national_id.data or "",
                          staff_kind=self.staff_kind.data, title=self.title.data or "",
                          position_id=self.position_id.data, division_id=self.division_id.data,
                          is_leader=bool(self.is_leader.data), started_on=self.started_on.data,
                          left_on=self.left_on.data, left_service=bool(self.left_service.data))


class RoleForm(BaseForm):
    """Vai trò of the person's account."""

    role = SelectField("Vai trò", choices=[SelectChoice(r, label) for r, label in ROLE_LABELS.items()])

    def for_actor(self, role: str) -> "RoleForm":
        """The officer is offered the unit roles only."""
        if role != "admin":
            self.role.choices = [SelectChoice(r, ROLE_LABELS[r]) for r in OFFICER_ROLES]
        return self


class MoveForm(BaseForm):
    """The unit to move to, and a division of it."""

    unit = StringField("Chuyển đến cơ quan, đơn vị", [InputRequired("Vui lòng chọn cơ quan, đơn vị."), Length(max=64)])
    division_id = SelectField("Phòng, ban ở đơn vị mới", coerce=_optional_id, validate_choice=False)
