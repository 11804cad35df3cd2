"""Changing one's password; the officer's and admin's accounts page (reset, deactivate, reactivate)."""
from flask import flash, make_response, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from ..db import get_session
from ..forms import apply_form
from ..htmx import redirect_to
from . import accounts
from .actor import ROLE_LABELS
from .forms import ChangePasswordForm
from .service import change_password
from .views import bp, is_local_path


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """The change-password form; a forced change shows why it is asked."""
    form = ChangePasswordForm(request.form)
    if request.method == "POST":
        actor = apply_form(form, lambda: change_password(get_session(), current_user._get_current_object(),
                                                         form.current_password.data, form.new_password.data,
                                                         form.repeated_password.data))
        if actor:
            login_user(actor)  # the other sessions ended with the old password; this one goes on
            flash("Đã đổi mật khẩu.")
            return redirect_to(url_for("home.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status


@bp.get("/accounts")
@login_required
def account_list():
    """The accounts the personnel officer (their unit) or the admin (all) manage."""
    actor, unit_code = current_user._get_current_object(), request.args.get("unit", "")[:64]
    rows = accounts.accounts_in_scope(get_session(), actor, unit_code)
    return render_template("auth/accounts.html", rows=rows, role_labels=ROLE_LABELS, unit_code=unit_code,
                           units=accounts.units_to_pick(get_session(), actor))


@bp.post("/accounts/<int:account_id>/reset-password")
@login_required
def reset_password(account_id: int):
    """A temporary password, shown once on this page only (never stored in clear, never cached)."""
    account, temporary = accounts.reset_password(get_session(), current_user._get_current_object(), account_id)
    response = make_response(render_template("auth/reset_done.html", account=account, temporary=temporary))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/accounts/<int:account_id>/deactivate")
@login_required
def deactivate(account_id: int):
    """Lock the account: it can no longer sign in, its open sessions stop working."""
    account = accounts.set_active(get_session(), current_user._get_current_object(), account_id, False)
    flash(f"Đã khóa tài khoản {account.username}.")
    return redirect_to(_back())


@bp.post("/accounts/<int:account_id>/reactivate")
@login_required
def reactivate(account_id: int):
    """Unlock the account."""
    account = accounts.set_active(get_session(), current_user._get_current_object(), account_id, True)
    flash(f"Đã mở khóa tài khoản {account.username}.")
    return redirect_to(_back())


def _back() -> str:
    """Back to the page the button was on (the staff list has them too), or to the accounts list."""
    target = request.form.get("next", "")
    return target if is_local_path(target) else url_for("auth.account_list")
