"""Assignments sent by the task-assignment system: created once per external id, updated, cancelled, refused
with nothing changed; the assigning manager must manage the assignee."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from webapp.assignments.external import ClientRef, ExternalAssignmentInput, PersonKey, upsert
from webapp.clock import local_today
from webapp.errors import Conflict, DomainError, Forbidden, NotFound
from webapp.models import ApiClient, Assignment, AuditLog, ExternalAssignment, Person, Unit

from .api_data import client_for
from .worklog_data import actor, add_entry, close_month, common_item, entry_input, team, working_day

NAME = "Hệ thống giao việc tỉnh"


def _client(session, *codes) -> ClientRef:
    """The task-assignment system's client (registered once), acting for the named units (Sở Nội vụ)."""
    client = session.exec(select(ApiClient).where(ApiClient.name == NAME)).first()
    if client is None:
        client, _ = client_for(session, ("so-noi-vu",), ("assignments:write",), name=NAME)
    units = session.exec(select(Unit.id).where(Unit.code.in_(codes or ("so-noi-vu",)))).all()
    return ClientRef(client.id, NAME, frozenset(units))


def _sent(t, external_id="GV-1", quantity="3", days=7, by=None, to=None, **kw) -> ExternalAssignmentInput:
    """What the system sends: the manager gives SNV-010 to the staff member, by username."""
    return ExternalAssignmentInput(external_id=external_id, assignee=PersonKey(username=(to or t.staff).username),
                                   assigned_by=PersonKey(username=(by or t.manager).username), item_code=kw.pop("item_code", "SNV-010"),
                                   quantity=Decimal(quantity), deadline=local_today() + timedelta(days=days), **kw)


def _count(session, model=Assignment) -> int:
    """Rows of the model."""
    return session.exec(select(func.count(model.id))).one()


def test_the_same_external_id_sent_twice_is_one_assignment(session):
    t = team(session)
    before = _count(session)
    first, outcome = upsert(session, _client(session), _sent(t))
    again, second = upsert(session, _client(session), _sent(t))
    assert (outcome, second) == ("created", "unchanged")
    assert first.id == again.id and _count(session) == before + 1
    assert first.assigned_by_id == t.manager.person_id and first.person_id == t.staff.person_id


def test_people_are_found_by_national_id_too(session):
    t = team(session)
    person = session.get(Person, t.staff.person_id)
    person.national_id = "TH-0000123"
    session.commit()
    row, outcome = upsert(session, _client(session), ExternalAssignmentInput(
        "GV-NID", PersonKey(national_id="TH-0000123"), PersonKey(username=t.manager.username), "SNV-010", Decimal("1"), local_today() + timedelta(days=3)))
    assert outcome == "created" and row.person_id == person.id


def test_a_changed_quantity_and_deadline_update_the_assignment_with_an_audit_naming_the_client(session):
    t = team(session)
    row, _ = upsert(session, _client(session), _sent(t))
    updated, outcome = upsert(session, _client(session), _sent(t, quantity="5", days=10))
    assert outcome == "updated" and updated.id == row.id
    assert updated.quantity == Decimal("5") and updated.deadline == local_today() + timedelta(days=10)
    audit = session.exec(select(AuditLog).where(AuditLog.action == "assignment_updated",
                                                AuditLog.entity_id == row.id)).one()
    assert "Hệ thống giao việc tỉnh" in audit.reason and audit.before["quantity"] == "3.00"


def test_cancelled_there_is_cancelled_here_and_a_second_cancel_changes_nothing(session):
    t = team(session)
    row, _ = upsert(session, _client(session), _sent(t))
    cancelled, outcome = upsert(session, _client(session), _sent(t, status="cancelled"))
    assert outcome == "cancelled" and cancelled.cancelled_at is not None
    assert upsert(session, _client(session), _sent(t, status="cancelled"))[1] == "unchanged"
    with pytest.raises(Conflict):
        upsert(session, _client(session), _sent(t, quantity="9"))


def test_cancelling_an_id_never_sent_is_not_found(session):
    t = team(session)
    with pytest.raises(NotFound):
        upsert(session, _client(session), _sent(t, external_id="GV-NONE", status="cancelled"))


def test_a_manager_of_another_division_may_not_assign_and_nothing_is_written(session):
    t = team(session)
    before = _count(session), _count(session, ExternalAssignment)
    with pytest.raises(Forbidden):
        upsert(session, _client(session), _sent(t, by=t.other_manager))
    session.rollback()
    assert (_count(session), _count(session, ExternalAssignment)) == before


def test_a_staff_member_named_as_the_assigning_manager_is_refused(session):
    t = team(session)
    with pytest.raises(DomainError) as refusal:
        upsert(session, _client(session), _sent(t, by=t.colleague))
    assert refusal.value.field == "assigned_by"


@pytest.mark.parametrize("change, field", [
    ({"item_code": "NO-SUCH"}, "item_code"), ({"quantity": "0"}, "quantity"), ({"days": -1}, "deadline"),
    ({"external_id": ""}, "external_id"), ({"status": "paused"}, "status"), ({"external_id": "x" * 101}, "external_id"),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(session, change, field):
    t = team(session)
    before = _count(session)
    with pytest.raises(DomainError) as refusal:
        upsert(session, _client(session), _sent(t, **change))
    session.rollback()
    assert refusal.value.field == field and _count(session) == before


def test_people_outside_the_clients_units_are_refused_as_out_of_bounds(session):
    t = team(session)
    with pytest.raises(Forbidden) as refusal:
        upsert(session, _client(session, "so-khcn"), _sent(t))
    assert refusal.value.field == "assignee" and refusal.value.code == "unit_not_allowed"


def test_an_unknown_person_is_refused_with_its_code(session):
    t = team(session)
    data = ExternalAssignmentInput("GV-X", PersonKey(national_id="NO-SUCH-ID"), PersonKey(username=t.manager.username),
                                   "SNV-010", Decimal("1"), local_today())
    with pytest.raises(DomainError) as refusal:
        upsert(session, _client(session), data)
    assert (refusal.value.field, refusal.value.code) == ("assignee", "unknown_person")


def test_a_deadline_in_a_closed_month_is_refused(session):
    t = team(session)
    close_month(session, t, local_today() + timedelta(days=40))
    with pytest.raises(DomainError):
        upsert(session, _client(session), _sent(t, days=40))


def test_the_assignee_may_change_until_work_is_reported_against_it(session):
    t = team(session)
    row, _ = upsert(session, _client(session), _sent(t))
    moved, outcome = upsert(session, _client(session), _sent(t, to=t.colleague))
    assert outcome == "updated" and moved.person_id == t.colleague.person_id
    add_entry(session, actor(t.colleague), entry_input(common_item(session, t.unit, "SNV-010"), working_day(session),
                                                       assignment_id=row.id))
    with pytest.raises(Conflict):
        upsert(session, _client(session), _sent(t, to=t.staff))
    assert session.get(Assignment, row.id).person_id == t.colleague.person_id
