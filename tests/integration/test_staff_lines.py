"""The staff list keeps the reporting lines true: a person added, moved or given another role changes who
reports to whom at once (org.lines.reset_default_lines), not at the next seed."""
from sqlmodel import select

from webapp.models import Division, Person, Unit, UserAccount

from ..helpers import username_of


def _unit(session, code: str) -> Unit:
    return session.exec(select(Unit).where(Unit.code == code)).one()


def _division_with_manager(session, unit: Unit) -> tuple[Division, Person]:
    """A division of the unit and its manager (an active account with the manager role)."""
    division, manager = session.exec(
        select(Division, Person).join(Person, Person.division_id == Division.id)
        .join(UserAccount, UserAccount.person_id == Person.id)
        .where(Division.unit_id == unit.id, UserAccount.role == "manager", UserAccount.active)
        .order_by(Person.id)).first()
    return division, manager


def _person(session, **where) -> Person:
    session.expire_all()
    return session.exec(select(Person).filter_by(**where)).one()


def test_a_person_added_to_the_staff_list_reports_to_their_divisions_manager(login, session):
    unit = _unit(session, "so-khcn")
    division, manager = _division_with_manager(session, unit)
    officer = login(username_of(session, "so-khcn", "personnel"))
    response = officer.post("/units/so-khcn/staff/new", {
        "full_name": "Đinh Thị Ngọc", "national_id": "TH0900000777", "staff_kind": "cong_chuc",
        "title": "Chuyên viên", "division_id": str(division.id), "position_id": "", "started_on": "01/03/2026",
        "left_on": ""})
    assert response.status_code == 200
    assert _person(session, national_id="TH0900000777").reports_to_id == manager.id


def test_a_moved_person_reports_in_the_new_unit_and_loses_the_old_units_choice_of_manager(login, session):
    old, new = _unit(session, "so-khcn"), _unit(session, "hac-thanh")
    _, old_manager = _division_with_manager(session, old)
    division, new_manager = _division_with_manager(session, new)
    person = session.exec(select(Person).join(UserAccount, UserAccount.person_id == Person.id).where(
        Person.unit_id == old.id, UserAccount.role == "staff", Person.reports_to_id == old_manager.id)).first()
    person.manager_override_id = old_manager.id
    session.commit()
    admin = login("admin")
    assert admin.post(f"/staff/{person.id}/move", {"unit": "hac-thanh", "division_id": str(division.id)}
                      ).status_code == 303
    moved = _person(session, id=person.id)
    assert (moved.manager_override_id, moved.reports_to_id) == (None, new_manager.id)


def test_a_division_manager_given_the_staff_role_no_longer_has_anyone_reporting_to_them(login, session):
    unit = _unit(session, "so-khcn")
    _, manager = _division_with_manager(session, unit)
    reports = session.exec(select(Person.id).where(Person.reports_to_id == manager.id)).all()
    assert reports
    officer = login(username_of(session, "so-khcn", "personnel"))
    assert officer.post(f"/staff/{manager.id}/role", {"role": "staff"}).status_code == 303
    session.expire_all()
    assert session.exec(select(Person.id).where(Person.reports_to_id == manager.id)).all() == []
