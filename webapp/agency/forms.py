"""Forms of the yearly agency evaluation, built from the rule set's agency criteria (a new rule set needs no code)."""
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from ..evaluations.forms import CheckedForm, _criteria_form, _version, at_most, criterion_field_name


class _SelfBase(CheckedForm):
    """The head's comment on the unit's year."""

    comment = TextAreaField("Tự nhận xét của cơ quan, đơn vị", validators=[at_most(4000)])


class _ScoreBase(CheckedForm):
    """The superior level's comment."""

    comment = TextAreaField("Nhận xét của cấp trên", validators=[
        DataRequired(message="Vui lòng ghi nhận xét của cấp trên."), at_most(4000)])


class ReturnForm(CheckedForm):
    """Trả lại for the head to assess again, with a reason."""

    version = _version()
    reason = StringField("Lý do trả lại", validators=[DataRequired(message="Vui lòng nêu lý do trả lại."),
                                                      at_most(1000)])


class ApproveForm(CheckedForm):
    """Phê duyệt kết quả."""

    version = _version()


def self_form(rules, formdata=None, **kw):
    """Tự đánh giá: a score per agency criterion and a comment."""
    return _criteria_form(rules.agency, _SelfBase)(formdata, **kw)


def score_form(rules, formdata=None, **kw):
    """Cấp trên chấm điểm: a score per agency criterion and a comment."""
    return _criteria_form(rules.agency, _ScoreBase)(formdata, **kw)


def scores_of(form, rules) -> dict:
    """The criterion scores of a validated form."""
    return {c.code: getattr(form, criterion_field_name(c.code)).data for c in rules.agency.general.criteria}
