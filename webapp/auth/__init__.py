"""Accounts: Flask-Login wiring, the unauthorised answer for htmx, and the blueprint."""
from flask import Flask, g, make_response, redirect, request, url_for
from flask_login import LoginManager

from ..db import get_session
from . import account_views, reset_views  # noqa: F401  (their routes join the blueprint)
from . import expiry
from .actor import Actor
from .forced import require_password_change
from .service import load_actor
from .views import bp

login_manager = LoginManager()

__all__ = ["Actor", "bp", "init_app", "login_manager"]


@login_manager.user_loader
def _load_user(account_id: str):
    """The actor behind the session cookie."""
    return load_actor(get_session(), account_id)


@login_manager.unauthorized_handler
def _unauthorized():
    """htmx gets 401 + HX-Redirect (never the login form inside a fragment); others a redirect."""
    login_url = url_for("auth.login", next=request.full_path.rstrip("?") if request.method == "GET" else None)
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 401)
        response.headers["HX-Redirect"] = login_url
        return response
    return redirect(login_url)


def _forget_cached_user() -> None:
    """Flask-Login caches the user on `g`, which lives as long as the app context: a request inside
    a longer app context (a test, a CLI command) must load its own user from its own cookie."""
    g.pop("_login_user", None)


def init_app(app: Flask) -> None:
    """Attach the login manager."""
    login_manager.init_app(app)
    app.before_request(_forget_cached_user)
    expiry.init_app(app)
    app.before_request(require_password_change)
