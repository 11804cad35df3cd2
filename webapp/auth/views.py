"""Login and logout."""
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..clock import utcnow
from ..db import get_session
from ..formatting import vn_datetime
from ..htmx import redirect_to
from .forms import LoginForm
from . import service

bp = Blueprint("auth", __name__)


def is_local_path(target: str | None) -> bool:
    """True for a path of this site (never another host: no open redirect)."""
    return bool(target and target.startswith("/") and not target.startswith("//") and "\\" not in target
                and not urlsplit(target).netloc)


def _safe_next(target: str | None) -> str:
    """Only follow a local path after login (no open redirect)."""
    return target if is_local_path(target) else url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; sign in on valid credentials."""
    form = LoginForm(request.form)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.validate():
        outcome = service.attempt_login(get_session(), form.username.data, form.password.data,
                                        request.remote_addr or "")
        if outcome.actor:
            login_user(outcome.actor)
            if outcome.actor.must_change_password:  # straight to the form every other page would lead to
                return redirect_to(url_for("auth.password"))
            return redirect_to(_safe_next(request.args.get("next")))
        if outcome.retry_after:
            form.password.errors.append(throttled_message(outcome.retry_after))
            status = 429
        else:
            form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
    return render_template("auth/login.html", form=form), status


def throttled_message(seconds: int) -> str:
    """When to try again, in minutes and as a local time."""
    minutes = -(-seconds // 60)
    at = vn_datetime(utcnow() + timedelta(seconds=seconds))
    return (f"Đăng nhập sai quá nhiều lần: tạm khóa đăng nhập, kể cả với mật khẩu đúng. "
            f"Vui lòng thử lại sau {minutes} phút (từ {at}).")


@bp.post("/logout")
@login_required
def logout():
    """Sign out (every session of the account ends) and go back to the login page."""
    service.logout(get_session(), current_user)
    logout_user()
    return redirect_to(url_for("auth.login"))
