"""The staff routes as the officer and the admin (the general sweep signs in as staff, manager and head, who
are refused before any form): NUL bytes, 21-digit ids and the year 9999 get a message, never a 500."""
import pytest
from sqlmodel import select

from webapp.models import PasswordResetLink, Person, UserAccount

from ..helpers import username_of
from .test_hostile_input import HOSTILE, HUGE, _field_names

STAFF_ROUTES = ("/units/so-khcn/staff/new", "/staff/{person}", "/staff/{person}/role", "/staff/{person}/move",
                "/accounts/{account}/reset-link", "/accounts/{account}/deactivate", "/reset/{huge}")


@pytest.mark.parametrize("who", ["personnel", "admin"])
def test_the_staff_routes_answer_hostile_fields_without_a_500_and_change_nothing(login, session, who):
    account = session.exec(select(UserAccount).where(
        UserAccount.username == username_of(session, "so-khcn", "staff"))).one()
    user = login(username_of(session, "so-khcn", "personnel") if who == "personnel" else "admin")
    people = len(session.exec(select(Person.id)).all())
    names, failures = _field_names() - {"next"}, []
    for route in STAFF_ROUTES:
        url = route.format(person=account.person_id, account=HUGE, huge=HUGE)
        for label, value in HOSTILE.items():
            for hx in (True, False):
                status = user.post(url, data={name: value for name in names}, hx=hx).status_code
                if status >= 500:
                    failures.append((url, label, hx, status))
    assert failures == []
    session.expire_all()
    assert len(session.exec(select(Person.id)).all()) == people
    assert session.get(Person, account.person_id).unit_id == account.unit_id
    assert session.exec(select(PasswordResetLink)).all() == []


@pytest.mark.parametrize("query", ["division=99999999999999999999", "division=a%00b", "state=%E2%80%AE",
                                   "division=-1"])
def test_the_staff_list_reads_hostile_query_parameters_without_a_500(login, session, query):
    user = login(username_of(session, "so-khcn", "personnel"))
    assert user.get(f"/units/so-khcn/staff?{query}").status_code < 500
    assert user.get(f"/staff/1/move?unit=a%00b&division_id={HUGE}").status_code < 500
