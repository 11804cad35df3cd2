"""Every query-string and form value passes text.clean once, before any view or form reads it."""
from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

from .forms import INT_MAX
from .text import clean


class CleanParameters(ImmutableMultiDict):
    """Request parameters with their text cleaned (files are left as they are)."""

    def __init__(self, mapping=None):
        pairs = MultiDict(mapping).items(multi=True) if mapping is not None else ()
        super().__init__([(clean(key), clean(value) if isinstance(value, str) else value) for key, value in pairs])


class CleanRequest(Request):
    """Flask's request with cleaned parameters: a NUL byte or a bidi override never reaches a query."""

    parameter_storage_class = CleanParameters


class IdConverter(IntegerConverter):
    """`<int:…>` in a path: only what fits PostgreSQL's INTEGER, so a 21-digit id is a 404, not a 500."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Clean parameters and bounded ids for every request (before any blueprint adds its rules)."""
    app.request_class = CleanRequest
    app.url_map.converters["int"] = IdConverter
