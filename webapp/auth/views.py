"""Login and logout."""
from urllib.parse import urlsplit

from flask import Blueprint, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from ..db import get_session
from ..htmx import redirect_to
from .forms import LoginForm
from .service import authenticate

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow a local path after login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; sign in on valid credentials."""
    form = LoginForm(request.form)
    if request.method == "POST" and form.validate():
        actor = authenticate(get_session(), form.username.data, form.password.data)
        if actor:
            login_user(actor)
            return redirect_to(_safe_next(request.args.get("next")))
        form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out and go back to the login page."""
    logout_user()
    return redirect_to(url_for("auth.login"))
