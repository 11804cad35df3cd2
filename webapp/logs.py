"""Structured logs: one JSON object per line, each carrying the request id (taken from the proxy's X-Request-ID
when it is a sane token, else made here, and sent back in the response) or, in the worker, the RQ job id. Every
request ends with one access line (method, path, status, duration, account). LOG_FORMAT=text keeps plain lines."""
import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from flask import Flask, g, has_request_context, request

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_job_id: ContextVar[str] = ContextVar("job_id", default="")
access_log = logging.getLogger("webapp.access")


class JsonFormatter(logging.Formatter):
    """A record as one JSON line: time (UTC, ISO 8601), level, logger, message, request_id or job_id, and the
    record's extra `fields` (the access line's); an exception's traceback under `exc`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update(context_ids())
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)

    converter = time.gmtime


def context_ids() -> dict:
    """The request id inside a request, the job id inside a job, else nothing."""
    if has_request_context() and "request_id" in g:
        return {"request_id": g.request_id}
    job = _job_id.get()
    return {"job_id": job} if job else {}


def set_job(job_id: str) -> None:
    """Name the job every following line of this process belongs to (the worker's horse)."""
    _job_id.set(job_id)


def configure(level: str = "INFO", form: str = "json") -> None:
    """The root logger writes to stderr, as JSON lines (or plain text); called once per process."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if form == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def init_app(app: Flask) -> None:
    """A request id for every request, echoed in X-Request-ID, and the access line at its end."""
    if not app.config.get("TESTING") and app.config.get("LOG_FORMAT", "json") != "none":
        configure(app.config.get("LOG_LEVEL", "INFO"), app.config.get("LOG_FORMAT", "json"))
    app.before_request(_start)
    app.after_request(_finish)


def _start() -> None:
    """The proxy's id when it is a sane token (nginx's $request_id), else a new one."""
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    """Send the id back and write the access line."""
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("request_started")
    if started is not None and request.endpoint != "static":
        from flask_login import current_user

        access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={"fields": {
            "method": request.method, "path": request.path, "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1), "endpoint": request.endpoint or "",
            "account_id": getattr(current_user, "account_id", None), "remote": request.remote_addr}})
    return response
