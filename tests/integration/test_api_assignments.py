"""POST /api/v1/assignments over HTTP: scope, idempotency on the external id, update, cancel; every refusal a
problem document with nothing changed."""
from datetime import timedelta

import pytest
from sqlmodel import func, select

from webapp.clock import local_today
from webapp.models import Assignment, AuditLog, ExternalAssignment

from .api_data import OTHER_UNIT, client_for, post_json
from .worklog_data import team

PATH = "/api/v1/assignments"


def _body(t, external_id="GV-2026-0001", **fields) -> dict:
    """The manager gives SNV-010 × 3 to the staff member, due in a week."""
    body = {"external_id": external_id, "assignee": {"username": t.staff.username},
            "assigned_by": {"username": t.manager.username}, "item_code": "SNV-010", "quantity": "3",
            "deadline": (local_today() + timedelta(days=7)).isoformat(), "note": "Theo Kế hoạch số 12/KH-SNV"}
    body.update(fields)
    return {key: value for key, value in body.items() if value is not None}


def _counts(session) -> tuple[int, int, int]:
    return tuple(session.exec(select(func.count()).select_from(m)).one()
                 for m in (Assignment, ExternalAssignment, AuditLog))


@pytest.fixture
def token(session):
    """A task-assignment system's token for Sở Nội vụ."""
    return client_for(session, scopes=("assignments:write",), name="Hệ thống giao việc")[1]


def test_an_assignment_is_created_then_the_same_id_is_the_same_assignment(client, session, token):
    t = team(session)
    first = post_json(client.raw, PATH, token, _body(t))
    assert first.status_code == 201, first.get_data(as_text=True)
    body = first.get_json()
    assert (body["outcome"], body["status"], body["quantity"], body["item_code"]) == ("created", "active", "3.00",
                                                                                     "SNV-010")
    assert body["assignee"]["username"] == t.staff.username and body["assigned_by"]["username"] == t.manager.username
    before = _counts(session)
    again = post_json(client.raw, PATH, token, _body(t))
    assert again.status_code == 200 and again.get_json()["outcome"] == "unchanged"
    assert again.get_json()["id"] == body["id"] and _counts(session) == before


def test_sent_again_with_another_quantity_it_is_updated_and_cancelled_it_is_cancelled(client, session, token):
    t = team(session)
    created = post_json(client.raw, PATH, token, _body(t)).get_json()
    updated = post_json(client.raw, PATH, token, _body(t, quantity="5")).get_json()
    assert (updated["outcome"], updated["quantity"]) == ("updated", "5.00")
    cancelled = post_json(client.raw, PATH, token, _body(t, status="cancelled")).get_json()
    assert (cancelled["outcome"], cancelled["status"]) == ("cancelled", "cancelled") and cancelled["cancelled_at"]
    assert session.get(Assignment, created["id"]).cancelled_at is not None


def _refused(session, response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["code"] == code and body["detail"]
    if field:
        assert field in {error["field"] for error in body["errors"]}, body
    return body


@pytest.mark.parametrize("fields, status, code, field", [
    ({"item_code": "KHONG-CO"}, 422, "unknown_item", "item_code"),
    ({"quantity": "0"}, 422, "refused", "quantity"),
    ({"quantity": 3.5}, 201, None, None),  # a JSON number is read as a decimal
    ({"deadline": "15/12/2026"}, 422, "invalid_payload", "deadline"),
    ({"assignee": None}, 422, "invalid_payload", "assignee"),
    ({"assignee": {"national_id": "KHONG-CO"}}, 422, "unknown_person", "assignee"),
    ({"status": "paused"}, 422, "invalid_payload", "status"),
    ({"priority": "cao"}, 422, "invalid_payload", "priority"),
    ({"external_id": "x" * 101}, 422, "invalid_payload", "external_id"),
])
def test_bad_fields_are_problems_and_change_nothing(client, session, token, fields, status, code, field):
    t = team(session)
    before = _counts(session)
    response = post_json(client.raw, PATH, token, _body(t, **fields))
    if status == 201:
        assert response.status_code == 201 and response.get_json()["quantity"] == "3.50"
        return
    _refused(session, response, status, code, field)
    assert _counts(session) == before


def test_a_manager_who_does_not_manage_the_assignee_is_refused(client, session, token):
    t = team(session)
    before = _counts(session)
    _refused(session, post_json(client.raw, PATH, token, _body(t, assigned_by={"username": t.other_manager.username})),
             403, "forbidden")
    assert _counts(session) == before


def test_a_person_of_a_unit_outside_the_clients_list_is_refused(client, session):
    t = team(session)
    _, token = client_for(session, (OTHER_UNIT,), ("assignments:write",), name="Giao việc Sở KHCN")
    _refused(session, post_json(client.raw, PATH, token, _body(t)), 403, "unit_not_allowed", "assignee")


def test_a_client_without_the_scope_is_refused(client, session):
    t = team(session)
    _, token = client_for(session, scopes=("work:write",), name="Chỉ gửi văn bản")
    _refused(session, post_json(client.raw, PATH, token, _body(t)), 403, "insufficient_scope")


def test_invalid_json_and_a_wrong_content_type_are_problems(client, session, token):
    headers = {"Authorization": f"Bearer {token}"}
    _refused(session, client.raw.post(PATH, data="{not json", headers={**headers, "Content-Type": "application/json"}),
             400, "invalid_json")
    _refused(session, client.raw.post(PATH, data="a=1", headers={**headers, "Content-Type": "text/plain"}),
             415, "unsupported_media_type")


def test_cancelling_an_unknown_id_is_not_found(client, session, token):
    t = team(session)
    _refused(session, post_json(client.raw, PATH, token, _body(t, external_id="GV-KHONG", status="cancelled")),
             404, "not_found")
