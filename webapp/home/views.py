"""The home page by role."""
from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required

from ..db import get_session
from ..org.service import units_by_bloc
from .readiness import readiness
from .service import home_context

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    """Trang chủ: the actor's place and where to go next."""
    session = get_session()
    context = home_context(session, current_user)
    if current_user.role in {"organiser", "admin"}:
        context["blocs"] = units_by_bloc(session, current_user)
    return render_template("home/index.html", **context)


@bp.get("/readyz")
def readyz():
    """Readiness for the load balancer: PostgreSQL answers a query and Redis (when configured) a PING, within a
    couple of seconds; 503 naming what failed otherwise. No login; nothing about the data."""
    checks = readiness()
    status = 200 if all(ok for ok in checks.values()) else 503
    body = {"status": "ok" if status == 200 else "unavailable",
            "checks": {name: "ok" if ok else "failed" for name, ok in checks.items()}}
    return jsonify(body), status, {"Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers and the benchmarks: no login, no database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
