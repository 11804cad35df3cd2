"""The OpenAPI 3.1 document validates, and it describes exactly the API's routes."""
import re

from openapi_spec_validator import validate

PREFIX = "/api/v1"


def _document(client) -> dict:
    """The served document."""
    response = client.raw.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_served_document_is_valid_openapi_3_1(client):
    document = _document(client)
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_of_the_api_is_in_the_document_and_every_documented_operation_exists(app, client):
    routes = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX)), method.lower())
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, methods in _document(client)["paths"].items() for method in methods}
    assert routes == documented


def test_every_operation_with_a_scope_answers_problems_and_names_its_scope(client):
    for path, methods in _document(client)["paths"].items():
        for method, operation in methods.items():
            if operation["security"]:
                assert {"401", "403", "429"} <= operation["responses"].keys(), (method, path)
                assert operation["x-scope"] in {"work:write", "assignments:write", "results:read", "catalogue:read"}


def test_the_readable_page_lists_every_operation_without_a_javascript_viewer(client):
    response = client.raw.get(f"{PREFIX}/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "text/html" in response.content_type
    for path, methods in _document(client)["paths"].items():
        for operation in methods.values():
            assert f'id="op-{operation["operationId"]}"' in html and path in html
    assert "WorkEvent" in html and "swagger" not in html.lower()
