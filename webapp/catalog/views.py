"""A unit's catalogue of products/tasks with htmx active search, and the item picker of the forms."""
import re

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..assignments.service import ASSIGNERS
from ..auth.scope import require_role
from ..clock import local_today
from ..db import get_session
from ..forms import db_int, parse_iso_day
from ..htmx import render
from ..org.service import unit_by_code
from ..worklog.access import author_of
from . import picker
from .changes import unit_pending
from .drafts import may_propose
from .service import GROUP_LABELS, CatalogueFilter, search_catalogue, unit_positions

bp = Blueprint("catalog", __name__)
PICKER_ID = re.compile(r"new|e\d{1,10}")


@bp.get("/units/<code>/catalogue")
@login_required
def catalogue(code: str):
    """Danh mục sản phẩm/công việc; htmx gets only the rows."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    flt = CatalogueFilter(
        q=request.args.get("q", "")[:100],
        group=request.args.get("group", ""),
        position_id=request.args.get("position", type=db_int),
    )
    return render(
        "catalog/catalogue.html", "catalog/_catalogue_rows.html", unit=unit, filter=flt,
        items=search_catalogue(session, unit, flt), groups=GROUP_LABELS, positions=unit_positions(session, unit),
        may_propose=may_propose(current_user, unit), pending_drafts=unit_pending(session, unit),
    )


@bp.get("/picker/diary")
@login_required
def pick_for_diary():
    """The picker's results: items the actor may log in their diary."""
    session = get_session()
    day = request.args.get("work_date", type=parse_iso_day) or local_today()
    return _results(session, picker.person_items(session, author_of(session, current_user), day), day)


@bp.get("/picker/assignments")
@login_required
def pick_for_assignment():
    """The picker's results: items of the unit a manager or the head may assign."""
    require_role(current_user, *ASSIGNERS)
    session, today = get_session(), local_today()
    return _results(session, picker.unit_items(session, current_user.unit_id, today), today)


def _results(session, items, day):
    """The results list for ?q= (every word, any order, no accents), keeping ?item_id= chosen."""
    prefix = request.args.get("picker", "")
    choices = picker.choose(items, request.args.get("q", "")[:100], request.args.get("item_id", type=db_int),
                            picker.coefficients_on(session, items, day))
    return render_template("catalog/_item_results.html", prefix=prefix if PICKER_ID.fullmatch(prefix) else "new",
                           choices=choices)


from . import draft_views  # noqa: E402,F401  (history, drafts and decisions register on bp)
