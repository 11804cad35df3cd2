"""Who may call the API: bearer tokens of integration clients (missing, wrong, revoked, rotated), their scopes,
and that a browser's session cookie opens nothing there."""
import pytest
from sqlmodel import select

from webapp.api import clients
from webapp.models import ApiClient, AuditLog

from .api_data import admin, bearer, client_for, event, post_json
from .worklog_data import team, working_day

EVENTS = "/api/v1/work-events"


def _problem(response, status: int, code: str) -> dict:
    """The response is a problem document with this status and code."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["code"] == code and body["detail"] and body["title"]
    return body


def _body(session):
    """A valid work event of the team's staff member."""
    t = team(session)
    return event({"username": t.staff.username}, working_day(session))


def test_a_call_without_a_token_is_a_401_problem_naming_the_bearer_scheme(client, session):
    response = client.raw.post(EVENTS, json=_body(session))
    _problem(response, 401, "missing_token")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("token", ["okr_000000000000_" + "A" * 43, "not-a-token", "Bearer"])
def test_an_unknown_or_malformed_token_is_a_401_problem(client, session, token):
    client_for(session)
    _problem(post_json(client.raw, EVENTS, token, _body(session)), 401, "invalid_token")


def test_a_token_with_the_right_prefix_but_a_wrong_secret_is_refused(client, session):
    _, token = client_for(session)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    _problem(post_json(client.raw, EVENTS, forged, _body(session)), 401, "invalid_token")


def test_a_revoked_token_is_refused(client, session):
    api_client, token = client_for(session)
    clients.revoke(session, admin(session), api_client.id)
    _problem(post_json(client.raw, EVENTS, token, _body(session)), 401, "revoked_token")


def test_after_rotation_the_old_token_stops_and_the_new_one_works(client, session):
    api_client, old = client_for(session)
    new = clients.rotate(session, admin(session), api_client.id).token
    _problem(post_json(client.raw, EVENTS, old, _body(session)), 401, "invalid_token")
    assert post_json(client.raw, EVENTS, new, _body(session)).status_code == 201


def test_only_the_tokens_hash_is_stored(session):
    api_client, token = client_for(session)
    stored = session.get(ApiClient, api_client.id)
    assert token not in (stored.token_hash, stored.token_prefix) and len(stored.token_hash) == 64


def test_a_client_without_the_scope_gets_a_403_problem_and_nothing_is_written(client, session):
    _, token = client_for(session, scopes=("results:read",))
    before = session.exec(select(AuditLog.id).order_by(AuditLog.id.desc())).first()
    _problem(post_json(client.raw, EVENTS, token, _body(session)), 403, "insufficient_scope")
    assert session.exec(select(AuditLog.id).order_by(AuditLog.id.desc())).first() == before


def test_a_signed_in_browser_session_is_not_accepted_on_the_api(login, session):
    t = team(session)
    browser = login(t.staff.username)
    response = browser.raw.post(EVENTS, json=_body(session), headers={"X-CSRFToken": browser.token})
    _problem(response, 401, "missing_token")
    assert "Set-Cookie" not in response.headers


def test_the_api_needs_no_csrf_token_with_a_bearer_token(client, session):
    _, token = client_for(session)
    assert post_json(client.raw, EVENTS, token, _body(session)).status_code == 201


def test_the_last_use_of_a_client_is_noted(client, session):
    api_client, token = client_for(session)
    post_json(client.raw, EVENTS, token, _body(session))
    session.expire_all()
    assert session.get(ApiClient, api_client.id).last_used_at is not None


def test_registering_rotating_and_revoking_are_audited(session):
    api_client, _ = client_for(session)
    clients.rotate(session, admin(session), api_client.id)
    clients.revoke(session, admin(session), api_client.id)
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "apiclient",
                                                         AuditLog.entity_id == api_client.id)).all()
    assert sorted(actions) == ["api_client_registered", "api_client_revoked", "api_client_rotated"]


def test_unknown_paths_and_wrong_methods_of_the_api_are_problems_not_pages(client):
    _problem(client.raw.get("/api/v1/no-such-thing"), 404, "not_found")
    response = client.raw.get(EVENTS)
    _problem(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]
