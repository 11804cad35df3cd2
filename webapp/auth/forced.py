"""While an account must change its password, every page but the change form, logout and static leads there."""
from flask import make_response, redirect, request, url_for
from flask_login import current_user

ALLOWED_ENDPOINTS = {"auth.password", "auth.logout", "auth.reset_by_link", "static"}


def require_password_change():
    """Send a signed-in user who must change their password to the change form (htmx: 401 + HX-Redirect)."""
    if request.endpoint in ALLOWED_ENDPOINTS or not getattr(current_user, "must_change_password", False):
        return None
    target = url_for("auth.password")
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)
