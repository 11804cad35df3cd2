"""Session lifetime and idle timeout: a signed-in session ends SESSION_LIFETIME_HOURS after login, or after
SESSION_IDLE_MINUTES without a request; the user is then sent to the login page with a message."""
from flask import Flask, current_app, flash, request, session
from flask_login import logout_user, user_logged_in

from ..clock import utcnow

# Rewrite the cookie for "last seen" at most once a minute: not a new Set-Cookie on every request.
_SEEN_RESOLUTION = 60


def _now() -> int:
    """Seconds since the epoch, UTC."""
    return int(utcnow().timestamp())


def _started(sender, user, **extra) -> None:
    """At login: the session is permanent (the cookie carries the lifetime) and its clocks start."""
    session.permanent = True
    session["signed_in_at"] = session["seen_at"] = _now()


def expiry_message(now: int) -> str | None:
    """Why the current session has expired, or None while it is alive."""
    config = current_app.config
    if now - session.get("signed_in_at", 0) > config["SESSION_LIFETIME_HOURS"] * 3600:
        return (f"Phiên đăng nhập đã quá {config['SESSION_LIFETIME_HOURS']} giờ và đã kết thúc. "
                "Vui lòng đăng nhập lại.")
    if now - session.get("seen_at", 0) > config["SESSION_IDLE_MINUTES"] * 60:
        return (f"Phiên đăng nhập đã kết thúc vì không hoạt động quá {config['SESSION_IDLE_MINUTES']} phút. "
                "Vui lòng đăng nhập lại.")
    return None


def check_session():
    """Before each request: end an expired session and send the user to login (htmx: 401 + HX-Redirect), before
    the CSRF check would refuse a write whose token died with the session; or note that the session was used."""
    if "_user_id" not in session or request.endpoint in ("static", "auth.login"):
        return None
    now = _now()
    message = expiry_message(now)
    if message:
        logout_user()
        session.clear()
        flash(message)
        return current_app.login_manager.unauthorized()
    if now - session.get("seen_at", 0) >= _SEEN_RESOLUTION:
        session["seen_at"] = now
    return None


def init_app(app: Flask) -> None:
    """Start the clocks at login and check them on every request (before the user is loaded)."""
    user_logged_in.connect(_started, app)
    app.before_request(check_session)
