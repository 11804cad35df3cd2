"""Bảng tổng hợp giờ làm việc: the page, and its table for htmx."""
from flask import Blueprint, request
from flask_login import current_user, login_required

from ..db import get_session
from ..forms import db_int
from ..htmx import render
from . import service

bp = Blueprint("hours", __name__)


@bp.get("/hours")
@login_required
def index():
    """?month=yyyy-mm&division=id: hours per person per day against the standard."""
    data = service.summary(get_session(), current_user, request.args.get("month"),
                           request.args.get("division", type=db_int))
    return render("hours/index.html", "hours/_hours_table.html", **data)
