"""The one form of the index pages: the month whose figures "Cập nhật số liệu" refreshes."""
from wtforms import HiddenField
from wtforms.validators import DataRequired

from ..evaluations.forms import CheckedForm


class RefreshForm(CheckedForm):
    """Cập nhật số liệu of a month (yyyy-mm)."""

    month = HiddenField(validators=[DataRequired(message="Thiếu tháng.")])
