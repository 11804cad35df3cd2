"""The organisation tree and a unit's page (its divisions and job positions: division_views, position_views)."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..db import get_session
from .service import division_tree, management, unit_by_code, units_by_bloc
from .units import inactive_units

bp = Blueprint("org", __name__)


@bp.get("/org")
@login_required
def tree():
    """Cơ cấu tổ chức: the blocs and units the actor may see."""
    session = get_session()
    return render_template("org/tree.html", blocs=units_by_bloc(session, current_user),
                           inactive=inactive_units(session, current_user))


@bp.get("/units/<code>")
@login_required
def unit(code: str):
    """A unit's divisions and people, and who manages whom."""
    session = get_session()
    unit = unit_by_code(session, current_user, code)
    return render_template("org/unit.html", unit=unit, tree=division_tree(session, unit),
                           lines=management(session, unit))


from . import division_views, line_views, position_views, unit_views  # noqa: E402, F401  (routes join bp)
