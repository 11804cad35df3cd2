"""Forms of the Quan hệ báo cáo page: a reporting line, the unit's superior evaluator."""
from wtforms.validators import Optional

from ..forms import BaseForm, IntField


class LineForm(BaseForm):
    """Lãnh đạo trực tiếp of one person; empty means the default (the division's manager)."""

    manager_id = IntField("Lãnh đạo trực tiếp", validators=[Optional()])


class EvaluatorForm(BaseForm):
    """Cấp trên đánh giá thủ trưởng; empty means none chosen."""

    account_id = IntField("Cấp trên đánh giá thủ trưởng", validators=[Optional()])
