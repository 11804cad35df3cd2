"""A future end date (ngày thôi việc) keeps the person at work until it comes; then the sweep ends their service:
record inactive, account locked, sessions ended, reporting lines redone; audited as the system; idempotent; and the
password stops working on that day even before the sweep runs."""
from datetime import timedelta

from sqlmodel import select

from webapp.clock import local_today
from webapp.models import AuditLog, Person, UserAccount
from webapp.staff.departures import end_due_services

from ..helpers import username_of


def _staff(session, unit_code: str = "so-khcn") -> tuple[UserAccount, Person]:
    """A seeded staff member's account and record."""
    account = session.exec(select(UserAccount).where(UserAccount.username == username_of(
        session, unit_code, "staff"))).one()
    return account, session.get(Person, account.person_id)


def test_a_person_whose_end_date_came_is_ended_by_the_sweep_once(session):
    account, person = _staff(session)
    person.left_on = local_today() - timedelta(days=1)
    version = account.session_version
    session.commit()
    assert end_due_services(session) == 1
    session.expire_all()
    account, person = session.get(UserAccount, account.id), session.get(Person, person.id)
    assert (person.active, account.active, account.session_version) == (False, False, version + 1)
    ended = session.exec(select(AuditLog).where(AuditLog.action == "person_service_ended",
                                                AuditLog.entity_id == person.id)).one()
    assert ended.actor_id is None and ended.after["left_on"] == person.left_on.isoformat()
    assert end_due_services(session) == 0


def test_a_future_end_date_keeps_the_person_at_work(session):
    account, person = _staff(session)
    person.left_on = local_today() + timedelta(days=7)
    session.commit()
    assert end_due_services(session) == 0
    session.expire_all()
    assert session.get(Person, person.id).active and session.get(UserAccount, account.id).active


def test_the_password_stops_working_on_the_end_date_before_the_sweep_runs(session, client):
    account, person = _staff(session)
    assert client.raw.post("/login", data={"username": account.username, "password": "Demo@2026",
                                           "csrf_token": client.csrf()}).status_code == 303
    client.raw.post("/logout", data={"csrf_token": client.csrf("/")})
    person.left_on = local_today()
    session.commit()
    refused = client.raw.post("/login", data={"username": account.username, "password": "Demo@2026",
                                              "csrf_token": client.csrf()})
    assert refused.status_code != 303
