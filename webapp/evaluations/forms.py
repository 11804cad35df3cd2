"""Forms of the sheet workflow, built from the rule set's criteria (so a new rule set needs no code)."""
from decimal import Decimal

from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..forms import BaseForm, IntField, VnDecimalField


class CheckedForm(BaseForm):
    """A write form: the CSRF token (form field or htmx header) is already checked for every write."""

    class Meta:
        csrf = False


def at_most(n: int) -> Length:
    """A length limit that says so in Vietnamese."""
    return Length(max=n, message=f"Tối đa {n} ký tự.")


def _version() -> IntField:
    """The sheet's version the form was loaded with (a stale form is refused)."""
    return IntField(validators=[InputRequired(message="Thiếu phiên bản phiếu. Vui lòng tải lại trang.")])


NO_CHOICE = SelectChoice("", "— chọn —")


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
    fields = {"version": _version()}
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

    self_band = SelectField("Tự xếp loại", validate_choice=False,
                            validators=[DataRequired(message="Vui lòng chọn mức tự xếp loại.")])

    def validate_self_band(self, field):
        """Only a band of the rule set (the list has an empty first choice: no default band)."""
        if field.data not in {c.value for c in field.choices if c.value}:
            raise ValidationError("Mức tự xếp loại không hợp lệ: vui lòng chọn trong danh sách.")


class _ReviewBase(CheckedForm):
    """The manager's strengths and limitations."""

    strengths = TextAreaField("Ưu điểm", validators=[DataRequired(message="Vui lòng nêu ưu điểm."), at_most(4000)])
    limitations = TextAreaField("Hạn chế, khuyết điểm", validators=[at_most(4000)])


def self_assess_form(rules, formdata=None, **kw):
    """Tự đánh giá: scores and proposed band."""
    form = _criteria_form(rules, _SelfBase)(formdata, **kw)
    form.self_band.choices = [NO_CHOICE] + [SelectChoice(band.code, band.name) for band in rules.bands]
    return form


def review_form(rules, formdata=None, **kw):
    """Lãnh đạo trực tiếp đánh giá: scores, strengths, limitations."""
    return _criteria_form(rules, _ReviewBase)(formdata, **kw)


class ApproveForm(CheckedForm):
    """Thủ trưởng phê duyệt."""

    version = _version()
    comments = TextAreaField("Ý kiến của thủ trưởng", validators=[at_most(4000)])


class SendBackForm(CheckedForm):
    """Trả lại with a reason."""

    version = _version()
    reason = StringField("Lý do trả lại", validators=[DataRequired(message="Vui lòng nêu lý do trả lại."), at_most(1000)])


class AppealForm(CheckedForm):
    """Kiến nghị."""

    text = TextAreaField("Nội dung kiến nghị", validators=[DataRequired(message="Vui lòng nhập nội dung kiến nghị."),
                                                            at_most(4000)])


class AnswerForm(CheckedForm):
    """Trả lời kiến nghị."""

    answer = TextAreaField("Trả lời", validators=[DataRequired(message="Vui lòng nhập nội dung trả lời."), at_most(4000)])


MET_CHOICES = [NO_CHOICE, SelectChoice("y", "Đạt"), SelectChoice("n", "Không đạt")]


class FlagsForm(CheckedForm):
    """Findings that cap the band; a leader's đ and e are chosen explicitly (no preset)."""

    version = _version()
    disciplined = BooleanField("Bị xử lý kỷ luật (từ khiển trách trở lên) trong năm")
    degraded = BooleanField("Có kết luận suy thoái tư tưởng chính trị, đạo đức, lối sống")
    corruption_in_unit = BooleanField("Để xảy ra tham nhũng, lãng phí ở đơn vị mình phụ trách")
    unit_plan_done = SelectField("đ – Đơn vị hoàn thành kế hoạch đúng tiến độ, bảo đảm chất lượng",
                                 choices=MET_CHOICES, validate_choice=False, validators=[Optional()])
    internal_unity = SelectField("e – Nội bộ đơn vị đoàn kết", choices=MET_CHOICES, validate_choice=False,
                                 validators=[Optional()])
    reason = StringField("Căn cứ", validators=[DataRequired(message="Vui lòng ghi căn cứ (số, ngày văn bản)."),
                                               at_most(1000)])

    def met(self, name: str) -> bool | None:
        """đ or e as chosen: True, False, or None when not chosen."""
        return {"y": True, "n": False}.get(getattr(self, name).data)


def flags_form(is_leader: bool, formdata=None, dd_optional: bool = False, **kw) -> FlagsForm:
    """The flags form; on a leader's sheet đ and e must be chosen (đ may stay empty, "by OKR", when configured)."""
    form = FlagsForm(formdata, **kw)
    if is_leader:
        if dd_optional:  # empty: read from the unit's OKR progress
            form.unit_plan_done.validators = [Optional(), AnyOf(["y", "n"], message="Vui lòng chọn trong danh sách.")]
        for name in ("internal_unity",) if dd_optional else ("unit_plan_done", "internal_unity"):
            getattr(form, name).validators = [DataRequired(message="Vui lòng chọn Đạt hoặc Không đạt."),
                                              AnyOf(["y", "n"], message="Vui lòng chọn Đạt hoặc Không đạt.")]
    return form


class BandForm(CheckedForm):
    """The head's band decision before approval (empty: back to the computed band), with its reason."""

    version = _version()
    band = SelectField("Mức xếp loại do thủ trưởng quyết định", validate_choice=False)
    reason = StringField("Lý do", validators=[DataRequired(message="Vui lòng nêu lý do điều chỉnh mức xếp loại."),
                                              at_most(1000)])

    def validate_band(self, field):
        """Empty or a band of the rule set."""
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Mức xếp loại không hợp lệ: vui lòng chọn trong danh sách.")


def band_form(rules, formdata=None, **kw) -> BandForm:
    """The band decision with the rule set's bands."""
    form = BandForm(formdata, **kw)
    form.band.choices = [SelectChoice("", "Theo kết quả tính điểm")] + [SelectChoice(b.code, b.name) for b in rules.bands]
    return form


class CapDecisionForm(CheckedForm):
    """The head keeps a month over the cap, with the reason that is kept."""

    month = HiddenField(validators=[DataRequired(message="Thiếu tháng.")])
    reason = StringField("Lý do quyết định", validators=[DataRequired(message="Vui lòng nêu lý do quyết định."),
                                                         at_most(1000)])


class ReopenForm(CheckedForm):
    """Mở lại kỳ đánh giá, with the reason that is kept."""

    month = HiddenField(validators=[DataRequired(message="Thiếu tháng.")])
    reason = StringField("Lý do mở lại", validators=[DataRequired(message="Vui lòng nêu lý do mở lại kỳ đánh giá."),
                                                     at_most(1000)])


class MonthForm(CheckedForm):
    """A month action (close, publish, lock), sent from its confirmation step."""

    month = HiddenField(validators=[DataRequired(message="Thiếu tháng.")])
    confirmed = HiddenField()


def scores_of(form, rules) -> dict[str, Decimal]:
    """The criterion scores entered in a validated form."""
    return {c.code: getattr(form, criterion_field_name(c.code)).data for c in rules.general.criteria}
