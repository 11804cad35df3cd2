"""No API call reaches a unit outside the client's list: each operation with a scope is called for a unit the
client may not act for, by a client holding every scope, and must answer 403 unit_not_allowed and change nothing.

A new operation must add its call to CALLS (the first test fails until it does)."""
import pytest
from sqlmodel import func, select

from webapp.api import openapi
from webapp.models import AuditLog, WorkSuggestion

from .api_data import ALL_SCOPES, OTHER_UNIT, client_for, event
from .worklog_data import team, working_day


def _work_event(session) -> tuple[str, str, dict | None]:
    """A work event of a staff member of Sở Nội vụ."""
    return "POST", "/api/v1/work-events", event({"username": team(session).staff.username}, working_day(session))


def _assignment(session) -> tuple[str, str, dict | None]:
    """The division manager of Sở Nội vụ gives work to one of their staff."""
    t = team(session)
    return "POST", "/api/v1/assignments", {
        "external_id": "GV-1", "assignee": {"username": t.staff.username}, "assigned_by": {"username": t.manager.username},
        "item_code": "SNV-010", "quantity": "1", "deadline": working_day(session).isoformat()}


# operationId → (session → (method, path, JSON body or None)) aimed at Sở Nội vụ
CALLS = {
    "post_work_event": _work_event,
    "post_assignment": _assignment,
    "unit_results": lambda session: ("GET", "/api/v1/units/so-noi-vu/results?month=2026-07", None),
    "unit_catalogue": lambda session: ("GET", "/api/v1/units/so-noi-vu/catalogue", None),
    "unit_index": lambda session: ("GET", "/api/v1/units/so-noi-vu/index?month=2026-07", None),
}


def test_every_operation_with_a_scope_has_a_call_here():
    scoped = {op["operationId"] for _, _, op in openapi.operations() if op["security"]}
    assert scoped - CALLS.keys() == set(), "add the operation's call to CALLS"


@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_a_call_for_a_unit_outside_the_clients_list_is_refused(client, session, operation_id):
    _, token = client_for(session, unit_codes=(OTHER_UNIT,), scopes=ALL_SCOPES)
    method, path, body = CALLS[operation_id](session)
    before = [session.exec(select(func.count()).select_from(m)).one() for m in (AuditLog, WorkSuggestion)]
    response = client.raw.open(path, method=method, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and response.mimetype == "application/problem+json"
    assert response.get_json(force=True)["code"] == "unit_not_allowed"
    assert [session.exec(select(func.count()).select_from(m)).one() for m in (AuditLog, WorkSuggestion)] == before
