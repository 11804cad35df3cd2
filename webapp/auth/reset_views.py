"""One-time reset links: made by the officer or admin (shown once), opened by the account's owner."""
from flask import flash, make_response, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..forms import apply_form
from ..htmx import redirect_to
from . import reset_links
from .forms import SetPasswordForm
from .views import bp


def _private(response):
    """Never cached, and the token in the address never leaks through a Referer header."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/accounts/<int:account_id>/reset-link")
@login_required
def make_reset_link(account_id: int):
    """A new one-time link (earlier ones void), shown once on a printable page."""
    account, token = reset_links.make_link(get_session(), current_user._get_current_object(), account_id)
    link = url_for("auth.reset_by_link", token=token, _external=True)
    return _private(make_response(render_template("auth/reset_link_done.html", account=account, link=link)))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_by_link(token: str):
    """Set a new password through a link: once, before it expires; every session of the account ends."""
    _, account = reset_links.usable_link(get_session(), token)
    form = SetPasswordForm(request.form)
    if request.method == "POST":
        if apply_form(form, lambda: reset_links.use_link(get_session(), token, form.new_password.data,
                                                         form.repeated_password.data)):
            flash("Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới.")
            return _private(redirect_to(url_for("auth.login")))
    status = 422 if request.method == "POST" else 200
    return _private(make_response(render_template("auth/reset_link.html", form=form, account=account), status))
