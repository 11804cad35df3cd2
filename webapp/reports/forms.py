"""The report request form."""
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from ..evaluations.forms import CheckedForm
from ..forms import IntField
from .periods import PERIOD_EXAMPLE
from .province_scope import PROVINCE_KINDS
from .service import FORMATS, KINDS, ReportOptions

FORMAT_LABELS = {"pdf": "PDF (in, ký)", "xlsx": "Excel (.xlsx)"}


class ReportForm(CheckedForm):
    """What to print, for which period and whom."""

    kind = SelectField("Loại báo cáo", choices=[SelectChoice(k, label) for k, label in KINDS.items()],
                       validators=[DataRequired(message="Vui lòng chọn loại báo cáo.")],
                       validate_choice=False)  # refused by the service with a message on the field
    file_format = SelectField("Định dạng", choices=[SelectChoice(f, FORMAT_LABELS[f]) for f in FORMATS],
                              validators=[DataRequired(message="Vui lòng chọn định dạng.")], validate_choice=False)
    period = StringField("Kỳ", validators=[DataRequired(message=f"Vui lòng nhập kỳ báo cáo ({PERIOD_EXAMPLE}).")])
    person_id = IntField("Người", validators=[Optional()])
    division_id = IntField("Phòng, ban", validators=[Optional()])
    sign = BooleanField("Ký số")


def report_form(options: ReportOptions, formdata=None, **data) -> ReportForm:
    """The form offering only the kinds the actor may ask for; someone without a unit-wide choice
    starts on themselves (or their division)."""
    form = ReportForm(formdata, data=data)
    form.kind.choices = [SelectChoice(k, label) for k, label in options.kinds.items()]
    if formdata is None and not options.whole_unit:
        form.person_id.data = options.people[0].id if len(options.people) == 1 else None
        form.division_id.data = options.divisions[0].id if options.divisions else None
    return form


class ProvinceReportForm(CheckedForm):
    """Báo cáo tháng or sơ kết quý: the kind, the month or quarter, the bloc or the province, pilot units only."""

    kind = SelectField("Loại báo cáo", choices=[SelectChoice(k, label) for k, label in PROVINCE_KINDS.items()],
                       validators=[DataRequired(message="Vui lòng chọn loại báo cáo.")], validate_choice=False)
    period = StringField("Kỳ", validators=[
        DataRequired(message="Vui lòng nhập tháng (11/2026) hoặc quý (Quý 4/2026).")])
    scope = SelectField("Phạm vi", validators=[DataRequired(message="Vui lòng chọn phạm vi báo cáo.")],
                        validate_choice=False)  # checked by the service (scope of the actor)
    pilot_only = BooleanField("Chỉ các đơn vị thí điểm")
    sign = BooleanField("Ký số")
    file_format = SelectField("Định dạng", choices=[SelectChoice(f, FORMAT_LABELS[f]) for f in FORMATS],
                              validators=[DataRequired(message="Vui lòng chọn định dạng.")], validate_choice=False)


def province_form(scopes: dict[str, str], formdata=None, **data) -> ProvinceReportForm:
    """The form offering the actor's scopes."""
    form = ProvinceReportForm(formdata, data=data)
    form.scope.choices = [SelectChoice(value, label) for value, label in scopes.items()]
    return form
