"""The versioned JSON API under /api/v1: bearer tokens of integration clients, problem documents for every
failure, the OpenAPI document. Route modules declare their operations with routes.operation."""
from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

from . import caller, problems
from .problems import ApiProblem, is_api_request
from .routes import bp

__all__ = ["bp", "init_app"]


class CookieFreeOnApi(SecureCookieSessionInterface):
    """The session cookie is neither read nor written on /api/: a signed-in browser gets no access there."""

    def open_session(self, app, request):
        """An empty session for API paths, else the cookie's."""
        if request.path.startswith(problems.API_PREFIX):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        """Never a Set-Cookie on an API answer."""
        if request.path.startswith(problems.API_PREFIX):
            return
        super().save_session(app, session, response)


def _after(response):
    """No caching of API answers; every call in the application log with its client."""
    if is_api_request():
        response.headers.setdefault("Cache-Control", "no-store")
        caller.log_call(response.status_code)
    return response


def init_app(app: Flask) -> None:
    """Register the API's routes, its session rule and its problem answers."""
    from . import assignments, docs_views, index_out, results, work_events  # noqa: F401  (their operations join)

    app.session_interface = CookieFreeOnApi()
    app.register_blueprint(bp)
    app.register_error_handler(ApiProblem, problems.response)
    app.after_request(_after)
