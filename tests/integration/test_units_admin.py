"""Cơ quan, đơn vị kept in the app: the admin adds a unit and keeps its details, stops it only when nobody works
there and restarts it; the unit's personnel officer changes only its names and print lines; others read; audited."""
from sqlmodel import select

from webapp.models import Bloc, Level, Unit

from ..helpers import organiser_of, username_of
from .org_data import KHCN, audits, khcn, officer

NEW = {"code": "xa-hoang-hoa", "name": "Ủy ban nhân dân xã Hoằng Hóa", "short_name": "Xã Hoằng Hóa",
       "place": "Hoằng Hóa", "superior_name": "TỈNH THANH HÓA", "username_prefix": "hh", "is_pilot": ""}


def _form(session, **values) -> dict:
    """The add form with the government bloc and the commune level chosen."""
    bloc = session.exec(select(Bloc).where(Bloc.code == "chinhquyen")).one()
    level = session.exec(select(Level).where(Level.code == "xa")).one()
    return {**NEW, "bloc_id": bloc.id, "level_id": level.id, **values}


def _unit(session, code: str) -> Unit | None:
    """The unit by code, fresh from the database."""
    session.expire_all()
    return session.exec(select(Unit).where(Unit.code == code)).first()


def test_the_admin_adds_a_unit_that_then_appears_in_the_tree_with_its_details_audited(session, login):
    admin = login("admin")
    response = admin.post("/org/units", _form(session))
    assert response.status_code == 302 and response.headers["Location"].endswith("/units/xa-hoang-hoa/settings")
    unit = _unit(session, "xa-hoang-hoa")
    assert (unit.name, unit.place, unit.username_prefix, unit.is_pilot, unit.active) == (
        "Ủy ban nhân dân xã Hoằng Hóa", "Hoằng Hóa", "hh", False, True)
    record = next(a for a in audits(session, "unit_created") if a.entity_id == unit.id)
    assert record.before == {} and record.after["username_prefix"] == "hh"
    assert "Ủy ban nhân dân xã Hoằng Hóa" in admin.get("/org").get_data(as_text=True)
    assert "Đưa đơn vị vào sử dụng" in admin.get("/units/xa-hoang-hoa/settings").get_data(as_text=True)


def test_a_taken_code_or_username_prefix_is_refused_at_its_field_and_nothing_is_added(session, login):
    admin = login("admin")
    taken_code = admin.post("/org/units", _form(session, code=KHCN, username_prefix="zz"))
    assert taken_code.status_code == 422
    assert f"Mã {KHCN} đã được dùng cho một cơ quan, đơn vị khác." in taken_code.get_data(as_text=True)
    taken_prefix = admin.post("/org/units", _form(session, username_prefix=khcn(session).username_prefix))
    assert taken_prefix.status_code == 422 and "đã dùng cho Sở Khoa học và Công nghệ" in taken_prefix.get_data(
        as_text=True)
    assert _unit(session, "xa-hoang-hoa") is None


def test_bad_values_get_vietnamese_messages(session, login):
    admin = login("admin")
    cases = [({"username_prefix": "Hh."}, "Tiền tố tên đăng nhập gồm 2–16 chữ cái"),
             ({"code": "xã hoằng"}, "Mã chỉ gồm chữ cái không dấu"),
             ({"name": ""}, "Vui lòng nhập tên cơ quan, đơn vị."),
             ({"bloc_id": "999999"}, "Vui lòng chọn khối."),
             ({"level_id": "99999999999"}, "Giá trị nằm ngoài khoảng cho phép."),
             ({"place": "x" * 101}, "Địa danh tối đa 100 ký tự.")]
    for values, message in cases:
        response = admin.post("/org/units", _form(session, **values))
        assert response.status_code == 422 and message in response.get_data(as_text=True), values
    assert _unit(session, "xa-hoang-hoa") is None


def test_only_the_admin_adds_units(session, login):
    for username in (officer(session), organiser_of(session, "chinhquyen")):
        user = login(username)
        assert user.get("/org/units/new").status_code == 403
        assert user.post("/org/units", _form(session)).status_code == 403
    assert _unit(session, "xa-hoang-hoa") is None


def test_the_officer_changes_the_print_lines_of_their_own_unit_but_not_its_bloc_or_prefix(session, login):
    user, unit = login(officer(session)), khcn(session)
    prefix, bloc_id = unit.username_prefix, unit.bloc_id
    response = user.post(f"/units/{KHCN}/settings", {
        "name": unit.name, "short_name": "Sở KH&CN", "place": "Thanh Hóa", "superior_name": "UBND TỈNH THANH HÓA",
        "username_prefix": "zz", "bloc_id": 1 if bloc_id != 1 else 2, "is_pilot": ""})
    assert response.status_code == 302
    unit = _unit(session, KHCN)
    assert (unit.short_name, unit.superior_name) == ("Sở KH&CN", "UBND TỈNH THANH HÓA")
    assert (unit.username_prefix, unit.bloc_id, unit.is_pilot) == (prefix, bloc_id, True)
    record = next(a for a in audits(session, "unit_changed") if a.entity_id == unit.id)
    assert record.after["superior_name"] == "UBND TỈNH THANH HÓA" and record.before["superior_name"] != record.after[
        "superior_name"]


def test_the_officer_of_another_unit_and_the_organiser_read_but_cannot_change(session, login):
    for username in (username_of(session, "so-noi-vu", "personnel"), organiser_of(session, "chinhquyen")):
        user = login(username)
        before = _unit(session, KHCN).short_name
        response = user.post(f"/units/{KHCN}/settings", {"name": "X", "short_name": "X", "place": "X",
                                                          "superior_name": ""})
        assert response.status_code in (403, 404)
        assert _unit(session, KHCN).short_name == before


def test_a_unit_with_people_at_work_cannot_be_stopped_and_an_empty_one_stops_and_restarts(session, login):
    admin = login("admin")
    refused = admin.post(f"/units/{KHCN}/deactivate")
    assert refused.status_code == 422 and "đang làm việc" in refused.get_data(as_text=True)
    assert _unit(session, KHCN).active
    admin.post("/org/units", _form(session))
    assert admin.post("/units/xa-hoang-hoa/deactivate").status_code == 302
    assert not _unit(session, "xa-hoang-hoa").active
    tree = admin.get("/org").get_data(as_text=True)
    assert 'id="inactive-units"' in tree and "Ủy ban nhân dân xã Hoằng Hóa" in tree
    assert admin.post("/units/xa-hoang-hoa/reactivate").status_code == 302
    assert _unit(session, "xa-hoang-hoa").active
    assert [a.action for a in audits(session, "unit_deactivated") + audits(session, "unit_reactivated")] == [
        "unit_deactivated", "unit_reactivated"]
