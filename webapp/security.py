"""Security headers on every response: a Content-Security-Policy without inline script or style, no framing,
no type sniffing, same-origin referrers, and HSTS when the request came over HTTPS."""
from flask import Flask, Response, request

# Only files from static/ run or style the page: no inline <script>, on*= handler, hx-on, style= or <style>
# in templates (static/js/app.js holds the small behaviours that used them; htmx runs with allowEval false).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def add_headers(response: Response) -> Response:
    """Set the headers unless a view chose its own."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers that ignore CSP
    headers.setdefault("Referrer-Policy", "same-origin")
    # request.is_secure also holds behind a proxy when TRUSTED_PROXIES lets ProxyFix read X-Forwarded-Proto.
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """Run add_headers after every request, error pages and static files included."""
    app.after_request(add_headers)
