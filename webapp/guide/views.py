"""Hướng dẫn sử dụng: the index (the reader's role first), a page per role, the PDF."""
from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..htmx import redirect_to
from ..reports.naming import labels_of
from ..reports.service import JOB_KINDS
from . import service
from .content import BY_SLUG, WHEN_LABELS, pages_for

bp = Blueprint("guide", __name__)


def _shot_src(name: str) -> str:
    """A screenshot's address on the web page."""
    return url_for("static", filename=f"guide/{name}")


@bp.get("/huong-dan")
@login_required
def index():
    """Every role's page, the reader's own first with its contents; the PDF job if any."""
    session = get_session()
    job = service.latest_job(session, current_user, request.args.get("job", type=int))
    return render_template("guide/index.html", pages=pages_for(current_user.role), job=job, kinds=JOB_KINDS,
                           labels=labels_of(session, [job] if job else []), when_labels=WHEN_LABELS)


@bp.get("/huong-dan/<slug>")
@login_required
def page(slug: str):
    """One role's page."""
    guide_page = BY_SLUG.get(slug) or abort(404)
    return render_template("guide/page.html", page=guide_page, when_labels=WHEN_LABELS, pdf=False,
                           shot_src=_shot_src)


@bp.post("/huong-dan/pdf")
@login_required
def pdf():
    """Ask for the printable guide; the index shows the job until its file is ready."""
    job = service.request_pdf(get_session(), current_user)
    return redirect_to(url_for(".index", job=job.id, _anchor="ban-in"))
