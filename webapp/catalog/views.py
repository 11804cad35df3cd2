"""A unit's catalogue of products/tasks with htmx active search."""
from flask import Blueprint, request
from flask_login import current_user, login_required

from ..db import get_session
from ..forms import db_int
from ..htmx import render
from ..org.service import unit_by_code
from .service import GROUP_LABELS, CatalogueFilter, search_catalogue, unit_positions

bp = Blueprint("catalog", __name__)


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
    )
