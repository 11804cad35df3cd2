"""The worker process's one app, created once and reused by every job."""
from functools import cache

from webapp import create_app


@cache
def get_app():
    """Create the app from the environment on first use."""
    return create_app()
