"""POST /api/v1/work-events: an event becomes one suggested diary entry; every refusal is a problem and
changes nothing."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import func, select

from webapp.models import AuditLog, DiaryEntry, DocumentTypeMapping, WorkSuggestion

from .api_data import OTHER_UNIT, client_for, event, national_id, post_json, unit_id
from .worklog_data import close_month, common_item, team, working_day

EVENTS = "/api/v1/work-events"


def _counts(session) -> tuple[int, int, int]:
    """Suggestions, diary entries and audit records."""
    return tuple(session.exec(select(func.count()).select_from(model)).one()
                 for model in (WorkSuggestion, DiaryEntry, AuditLog))


def _refused(session, response, status: int, code: str, before, field: str | None = None) -> dict:
    """A problem with this status and code, and nothing written."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["code"] == code and body["detail"]
    if field:
        assert field in {error["field"] for error in body["errors"]}, body
    assert _counts(session) == before
    return body


def test_an_event_becomes_a_pending_suggestion_of_the_person_with_its_evidence(client, session):
    t, day = team(session), working_day(session)
    _, token = client_for(session)
    response = post_json(client.raw, EVENTS, token, event({"national_id": national_id(session, t.staff)}, day,
                                                          quantity="2.50"))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["status"] == "pending" and body["date"] == day.isoformat() and body["quantity"] == "2.50"
    assert body["document"]["number"] == "123/QĐ-SNV" and body["person"]["username"] == t.staff.username
    row = session.get(WorkSuggestion, body["id"])
    assert (row.person_id, row.item_id, row.quantity) == (t.staff.person_id, common_item(session, t.unit).id,
                                                          Decimal("2.50"))
    assert session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.staff.person_id)).first() is None


def test_the_suggestion_is_audited_with_the_clients_name(client, session):
    t = team(session)
    _, token = client_for(session, name="Hệ thống QLVB tỉnh")
    body = post_json(client.raw, EVENTS, token, event({"username": t.staff.username}, working_day(session))).get_json()
    log = session.exec(select(AuditLog).where(AuditLog.entity == "worksuggestion",
                                              AuditLog.entity_id == body["id"])).one()
    assert log.action == "work_suggestion_received" and log.reason == "Hệ thống tích hợp: Hệ thống QLVB tỉnh"
    assert log.after["api_client"] == "Hệ thống QLVB tỉnh" and log.unit_id == t.unit.id


def test_the_same_external_id_twice_is_one_suggestion(client, session):
    t = team(session)
    _, token = client_for(session)
    body = event({"username": t.staff.username}, working_day(session))
    first = post_json(client.raw, EVENTS, token, body)
    before = _counts(session)
    second = post_json(client.raw, EVENTS, token, {**body, "quantity": "9"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.get_json()["id"] == first.get_json()["id"] and Decimal(second.get_json()["quantity"]) == 1
    assert _counts(session) == before


def test_two_clients_may_use_the_same_external_id(client, session):
    t = team(session)
    _, one = client_for(session, name="QLVB")
    _, two = client_for(session, name="Giao việc")
    body = event({"username": t.staff.username}, working_day(session))
    ids = {post_json(client.raw, EVENTS, token, body).get_json()["id"] for token in (one, two)}
    assert len(ids) == 2


def test_a_document_type_counts_as_the_item_the_unit_maps_it_to(client, session):
    t = team(session)
    item = common_item(session, t.unit, "SNV-001")
    session.add(DocumentTypeMapping(unit_id=t.unit.id, document_type="Quyết định", item_id=item.id))
    session.commit()
    _, token = client_for(session)
    body = event({"username": t.staff.username}, working_day(session), item_code=None, document_type="Quyết định")
    response = post_json(client.raw, EVENTS, token, body)
    assert response.status_code == 201 and response.get_json()["item_code"] == "SNV-001"


def test_an_unmapped_document_type_is_refused(client, session):
    t = team(session)
    _, token = client_for(session)
    before = _counts(session)
    body = event({"username": t.staff.username}, working_day(session), item_code=None, document_type="Công văn")
    _refused(session, post_json(client.raw, EVENTS, token, body), 422, "unmapped_document_type", before,
             "document_type")


def test_a_person_outside_the_clients_units_is_refused(client, session):
    t = team(session)
    _, token = client_for(session, unit_codes=(OTHER_UNIT,))
    before = _counts(session)
    _refused(session, post_json(client.raw, EVENTS, token, event({"username": t.staff.username},
                                                                 working_day(session))),
             403, "unit_not_allowed", before)


def test_an_earlier_suggestion_is_not_shown_to_a_client_no_longer_allowed_its_unit(client, session):
    from webapp.api import clients

    from .api_data import admin

    t = team(session)
    api_client, token = client_for(session)
    body = event({"username": t.staff.username}, working_day(session))
    post_json(client.raw, EVENTS, token, body)
    clients.set_units(session, admin(session), api_client.id, [unit_id(session, OTHER_UNIT)])
    before = _counts(session)
    _refused(session, post_json(client.raw, EVENTS, token, body), 403, "unit_not_allowed", before)


@pytest.mark.parametrize("person", [{"username": "khong.co.ai"}, {"national_id": "9999999999"}])
def test_an_unknown_person_is_refused(client, session, person):
    _, token = client_for(session)
    before = _counts(session)
    _refused(session, post_json(client.raw, EVENTS, token, event(person, working_day(session))), 422,
             "unknown_person", before)


def test_an_item_of_another_units_catalogue_is_refused(client, session):
    t = team(session)
    _, token = client_for(session)
    before = _counts(session)
    body = event({"username": t.staff.username}, working_day(session), item_code="KHCN-001")
    _refused(session, post_json(client.raw, EVENTS, token, body), 422, "unknown_item", before, "item_code")


def test_an_event_in_a_closed_period_is_refused(client, session):
    t, day = team(session), working_day(session)
    close_month(session, t, day)
    _, token = client_for(session)
    before = _counts(session)
    _refused(session, post_json(client.raw, EVENTS, token, event({"username": t.staff.username}, day)), 409,
             "period_closed", before, "date")


def test_an_event_dated_in_the_future_is_refused(client, session):
    t = team(session)
    _, token = client_for(session)
    before = _counts(session)
    day = working_day(session) + timedelta(days=3)
    _refused(session, post_json(client.raw, EVENTS, token, event({"username": t.staff.username}, day)), 422,
             "future_date", before, "date")
