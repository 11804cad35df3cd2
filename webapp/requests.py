"""Every query-string and form value passes text.clean once, before any view or form reads it."""
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from .text import clean


class CleanParameters(ImmutableMultiDict):
    """Request parameters with their text cleaned (files are left as they are)."""

    def __init__(self, mapping=None):
        pairs = MultiDict(mapping).items(multi=True) if mapping is not None else ()
        super().__init__([(clean(key), clean(value) if isinstance(value, str) else value) for key, value in pairs])


class CleanRequest(Request):
    """Flask's request with cleaned parameters: a NUL byte or a bidi override never reaches a query."""

    parameter_storage_class = CleanParameters
