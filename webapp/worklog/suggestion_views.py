"""Xác nhận / Bỏ qua a suggestion from the e-office on the diary, one click each (htmx, or a plain form post)."""
from flask import flash, render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..htmx import is_partial, redirect_to
from . import suggestions
from .views import bp


@bp.post("/diary/suggestions/<int:suggestion_id>/confirm")
@login_required
def confirm_suggestion(suggestion_id: int):
    """Xác nhận: the suggestion becomes a draft entry with its evidence."""
    decided = suggestions.confirm(get_session(), current_user, suggestion_id)
    day = f"{decided.suggestion.work_date:%d/%m/%Y}"
    return _decided(decided, f"Đã thêm vào nhật ký ngày {day} (bản nháp): bổ sung số giờ nếu cần rồi gửi duyệt.")


@bp.post("/diary/suggestions/<int:suggestion_id>/dismiss")
@login_required
def dismiss_suggestion(suggestion_id: int):
    """Bỏ qua: the suggestion is hidden; nothing reaches the diary."""
    return _decided(suggestions.dismiss(get_session(), current_user, suggestion_id), "Đã bỏ qua đề xuất.")


def _decided(decided: suggestions.Decided, message: str):
    """htmx: the suggestion's row gives way to a note, the message out of band; else back to the diary's day."""
    if not is_partial():
        flash(message)
        return redirect_to(url_for(".diary", day=decided.suggestion.work_date.isoformat()))
    return render_template("worklog/_suggestion_decided.html", decided=decided, message=message)
