"""Enqueue background work on RQ, or run it in-process when no REDIS_URL is configured."""
from typing import Any

from flask import Flask, current_app

JOB_TIMEOUT = 600


def get_queue(app: Flask | None = None):
    """The app's RQ queue, or None in the one-machine demo (no Redis)."""
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    if "rq_queue" not in app.extensions:
        from redis import Redis
        from rq import Queue

        app.extensions["rq_queue"] = Queue("default", connection=Redis.from_url(
            url, socket_connect_timeout=2, socket_timeout=5))  # Redis down: answer within seconds
    return app.extensions["rq_queue"]


def enqueue(func: str, *args: Any, **kwargs: Any) -> str | None:
    """Queue a job by dotted path (the worker imports it); without Redis, run it now."""
    queue = get_queue()
    if queue is None:
        from importlib import import_module

        module, name = func.rsplit(".", 1)
        getattr(import_module(module), name)(*args, **kwargs)
        return None
    from rq import Retry

    job = queue.enqueue(func, *args, job_timeout=JOB_TIMEOUT, retry=Retry(max=1), **kwargs)
    return job.id
