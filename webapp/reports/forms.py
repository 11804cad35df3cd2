"""The report request form."""
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from ..evaluations.forms import CheckedForm
from ..forms import IntField
from .service import FORMATS, KINDS


class ReportForm(CheckedForm):
    """What to print, for which period and whom."""

    kind = SelectField("Loại báo cáo", choices=[SelectChoice(k, label) for k, label in KINDS.items()],
                       validators=[DataRequired(message="Vui lòng chọn loại báo cáo.")])
    file_format = SelectField("Định dạng", choices=[SelectChoice(f, {"pdf": "PDF (in, ký)", "xlsx": "Excel (.xlsx)"}[f]) for f in FORMATS],
                              validators=[DataRequired(message="Vui lòng chọn định dạng.")])
    period = StringField("Kỳ", validators=[DataRequired(message="Vui lòng nhập kỳ báo cáo (yyyy-mm, yyyy-Qn hoặc yyyy).")])
    person_id = IntField("Người", validators=[Optional()])
    division_id = IntField("Phòng, ban", validators=[Optional()])
