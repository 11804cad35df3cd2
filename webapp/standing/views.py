"""Tình hình đánh giá: the scope's page, a unit's drill-down, the Nhắc việc button, dismissing a reminder."""
from datetime import timedelta

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user, login_required

from ..clock import local_today
from ..db import get_session
from ..htmx import redirect_to
from ..months import month_key, parse_month
from ..org.service import unit_by_code
from . import remind, service
from .deadlines import STAGE_LABELS, STAGE_SHORT, WAITING_LABELS

bp = Blueprint("standing", __name__)


def _month():
    """?month= (mm/yyyy or yyyy-mm), default the month before this one: the month being evaluated now."""
    text = request.values.get("month") or month_key(local_today().replace(day=1) - timedelta(days=1))
    return parse_month(text, field="month")


def _labels() -> dict:
    """The words every page of the package shows."""
    return {"columns": service.COLUMNS, "column_labels": service.COLUMN_LABELS, "stage_labels": STAGE_LABELS,
            "waiting_labels": WAITING_LABELS, "stage_short": STAGE_SHORT}


@bp.get("/evaluations/standing")
@login_required
def index():
    """The scope's units: sheets at each stage, late ones first."""
    first = _month()
    standing = service.standing(get_session(), current_user, first, local_today())
    return render_template("standing/index.html", month=first, standing=standing, **_labels())


@bp.get("/units/<code>/evaluations/standing")
@login_required
def unit(code: str):
    """A unit's people in one column or at one stage, each with whom they wait on."""
    session, first = get_session(), _month()
    listing = service.unit_list(session, current_user, unit_by_code(session, current_user, code), first, local_today(),
                                request.args.get("state") or None, request.args.get("stage") or None)
    return render_template("standing/unit.html", month=first, listing=listing, **_labels())


@bp.post("/evaluations/standing/remind")
@login_required
def send():
    """Nhắc việc: every person the late sheets of the scope (or of one unit) wait on."""
    session, first = get_session(), _month()
    code = request.form.get("unit") or None
    unit = unit_by_code(session, current_user, code) if code else None
    flash(remind.send(session, current_user, first, local_today(), unit).message)
    target = url_for(".unit", code=code, month=month_key(first), stage=request.form.get("stage") or None) if code \
        else url_for(".index", month=month_key(first))
    return redirect_to(target)


@bp.post("/sheet-reminders/<int:reminder_id>/dismiss")
@login_required
def dismiss(reminder_id: int):
    """Ẩn lời nhắc việc."""
    remind.dismiss(get_session(), current_user, reminder_id)
    return redirect_to(url_for("home.index"))
