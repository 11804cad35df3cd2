"""Bad payloads of the API, each answered with a problem document, and nothing changed; the rate limit."""
import json

import pytest
from sqlmodel import func, select

from webapp.api import limits
from webapp.models import AuditLog, WorkSuggestion

from .api_data import bearer, client_for, event, post_json
from .worklog_data import team, working_day

EVENTS = "/api/v1/work-events"


@pytest.fixture
def sender(client, session):
    """(post(body or raw bytes, content type), the staff member's valid event, the counts before)."""
    t = team(session)
    _, token = client_for(session)

    def post(body, content_type: str = "application/json"):
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return client.raw.post(EVENTS, data=data, headers={**bearer(token), "Content-Type": content_type})

    return post, event({"username": t.staff.username}, working_day(session))


def _written(session) -> tuple[int, int]:
    """Suggestions and audit records."""
    return (session.exec(select(func.count()).select_from(WorkSuggestion)).one(),
            session.exec(select(func.count()).select_from(AuditLog)).one())


def _problem(response, status: int, code: str) -> dict:
    """A problem document with this status and code."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["code"] == code and body["status"] == status and body["detail"]
    return body


def _fields(body: dict) -> set[str]:
    """The fields a problem names."""
    return {error["field"] for error in body["errors"]}


@pytest.mark.parametrize("field", ["external_id", "person", "date"])
def test_a_missing_required_field_is_named_in_the_problem(sender, session, field):
    post, valid = sender
    before = _written(session)
    body = _problem(post({k: v for k, v in valid.items() if k != field}), 422, "invalid_payload")
    assert field in _fields(body) and _written(session) == before


@pytest.mark.parametrize("change, field", [
    ({"external_id": 12}, "external_id"),
    ({"date": "30/11/2026"}, "date"),
    ({"date": 20261130}, "date"),
    ({"quantity": "nhiều"}, "quantity"),
    ({"quantity": True}, "quantity"),
    ({"person": "snv.someone"}, "person"),
    ({"person": {"username": 5}}, "person.username"),
    ({"document": {"number": "1/QĐ", "date": "2026-13-01"}}, "document.date"),
    ({"document": {"number": "1/QĐ", "link": "javascript:alert(1)"}}, "document.link"),
    ({"quantity": "0"}, "quantity"),
    ({"unexpected": 1}, "unexpected"),
    ({"external_id": "x" * 101}, "external_id"),
])
def test_a_field_of_the_wrong_type_or_value_is_named_in_the_problem(sender, session, change, field):
    post, valid = sender
    before = _written(session)
    body = _problem(post({**valid, **change}), 422, "invalid_payload" if field != "document.link" and
                    change.get("quantity") != "0" else "invalid_event")
    assert field in _fields(body) and _written(session) == before


def test_every_error_of_a_payload_is_listed_at_once(sender, session):
    post, _ = sender
    body = _problem(post({"date": "hôm qua", "quantity": []}), 422, "invalid_payload")
    assert {"external_id", "person", "date", "quantity"} <= _fields(body)


def test_both_an_item_code_and_a_document_type_is_refused(sender, session):
    post, valid = sender
    body = _problem(post({**valid, "document_type": "Quyết định"}), 422, "invalid_payload")
    assert "item_code" in _fields(body)


def test_an_event_without_document_number_or_task_reference_is_refused(sender, session):
    post, valid = sender
    body = _problem(post({**valid, "document": None}), 422, "invalid_payload")
    assert "document" in _fields(body)


@pytest.mark.parametrize("raw", [b"{not json", b"", b'{"quantity": NaN}', "{\"a\": 1".encode()])
def test_invalid_json_is_a_400_problem(sender, session, raw):
    post, _ = sender
    before = _written(session)
    _problem(post(raw), 400, "invalid_json")
    assert _written(session) == before


@pytest.mark.parametrize("body", [[], "\"text\"", "42"])
def test_json_that_is_not_an_object_is_refused(sender, session, body):
    post, _ = sender
    _problem(post(body if isinstance(body, str) else json.dumps(body)), 422, "invalid_payload")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_body_that_is_not_declared_as_json_is_a_415_problem(sender, session, content_type):
    post, valid = sender
    before = _written(session)
    _problem(post(json.dumps(valid), content_type), 415, "unsupported_media_type")
    assert _written(session) == before


def test_a_body_over_one_megabyte_is_a_413_problem(sender, session):
    post, valid = sender
    before = _written(session)
    _problem(post(json.dumps({**valid, "summary": "x" * (1024 * 1024)})), 413, "payload_too_large")
    assert _written(session) == before


def test_a_chunked_body_over_one_megabyte_is_a_413_problem(app, client, session):
    import io

    from werkzeug.test import EnvironBuilder

    _, token = client_for(session)
    raw = b'{"summary": "' + b"x" * (1100 * 1024) + b'"}'
    environ = EnvironBuilder(path=EVENTS, method="POST", input_stream=io.BytesIO(raw), headers={
        **bearer(token), "Content-Type": "application/json", "Transfer-Encoding": "chunked"}).get_environ()
    environ.pop("CONTENT_LENGTH", None)  # sent in chunks: the size is known only by reading
    environ["wsgi.input_terminated"] = True
    _problem(client.raw.open(app.request_class(environ)), 413, "payload_too_large")


def test_a_client_over_its_rate_limit_gets_429_with_retry_after(client, session):
    limits.reset_memory()
    t = team(session)
    _, token = client_for(session, rate=3)
    answers = [post_json(client.raw, EVENTS, token, event({"username": t.staff.username}, working_day(session),
                                                          external_id=f"VB-{n}")) for n in range(4)]
    assert [a.status_code for a in answers[:3]] == [201, 201, 201]
    _problem(answers[3], 429, "rate_limited")
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 60
    assert session.exec(select(func.count()).select_from(WorkSuggestion)).one() == 3


def test_the_rate_limit_counts_each_client_apart(client, session):
    limits.reset_memory()
    t = team(session)
    _, one = client_for(session, rate=1, name="QLVB")
    _, two = client_for(session, rate=1, name="Giao việc")
    body = event({"username": t.staff.username}, working_day(session))
    assert [post_json(client.raw, EVENTS, token, body).status_code for token in (one, two)] == [201, 201]
    assert post_json(client.raw, EVENTS, one, body).status_code == 429


def test_the_rate_limit_counts_on_redis_when_configured(app, client, session, monkeypatch):
    import fakeredis

    server = fakeredis.FakeRedis()
    monkeypatch.setitem(app.extensions, "api_limit_redis", server)
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://fake")
    limits.reset_memory()
    t = team(session)
    api_client, token = client_for(session, rate=1)
    body = event({"username": t.staff.username}, working_day(session))
    assert post_json(client.raw, EVENTS, token, body).status_code == 201
    assert post_json(client.raw, EVENTS, token, body).status_code == 429
    keys = server.keys(f"api:rate:{api_client.id}:*")
    assert len(keys) == 1 and 0 < server.ttl(keys[0]) <= 61
