"""htmx helpers: page-or-fragment rendering, Vary, and redirects that work inside htmx."""
from flask import Flask, Response, make_response, redirect, render_template, request
from flask_htmx import HTMX

htmx_ext = HTMX()


def is_partial() -> bool:
    """True for an htmx request that wants a fragment (not a history restore, not boosted)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-History-Restore-Request") != "true"
        and headers.get("HX-Boosted") != "true"
    )


def render(page: str, fragment: str, status: int = 200, **context) -> Response:
    """Render the whole page, or only its fragment for htmx."""
    template = fragment if is_partial() else page
    return make_response(render_template(template, **context), status)


def redirect_to(url: str) -> Response:
    """Redirect a plain request with 303, an htmx request with HX-Redirect."""
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, 303)


def _vary(response: Response) -> Response:
    """Caches must key pages and fragments apart."""
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    """Register flask-htmx and the Vary header."""
    htmx_ext.init_app(app)
    app.after_request(_vary)
