"""Forms of the sheet workflow, built from the rule set's criteria (so a new rule set needs no code)."""
from decimal import Decimal

from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from ..forms import BaseForm, IntField, VnDecimalField


class CheckedForm(BaseForm):
    """A write form: the CSRF token (form field or htmx header) is already checked for every write."""

    class Meta:
        csrf = False


def _step_check(step: Decimal | None):
    """A validator: the score is a multiple of the rule set's step."""
    def check(form, field):
        if step is not None and field.data is not None and field.data % step:
            raise ValidationError(f"Điểm phải là bội số của {str(step).replace('.', ',')}.")
    return check


def criterion_field_name(code: str) -> str:
    """Form field name of a criterion ("I.1" → "c_I_1")."""
    return "c_" + code.replace(".", "_")


def _criteria_form(rules, base):
    """A subclass of `base` with one score field per criterion of the rule set."""
    fields = {"version": IntField(validators=[InputRequired(message="Thiếu phiên bản phiếu.")])}
    for criterion in rules.general.criteria:
        maximum = criterion.max_points
        fields[criterion_field_name(criterion.code)] = VnDecimalField(
            criterion.name,
            validators=[InputRequired(message="Vui lòng chấm điểm tiêu chí này."),
                        NumberRange(0, maximum, message=f"Điểm từ 0 đến {str(maximum).replace('.', ',')}."),
                        _step_check(rules.general.score_step)])
    return type("CriteriaForm", (base,), fields)


class _SelfBase(CheckedForm):
    """The person proposes a band."""

    self_band = SelectField("Tự xếp loại", validators=[DataRequired(message="Vui lòng chọn mức tự xếp loại.")])


class _ReviewBase(CheckedForm):
    """The manager's strengths and limitations."""

    strengths = TextAreaField("Ưu điểm", validators=[DataRequired(message="Vui lòng nêu ưu điểm."), Length(max=4000)])
    limitations = TextAreaField("Hạn chế, khuyết điểm", validators=[Length(max=4000)])


def self_assess_form(rules, formdata=None, **kw):
    """Tự đánh giá: scores and proposed band."""
    form = _criteria_form(rules, _SelfBase)(formdata, **kw)
    form.self_band.choices = [SelectChoice(band.code, band.name) for band in rules.bands]
    return form


def review_form(rules, formdata=None, **kw):
    """Lãnh đạo trực tiếp đánh giá: scores, strengths, limitations."""
    return _criteria_form(rules, _ReviewBase)(formdata, **kw)


class ApproveForm(CheckedForm):
    """Thủ trưởng phê duyệt."""

    version = IntField(validators=[InputRequired(message="Thiếu phiên bản phiếu.")])
    comments = TextAreaField("Ý kiến của thủ trưởng", validators=[Length(max=4000)])


class SendBackForm(CheckedForm):
    """Trả lại with a reason."""

    version = IntField(validators=[InputRequired(message="Thiếu phiên bản phiếu.")])
    reason = StringField("Lý do trả lại", validators=[DataRequired(message="Vui lòng nêu lý do trả lại."), Length(max=1000)])


class AppealForm(CheckedForm):
    """Kiến nghị."""

    text = TextAreaField("Nội dung kiến nghị", validators=[DataRequired(message="Vui lòng nhập nội dung kiến nghị."),
                                                            Length(max=4000)])


class AnswerForm(CheckedForm):
    """Trả lời kiến nghị."""

    answer = TextAreaField("Trả lời", validators=[DataRequired(message="Vui lòng nhập nội dung trả lời."), Length(max=4000)])


class FlagsForm(CheckedForm):
    """Findings that cap the band, and the leader's đ and e."""

    version = IntField(validators=[InputRequired(message="Thiếu phiên bản phiếu.")])
    disciplined = BooleanField("Bị xử lý kỷ luật (từ khiển trách trở lên) trong năm")
    degraded = BooleanField("Có kết luận suy thoái tư tưởng chính trị, đạo đức, lối sống")
    corruption_in_unit = BooleanField("Để xảy ra tham nhũng, lãng phí ở đơn vị mình phụ trách")
    unit_plan_done = BooleanField("Đơn vị hoàn thành kế hoạch đúng tiến độ, bảo đảm chất lượng (đ)")
    internal_unity = BooleanField("Nội bộ đơn vị đoàn kết (e)")
    reason = StringField("Căn cứ", validators=[DataRequired(message="Vui lòng ghi căn cứ (số, ngày văn bản)."),
                                               Length(max=1000)])


class ReopenForm(CheckedForm):
    """Mở lại kỳ đánh giá, with the reason that is kept."""

    month = HiddenField(validators=[DataRequired(message="Thiếu tháng.")])
    reason = StringField("Lý do mở lại", validators=[DataRequired(message="Vui lòng nêu lý do mở lại kỳ đánh giá."),
                                                     Length(max=1000)])


class MonthForm(CheckedForm):
    """A month action (close, publish, lock)."""

    month = HiddenField(validators=[DataRequired(message="Thiếu tháng.")])


def scores_of(form, rules) -> dict[str, Decimal]:
    """The criterion scores entered in a validated form."""
    return {c.code: getattr(form, criterion_field_name(c.code)).data for c in rules.general.criteria}
