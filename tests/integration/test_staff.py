"""The staff list: who may read and keep it, adding a person with their account (temporary password shown
once, never stored), the national identifier's rules, and an end date that ends the account."""
import re
from datetime import timedelta

import pytest
from sqlmodel import select
from werkzeug.security import check_password_hash

from webapp.clock import local_today
from webapp.models import AuditLog, Division, Person, Unit, UserAccount
from webapp.text import vn_name_key

from ..conftest import Client
from ..helpers import organiser_of, username_of

INITIAL_RE = re.compile(r'<code id="initial-password">([^<]+)</code>')
USERNAME_RE = re.compile(r'<code id="new-username">([^<]+)</code>')
NEW_PASSWORD = "Cầu Hàm Rồng sáng đèn 5"


def _unit(session, code: str = "so-khcn") -> Unit:
    return session.exec(select(Unit).where(Unit.code == code)).one()


def _division(session, unit: Unit) -> Division:
    return session.exec(select(Division).where(Division.unit_id == unit.id).order_by(Division.id)).first()


def _person_form(session, unit: Unit, **changes) -> dict:
    """A valid add form for the unit."""
    form = {"full_name": "Lê Văn Thử Nghiệm", "national_id": "TH0900000001", "staff_kind": "cong_chuc",
            "title": "Chuyên viên", "division_id": str(_division(session, unit).id), "position_id": "",
            "started_on": "01/03/2026", "left_on": ""}
    return {**form, **changes}


def _add(client, session, code: str = "so-khcn", **changes):
    return client.post(f"/units/{code}/staff/new", _person_form(session, _unit(session, code), **changes))


def _fresh(session, model, **where):
    session.expire_all()
    return session.exec(select(model).filter_by(**where)).one()


def test_the_officer_sees_their_units_people_in_vietnamese_name_order(login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    page = officer.get("/units/so-khcn/staff").get_data(as_text=True)
    unit = _unit(session)
    names = [p.full_name for p in session.exec(select(Person).where(Person.unit_id == unit.id, Person.active))]
    shown = sorted(names, key=lambda name: page.index(f">{name}</a>"))
    assert shown == sorted(names, key=vn_name_key)


def test_the_staff_list_filters_by_division_and_the_htmx_answer_is_the_table_alone(login, session):
    unit = _unit(session)
    division = _division(session, unit)
    officer = login(username_of(session, "so-khcn", "personnel"))
    response = officer.get(f"/units/so-khcn/staff?division={division.id}", hx=True)
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="staff-rows">')
    inside = session.exec(select(Person).where(Person.division_id == division.id, Person.active)).all()
    outside = session.exec(select(Person).where(Person.unit_id == unit.id, Person.division_id != division.id)).first()
    assert inside and all(p.full_name in html for p in inside)
    assert f">{outside.full_name}</a>" not in html


def test_former_staff_are_listed_apart_from_current_staff(login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    assert _add(officer, session, full_name="Hồ Thị Đã Nghỉ", national_id="FORMER1",
                left_on=(local_today() - timedelta(days=3)).strftime("%d/%m/%Y")).status_code == 200
    assert "Hồ Thị Đã Nghỉ" not in officer.get("/units/so-khcn/staff").get_data(as_text=True)
    assert "Hồ Thị Đã Nghỉ" in officer.get("/units/so-khcn/staff?state=former").get_data(as_text=True)


@pytest.mark.parametrize("who", ["staff", "manager", "head"])
def test_people_of_the_unit_who_are_not_its_officer_are_refused_the_staff_list(login, session, who):
    user = login(username_of(session, "so-khcn", who))
    assert user.get("/units/so-khcn/staff").status_code == 403
    assert _add(user, session).status_code == 403


def test_the_officer_of_another_unit_may_neither_read_nor_change_the_staff_list(login, session):
    other = login(username_of(session, "hac-thanh", "personnel"))
    person = session.exec(select(Person).where(Person.unit_id == _unit(session).id)).first()
    assert other.get("/units/so-khcn/staff").status_code == 403
    assert _add(other, session).status_code == 403
    assert other.get(f"/staff/{person.id}").status_code == 403
    assert other.post(f"/staff/{person.id}", _person_form(session, _unit(session))).status_code == 403


def test_the_organiser_of_the_bloc_reads_the_staff_list_but_changes_nothing(login, session):
    unit = _unit(session)
    organiser = login(organiser_of(session, _bloc_code(session, unit)))
    person = session.exec(select(Person).where(Person.unit_id == unit.id)).first()
    page = organiser.get("/units/so-khcn/staff").get_data(as_text=True)
    assert person.full_name in page and "Thêm cán bộ" not in page
    assert "<fieldset class=\"plain\" disabled>" in organiser.get(f"/staff/{person.id}").get_data(as_text=True)
    assert _add(organiser, session).status_code == 403
    assert organiser.post(f"/staff/{person.id}", _person_form(session, unit, full_name="Đổi Tên")).status_code == 403
    assert _fresh(session, Person, id=person.id).full_name == person.full_name


def _bloc_code(session, unit: Unit) -> str:
    from webapp.models import Bloc
    return session.get(Bloc, unit.bloc_id).code


def test_adding_a_person_makes_their_account_with_a_temporary_password_shown_once(app, login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    response = _add(officer, session)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password, username = INITIAL_RE.search(html).group(1), USERNAME_RE.search(html).group(1)
    assert username == "khcn.levanthunghiem"
    account = _fresh(session, UserAccount, username=username)
    person = session.get(Person, account.person_id)
    assert (person.national_id, person.unit_id, account.role, account.must_change_password) == (
        "TH0900000001", _unit(session).id, "staff", True)
    assert account.division_id == person.division_id and account.unit_id == person.unit_id
    assert password not in account.password_hash and check_password_hash(account.password_hash, password)
    logged = session.exec(select(AuditLog).where(AuditLog.action.in_(("person_add", "account_add")))).all()
    assert {a.action for a in logged} == {"person_add", "account_add"}
    assert all(password not in str(a.after) for a in logged)
    assert password not in officer.get(f"/staff/{person.id}").get_data(as_text=True)


def test_the_new_person_signs_in_with_the_initial_password_and_must_change_it(app, login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    html = _add(officer, session).get_data(as_text=True)
    client = Client(app.test_client())
    response = client.raw.post("/login", data={"username": USERNAME_RE.search(html).group(1),
                                               "password": INITIAL_RE.search(html).group(1),
                                               "csrf_token": client.csrf()})
    assert response.status_code == 303 and response.headers["Location"].endswith("/account/password")
    assert client.raw.get("/diary").headers["Location"].endswith("/account/password")


def test_two_people_of_the_same_name_get_different_usernames(login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    first = USERNAME_RE.search(_add(officer, session, national_id="TWIN1").get_data(as_text=True)).group(1)
    second = USERNAME_RE.search(_add(officer, session, national_id="TWIN2").get_data(as_text=True)).group(1)
    assert (first, second) == ("khcn.levanthunghiem", "khcn.levanthunghiem2")


def test_a_new_person_needs_a_national_identifier_of_letters_and_digits(login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    count = len(session.exec(select(Person.id)).all())
    for value, message in (("", "Vui lòng nhập mã định danh."), ("TH 12", "Mã định danh gồm 1–32"),
                           ("Đ123", "Mã định danh gồm 1–32"), ("9" * 33, "Tối đa 32 ký tự.")):
        response = _add(officer, session, national_id=value)
        assert response.status_code == 422 and message in response.get_data(as_text=True), value
    assert len(session.exec(select(Person.id)).all()) == count


def test_a_duplicate_national_identifier_names_the_holders_unit_only_to_those_who_may_see_it(login, session):
    theirs = session.exec(select(Person).join(Unit, Unit.id == Person.unit_id)
                          .where(Unit.code == "hac-thanh", Person.national_id.is_not(None))).first()
    mine = session.exec(select(Person).where(Person.unit_id == _unit(session).id,
                                             Person.national_id.is_not(None))).first()
    officer = login(username_of(session, "so-khcn", "personnel"))
    elsewhere = _add(officer, session, national_id=theirs.national_id).get_data(as_text=True)
    assert "đã được dùng cho một cán bộ của cơ quan, đơn vị khác" in elsewhere and "Hạc Thành" not in elsewhere
    here = _add(officer, session, national_id=mine.national_id).get_data(as_text=True)
    assert f"đã được dùng cho một cán bộ của {_unit(session).name}" in here
    admin = _add(login("admin"), session, national_id=theirs.national_id).get_data(as_text=True)
    assert f"đã được dùng cho một cán bộ của {_unit(session, 'hac-thanh').name}" in admin


def test_a_division_of_another_unit_is_refused(login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    foreign = _division(session, _unit(session, "hac-thanh"))
    response = _add(officer, session, division_id=str(foreign.id))
    assert response.status_code == 422 and "Lựa chọn không hợp lệ." in response.get_data(as_text=True)


def test_editing_a_person_is_audited_and_the_accounts_division_follows(login, session):
    unit = _unit(session)
    account = _fresh(session, UserAccount, username=username_of(session, "so-khcn", "staff"))
    person = session.get(Person, account.person_id)
    old_division = person.division_id
    other = session.exec(select(Division).where(Division.unit_id == unit.id, Division.id != old_division)).first()
    officer = login(username_of(session, "so-khcn", "personnel"))
    form = _person_form(session, unit, full_name=person.full_name, national_id=person.national_id or "",
                        division_id=str(other.id), title="Phó trưởng phòng")
    assert officer.post(f"/staff/{person.id}", form).status_code == 303
    assert _fresh(session, Person, id=person.id).title == "Phó trưởng phòng"
    assert _fresh(session, UserAccount, id=account.id).division_id == other.id
    audit = session.exec(select(AuditLog).where(AuditLog.action == "person_edit",
                                                AuditLog.entity_id == person.id)).one()
    assert audit.before["division_id"] == old_division and audit.after["division_id"] == other.id


@pytest.mark.parametrize("ending", ["today", "left_service"])
def test_an_end_date_reached_or_leaving_the_service_locks_the_account_and_kills_its_cookie(app, login, session,
                                                                                          ending):
    unit = _unit(session)
    username = username_of(session, "so-khcn", "staff")
    account = _fresh(session, UserAccount, username=username)
    person = session.get(Person, account.person_id)
    victim = login(username)
    officer = login(username_of(session, "so-khcn", "personnel"))
    extra = ({"left_on": local_today().strftime("%d/%m/%Y")} if ending == "today" else {"left_service": "y"})
    form = _person_form(session, unit, full_name=person.full_name, national_id=person.national_id or "",
                        division_id=str(person.division_id), started_on="", **extra)
    assert officer.post(f"/staff/{person.id}", form).status_code == 303
    assert victim.get("/").status_code == 302  # the captured cookie no longer signs anyone in
    stored = _fresh(session, Person, id=person.id)
    assert (stored.active, stored.left_on, _fresh(session, UserAccount, id=account.id).active) == (
        False, local_today(), False)
    client = Client(app.test_client())
    refused = client.raw.post("/login", data={"username": username, "password": "Demo@2026",
                                              "csrf_token": client.csrf()})
    assert refused.status_code == 422


def test_a_future_end_date_keeps_the_account_open_until_then(login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    later = (local_today() + timedelta(days=30)).strftime("%d/%m/%Y")
    html = _add(officer, session, left_on=later).get_data(as_text=True)
    account = _fresh(session, UserAccount, username=USERNAME_RE.search(html).group(1))
    assert account.active and session.get(Person, account.person_id).active


def test_an_end_date_before_the_start_date_is_refused(login, session):
    officer = login(username_of(session, "so-khcn", "personnel"))
    response = _add(officer, session, started_on="01/03/2026", left_on="01/02/2026")
    assert response.status_code == 422 and "không được trước ngày bắt đầu" in response.get_data(as_text=True)


def test_the_staff_list_locks_an_account_killing_its_cookie_and_unlocks_it_and_comes_back(login, session):
    account = _fresh(session, UserAccount, username=username_of(session, "so-khcn", "staff"))
    victim = login(account.username)
    officer = login(username_of(session, "so-khcn", "personnel"))
    page = officer.get("/units/so-khcn/staff").get_data(as_text=True)
    assert f'action="/accounts/{account.id}/deactivate"' in page
    response = officer.post(f"/accounts/{account.id}/deactivate", {"next": "/units/so-khcn/staff"})
    assert response.headers["Location"] == "/units/so-khcn/staff"
    assert not _fresh(session, UserAccount, id=account.id).active
    assert victim.get("/").status_code == 302  # its cookie died with the lock
    away = officer.post(f"/accounts/{account.id}/reactivate", {"next": "//evil.example/x"})
    assert away.headers["Location"] == "/accounts" and _fresh(session, UserAccount, id=account.id).active


def test_the_personnel_officer_has_a_staff_list_link_in_the_menu(login, session):
    page = login(username_of(session, "so-khcn", "personnel")).get("/").get_data(as_text=True)
    assert 'href="/units/so-khcn/staff">Danh sách cán bộ</a>' in page


def test_the_officer_cannot_end_their_own_record_and_lock_themselves_out(login, session):
    unit = _unit(session)
    me = _fresh(session, UserAccount, username=username_of(session, "so-khcn", "personnel"))
    person = session.get(Person, me.person_id)
    form = _person_form(session, unit, full_name=person.full_name, national_id=person.national_id or "",
                        division_id=str(person.division_id), started_on="", left_service="y")
    response = login(me.username).post(f"/staff/{person.id}", form)
    assert response.status_code == 422 and "chính mình" in response.get_data(as_text=True)
    assert _fresh(session, UserAccount, id=me.id).active


def test_the_admin_reaches_any_units_staff_list_from_the_units_page(login, session):
    admin = login("admin")
    assert 'href="/units/hac-thanh/staff">Danh sách cán bộ</a>' in admin.get("/units/hac-thanh").get_data(as_text=True)
    assert admin.get("/units/hac-thanh/staff").status_code == 200


def test_a_closed_division_is_not_offered_to_a_new_person_and_is_refused(login, session):
    unit = _unit(session)
    closed = _division(session, unit)
    closed.closed_on = local_today() - timedelta(days=1)
    session.commit()
    officer = login(username_of(session, "so-khcn", "personnel"))
    assert f'value="{closed.id}"' not in officer.get("/units/so-khcn/staff/new").get_data(as_text=True)
    response = _add(officer, session, division_id=str(closed.id))
    assert response.status_code == 422


def test_a_person_whose_division_closed_since_can_still_be_edited_without_moving(login, session):
    unit = _unit(session)
    account = _fresh(session, UserAccount, username=username_of(session, "so-khcn", "staff"))
    person = session.get(Person, account.person_id)
    division = session.get(Division, person.division_id)
    division.closed_on = local_today() - timedelta(days=1)
    session.commit()
    officer = login(username_of(session, "so-khcn", "personnel"))
    page = officer.get(f"/staff/{person.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{division.id}">|<option value="{division.id}" selected>', page)
    form = _person_form(session, unit, full_name=person.full_name, national_id=person.national_id or "",
                        division_id=str(division.id), title="Chuyên viên chính")
    assert officer.post(f"/staff/{person.id}", form).status_code == 303
    assert _fresh(session, Person, id=person.id).title == "Chuyên viên chính"
