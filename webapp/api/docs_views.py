"""The OpenAPI document and a readable page of it (server-rendered, no script)."""
from flask import render_template

from . import openapi
from .routes import answer, operation


@operation("GET", "/openapi.json", scope=None, summary="Tài liệu OpenAPI 3.1 của API", tag="Tài liệu",
           responses={"200": {"description": "Tài liệu OpenAPI", "content": {"application/json": {
               "schema": {"type": "object"}}}}})
def openapi_document():
    """The OpenAPI 3.1 document of /api/v1."""
    return answer(openapi.document())


@operation("GET", "/docs", scope=None, summary="Trang mô tả API (HTML)", tag="Tài liệu",
           responses={"200": {"description": "Trang HTML", "content": {"text/html": {"schema": {"type": "string"}}}}})
def docs_page():
    """The list of operations with their scopes, parameters and bodies, for the people wiring a system."""
    document = openapi.document()
    return render_template("api/docs.html", document=document, operations=openapi.operations(),
                           schemas=document["components"]["schemas"])
