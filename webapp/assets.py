"""Fingerprinted static URLs: url_for('static', …) carries ?v=<first 10 hex of the file's SHA-256>, so the proxy
may cache static files for a year (Cache-Control: immutable) and a new release is fetched at once. The hashes are
computed once per file and process."""
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the fingerprint to every static URL the templates build."""
    folder = Path(app.static_folder)

    @app.url_defaults
    def _fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = fingerprint(folder / values["filename"])
            if version:
                values["v"] = version


@lru_cache(maxsize=512)
def fingerprint(path: Path) -> str:
    """The file's short content hash, or "" when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except OSError:
        return ""
