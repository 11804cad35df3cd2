"""The authorization matrix: every route of the URL map, asked by everyone of authz_world.LABELS about one member of
staff of Sở Nội vụ and their things, answers as tests/integration/authz_matrix.py says — allowed (any answer but
a refusal) or refused (401, 403, 404; a redirect to the login page for someone not signed in). A route missing
from the matrix fails until it is classified. Each request runs in a savepoint rolled back after it, so an
allowed write changes nothing for the next one; a server error fails whoever asked."""
import json
import os

import pytest

from webapp import create_app
from webapp.db import new_session

from .authz_client import answer, form_of, refused, signed_in, url_of
from .authz_matrix import MATRIX
from .authz_world import LABELS, build

UNCLASSIFIED = "Chưa phân loại quyền truy cập"


def _routes(app) -> list[tuple[str, str]]:
    """(endpoint, method) of every route but the static files."""
    return sorted((rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
                  for method in rule.methods - {"HEAD", "OPTIONS"})


ROUTES = _routes(create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "REDIS_URL": None}))


@pytest.fixture(scope="module")
def matrix_world(engine, database_url, tmp_path_factory):
    """One world for the module, inside a transaction rolled back at the end."""
    with engine.connect() as connection:
        outer = connection.begin()
        app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url,
                          "TEST_DB_BIND": connection, "REDIS_URL": None,
                          "STORAGE_DIR": str(tmp_path_factory.mktemp("authz"))})
        with app.app_context(), new_session(app) as session:
            world = build(session)
            clients = {label: signed_in(app, world.accounts[label]) for label in LABELS}
            yield app, connection, world, clients
        outer.rollback()


def test_every_route_is_classified():
    missing = [f"{method} {endpoint}" for endpoint, method in ROUTES if f"{method} {endpoint}" not in MATRIX]
    stale = sorted(set(MATRIX) - {f"{method} {endpoint}" for endpoint, method in ROUTES})
    assert not missing, f"{UNCLASSIFIED}: {missing} — add them to tests/integration/authz_matrix.py"
    assert not stale, f"Routes no longer in the app: {stale}"


@pytest.mark.parametrize("endpoint,method", ROUTES, ids=[f"{m} {e}" for e, m in ROUTES])
def test_the_route_answers_each_asker_as_the_matrix_says(matrix_world, endpoint, method):
    app, connection, world, clients = matrix_world
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods)
    url, form = url_of(rule, world), form_of(endpoint, world)
    allowed = set(MATRIX.get(f"{method} {endpoint}", "").split())
    outcomes = {}
    for label in LABELS:
        savepoint = connection.begin_nested()
        response = answer(clients[label], method, url, form)
        savepoint.rollback()
        assert response.status_code < 500, f"{label}: {method} {url} → {response.status_code}"
        outcomes[label] = not refused(response)
        response.close()  # a file download holds its file open until closed
    _record(endpoint, method, outcomes)
    wrong = {label: ("allowed" if ok else "refused") for label, ok in outcomes.items() if ok != (label in allowed)}
    assert not wrong, f"{method} {url}: {wrong}"


def _record(endpoint: str, method: str, outcomes: dict) -> None:
    """With AUTHZ_RECORD=<file>, append what happened (to review a new route's row before classifying it)."""
    path = os.environ.get("AUTHZ_RECORD")
    if path:
        with open(path, "a") as handle:
            allowed = " ".join(label for label in LABELS if outcomes[label])
            handle.write(json.dumps({"route": f"{method} {endpoint}", "allowed": allowed}) + "\n")
