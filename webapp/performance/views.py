"""Bộ chỉ số hiệu quả hoạt động: the province's (bloc's) table of units, a unit's page, its trend, the refresh."""
from flask import Blueprint, flash, request, url_for
from flask_login import current_user, login_required

from ..clock import local_today
from ..db import get_session
from ..forms import db_int
from ..htmx import is_partial, redirect_to, render
from ..months import month_key, parse_month
from . import pages, service
from .forms import RefreshForm

bp = Blueprint("performance", __name__, url_prefix="/performance")


def _month():
    """?month=yyyy-mm (or mm/yyyy), default this month; never one still to come."""
    today = local_today()
    return pages.month_or_refuse(parse_month(request.args.get("month") or month_key(today)), today)


def _sort() -> pages.Sort:
    """?sort=…&dir=…"""
    return pages.parse_sort(request.args.get("sort"), request.args.get("dir"))


@bp.get("")
@login_required
def index():
    """The units of the organiser's bloc (the admin: the province, or ?bloc=) for a month, sortable."""
    context = pages.province_page(get_session(), current_user, _month(), request.args.get("bloc", type=db_int),
                                  _sort())
    return render("performance/index.html", "performance/index.html", **context)


@bp.post("/refresh")
@login_required
def refresh():
    """Cập nhật số liệu: a refresh of the month for the actor's scope, as a job; back to the table."""
    form = RefreshForm(request.form)
    first = pages.month_or_refuse(parse_month(form.month.data if form.validate() else None), local_today())
    run = service.request_refresh(get_session(), current_user, first)
    if is_partial():
        return render("performance/_refresh.html", "performance/_refresh.html", run=run, month=first)
    flash("Đã cập nhật số liệu." if run.status == "done" else "Đã gửi yêu cầu cập nhật số liệu.")
    return redirect_to(url_for(".index", month=month_key(first)))


@bp.get("/refresh/<int:run_id>")
@login_required
def refresh_status(run_id: int):
    """The run's state (the fragment polls itself while queued or running)."""
    run = service.run_for(get_session(), current_user, run_id)
    first = parse_month(run.month)
    return render("performance/_refresh.html", "performance/_refresh.html", run=run, month=first)


@bp.get("/units/<code>")
@login_required
def unit(code: str):
    """A unit's index for the month with its divisions and the band chart."""
    context = pages.unit_page(get_session(), current_user, code, _month(), _sort())
    return render("performance/unit.html", "performance/unit.html", **context)


@bp.get("/units/<code>/trend")
@login_required
def trend(code: str):
    """A unit's 12 months ending with the chosen one, as charts and a table."""
    context = pages.trend_page(get_session(), current_user, code, _month())
    return render("performance/trend.html", "performance/trend.html", **context)

