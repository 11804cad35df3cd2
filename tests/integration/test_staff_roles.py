"""Roles changed by the admin (any role) or the unit's officer (the unit roles, in their unit, never their own
account, never admin or organiser), checked on the server and audited before/after."""
import pytest
from sqlmodel import select

from webapp.models import AuditLog, UserAccount

from ..helpers import username_of


def _account(session, username: str) -> UserAccount:
    session.expire_all()
    return session.exec(select(UserAccount).where(UserAccount.username == username)).one()


def _set_role(client, account: UserAccount, role: str):
    return client.post(f"/staff/{account.person_id}/role", {"role": role})


def test_the_officer_makes_a_staff_member_a_division_manager_and_it_is_audited(login, session):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    officer = login(username_of(session, "so-khcn", "personnel"))
    assert _set_role(officer, staff, "manager").status_code == 303
    assert _account(session, staff.username).role == "manager"
    audit = session.exec(select(AuditLog).where(AuditLog.action == "account_role",
                                                AuditLog.entity_id == staff.id)).one()
    assert (audit.before["role"], audit.after["role"]) == ("staff", "manager")


def test_the_new_role_applies_to_the_open_session_at_its_next_request(login, session):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    user = login(staff.username)
    assert user.get("/approvals").status_code == 403
    _set_role(login(username_of(session, "so-khcn", "personnel")), staff, "manager")
    assert user.get("/approvals").status_code == 200


@pytest.mark.parametrize("role", ["admin", "organiser"])
def test_the_officer_cannot_grant_admin_or_organiser(login, session, role):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    response = _set_role(login(username_of(session, "so-khcn", "personnel")), staff, role)
    assert response.status_code in (403, 422)
    assert _account(session, staff.username).role == "staff"


def test_the_officer_cannot_change_their_own_role(login, session):
    officer = _account(session, username_of(session, "so-khcn", "personnel"))
    response = _set_role(login(officer.username), officer, "head")
    assert response.status_code == 403 and "chính mình" in response.get_data(as_text=True)
    assert _account(session, officer.username).role == "personnel"


def test_the_officer_of_another_unit_cannot_change_a_role(login, session):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    assert _set_role(login(username_of(session, "hac-thanh", "personnel")), staff, "manager").status_code == 403
    assert _account(session, staff.username).role == "staff"


def test_staff_and_heads_cannot_change_roles(login, session):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    for who in ("staff", "head"):
        assert _set_role(login(username_of(session, "so-khcn", who)), staff, "manager").status_code == 403
    assert _account(session, staff.username).role == "staff"


def test_the_admin_may_give_any_role_and_an_organiser_gets_the_units_bloc(login, session):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    assert _set_role(login("admin"), staff, "organiser").status_code == 303
    changed = _account(session, staff.username)
    assert changed.role == "organiser" and changed.bloc_id is not None


def test_an_unknown_role_is_refused_with_a_vietnamese_message(login, session):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    response = _set_role(login("admin"), staff, "emperor")
    assert response.status_code == 422 and "Lựa chọn không hợp lệ." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "organiser"])
def test_the_service_itself_refuses_the_officer_a_province_role_whatever_the_form_offers(session, role):
    from webapp.auth.actor import Actor
    from webapp.errors import Forbidden
    from webapp.staff.roles import change_role
    officer = Actor.from_account(_account(session, username_of(session, "so-khcn", "personnel")))
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    with pytest.raises(Forbidden):
        change_role(session, officer, staff.id, role)
    assert _account(session, staff.username).role == "staff"


def test_the_officer_cannot_touch_the_role_of_an_organiser_account_in_their_unit(session):
    from webapp.auth.actor import Actor
    from webapp.errors import Forbidden
    from webapp.staff.roles import change_role
    officer = Actor.from_account(_account(session, username_of(session, "so-khcn", "personnel")))
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    staff.role = "organiser"
    session.commit()
    with pytest.raises(Forbidden):
        change_role(session, officer, staff.id, "staff")


def test_a_refused_role_change_shows_the_persons_record_as_stored(login, session):
    staff = _account(session, username_of(session, "so-khcn", "staff"))
    response = _set_role(login(username_of(session, "so-khcn", "personnel")), staff, "emperor")
    assert response.status_code == 422
    assert f'value="{staff.display_name}"' in response.get_data(as_text=True)
