"""The app behind gzip, standing for the production reverse proxy (nginx `gzip on`) in benchmarks.

The app itself does not compress (flask-compress is not in the stack); production puts nginx or a
load balancer with gzip in front of it. gunicorn serves `gzip_wsgi:app` with `--pythonpath bench/`
and the checkout to measure as its working directory, so an older checkout can be measured too.
`/bench-static/<name>` answers the file <name>.html of BENCH_STATIC_DIR as it is (floors: no server work).
"""
import gzip
import os

from webapp import create_app

COMPRESSIBLE = ("text/html", "text/css", "application/javascript", "text/javascript")


def _compressing(inner):
    """A WSGI middleware gzipping text answers for clients that accept gzip (level 6, as nginx's default is 1–6)."""

    def middleware(environ, start_response):
        """Buffer the answer, gzip it when worth it, fix the headers."""
        if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
            return inner(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        body = b"".join(inner(environ, capture))
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if kind.startswith(COMPRESSIBLE) and len(body) > 256:
            body = gzip.compress(body, 6)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        start_response(captured["status"], headers + [("Content-Length", str(len(body)))])
        return [body]

    return middleware


def _static_floor(inner):
    """Answer /bench-static/<name> with a fixed HTML file, without touching the app."""

    def middleware(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/bench-static/"):
            return inner(environ, start_response)
        name = os.path.basename(path)
        with open(os.path.join(os.environ["BENCH_STATIC_DIR"], f"{name}.html"), "rb") as f:
            body = f.read()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]

    return middleware


app = _compressing(_static_floor(create_app()))
