"""Phòng, ban, bộ phận kept in the app by the unit's personnel officer (and the admin): add, rename, move without
cycles or crossing units, close on a date only when empty, reopen; read-only for everyone else; all audited."""
from datetime import date

import pytest
from sqlmodel import select

from webapp.errors import DomainError
from webapp.models import AuditLog, Division, Person
from webapp.org.divisions import open_division, open_divisions
from webapp.text import vn_name_key

from ..helpers import organiser_of, username_of
from .org_data import audits, division, khcn, officer, staffed_division


def _add(user, code: str, name: str, parent: Division | None = None, hx: bool = True):
    """Post the add form."""
    return user.post(f"/units/{'so-khcn'}/divisions", {"code": code, "name": name,
                                                        "parent_id": parent.id if parent else ""}, hx=hx)


def _change(user, d: Division, **values):
    """Post a division's edit form (its current values unless given)."""
    data = {"name": d.name, "parent_id": d.parent_id or "", "sort_order": d.sort_order, **values}
    return user.post(f"/units/so-khcn/divisions/{d.id}", data, hx=True)


@pytest.fixture
def tree(session, login):
    """The officer signed in, with an empty division 'tt' and 'tt-a' under it."""
    user, unit = login(officer(session)), khcn(session)
    assert _add(user, "tt", "Trung tâm Thông tin").status_code == 200
    top = division(session, unit, "tt")
    assert _add(user, "tt-a", "Tổ Dữ liệu", top).status_code == 200
    return user, unit, top, division(session, unit, "tt-a")


def test_the_officer_adds_a_division_under_a_parent_and_the_log_keeps_what_was_added(session, tree):
    user, unit, top, child = tree
    assert child.parent_id == top.id and child.closed_on is None
    record = next(a for a in audits(session, "division_created") if a.entity_id == child.id)
    assert record.before == {} and record.after["code"] == "tt-a" and record.after["parent_id"] == top.id
    page = user.get("/units/so-khcn/divisions").get_data(as_text=True)
    assert "Tổ Dữ liệu" in page and 'id="division-form"' in page


def test_a_code_already_used_in_the_unit_is_refused_at_the_field(session, tree):
    user, *_ = tree
    response = _add(user, "tt", "Trùng mã")
    assert response.status_code == 422
    assert "Mã tt đã có trong cơ quan, đơn vị." in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#division-form"


def test_a_division_cannot_be_moved_under_its_own_child(session, tree):
    user, unit, top, child = tree
    response = _change(user, top, parent_id=child.id)
    assert response.status_code == 422
    assert "Không thể chuyển phòng, ban vào chính nó hoặc vào một phòng, ban trực thuộc nó." in response.get_data(
        as_text=True)
    assert division(session, unit, "tt").parent_id is None


def test_a_division_cannot_be_moved_under_a_division_of_another_unit(session, tree):
    user, unit, top, child = tree
    other = session.exec(select(Division).where(Division.unit_id != unit.id)).first()
    response = _change(user, child, parent_id=other.id)
    assert response.status_code == 422
    assert "Vui lòng chọn phòng, ban của cơ quan, đơn vị." in response.get_data(as_text=True)
    assert division(session, unit, "tt-a").parent_id == top.id


def test_renaming_and_moving_are_audited_with_before_and_after(session, tree):
    user, unit, top, child = tree
    response = _change(user, child, name="Tổ Dữ liệu số", parent_id="", sort_order="7")
    assert response.status_code == 200 and "Đã lưu Tổ Dữ liệu số." in response.get_data(as_text=True)
    record = audits(session, "division_changed")[-1]
    assert record.before["name"] == "Tổ Dữ liệu" and record.before["parent_id"] == top.id
    assert record.after["name"] == "Tổ Dữ liệu số" and record.after["parent_id"] is None
    assert record.after["sort_order"] == 7


def test_closing_is_refused_while_active_people_are_in_the_division_and_names_them(session, login):
    user, unit = login(officer(session)), khcn(session)
    staffed = staffed_division(session, unit)
    people = session.exec(select(Person.full_name).where(Person.division_id == staffed.id, Person.active)).all()
    first = min(people, key=vn_name_key)  # named in Vietnamese order, the first few of them
    response = user.post(f"/units/so-khcn/divisions/{staffed.id}/close", {"closed_on": "01/11/2026"}, hx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and f"còn {len(people)} người" in html and first in html
    assert division(session, unit, staffed.code).closed_on is None


def test_closing_is_refused_while_an_open_child_division_is_in_it(session, tree):
    user, unit, top, child = tree
    response = user.post(f"/units/so-khcn/divisions/{top.id}/close", {"closed_on": "01/11/2026"}, hx=True)
    assert response.status_code == 422 and "Tổ Dữ liệu" in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == f"#division-{top.id}"


def test_a_closed_division_stays_greyed_with_its_date_and_can_be_reopened(session, tree):
    user, unit, top, child = tree
    response = user.post(f"/units/so-khcn/divisions/{child.id}/close", {"closed_on": "15/10/2026"}, hx=True)
    assert response.status_code == 200
    assert division(session, unit, "tt-a").closed_on == date(2026, 10, 15)
    record = audits(session, "division_closed")[-1]
    assert record.before["closed_on"] is None and record.after["closed_on"] == "2026-10-15"
    for page in ("/units/so-khcn/divisions", "/units/so-khcn"):  # the list and the history of the unit
        assert "Đã giải thể từ 15/10/2026" in user.get(page).get_data(as_text=True)
    assert user.post(f"/units/so-khcn/divisions/{child.id}/reopen", hx=True).status_code == 200
    assert division(session, unit, "tt-a").closed_on is None


def test_a_division_under_a_closed_parent_cannot_be_reopened(session, tree):
    user, unit, top, child = tree
    user.post(f"/units/so-khcn/divisions/{child.id}/close", {"closed_on": "15/10/2026"}, hx=True)
    user.post(f"/units/so-khcn/divisions/{top.id}/close", {"closed_on": "16/10/2026"}, hx=True)
    response = user.post(f"/units/so-khcn/divisions/{child.id}/reopen", hx=True)
    assert response.status_code == 422 and "Trung tâm Thông tin" in response.get_data(as_text=True)


def test_a_closing_date_in_the_future_or_typed_wrong_is_refused_in_vietnamese(session, tree):
    user, unit, top, child = tree
    for typed, message in (("31/12/2099", "không được sau ngày hôm nay"), ("32/13/2026", "Ngày không hợp lệ")):
        response = user.post(f"/units/so-khcn/divisions/{child.id}/close", {"closed_on": typed}, hx=True)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert division(session, unit, "tt-a").closed_on is None


def test_a_closed_division_is_not_offered_for_new_data_but_stays_on_history_pages(session, tree):
    user, unit, top, child = tree
    user.post(f"/units/so-khcn/divisions/{child.id}/close", {"closed_on": "15/10/2026"}, hx=True)
    session.expire_all()
    assert child.id not in {d.id for d in open_divisions(session, unit)}
    with pytest.raises(DomainError, match="đã giải thể từ 15/10/2026"):
        open_division(session, unit.id, child.id)  # what the staff list's "new person" form checks
    page = user.get("/units/so-khcn/divisions").get_data(as_text=True)
    parents = page[page.index('id="new-division-parent_id"'):].split("</select>")[0]
    assert "Tổ Dữ liệu" not in parents and "Trung tâm Thông tin" in parents
    assert _add(user, "tt-b", "Tổ mới", child).status_code == 422  # nor as the parent of a new division


def test_a_plain_form_post_works_without_htmx(session, login):
    user = login(officer(session))
    response = _add(user, "pl", "Phòng Pháp chế", hx=False)
    assert response.status_code == 303
    assert "Đã thêm Phòng Pháp chế." in user.get(response.headers["Location"]).get_data(as_text=True)
    refused = _add(user, "", "Không mã", hx=False)
    assert refused.status_code == 422 and "Vui lòng nhập mã." in refused.get_data(as_text=True)


def test_the_organiser_of_the_bloc_reads_the_divisions_but_cannot_change_them(session, login):
    unit = khcn(session)
    user = login(organiser_of(session, "chinhquyen"))
    page = user.get("/units/so-khcn/divisions")
    assert page.status_code == 200 and "Văn phòng Sở" in page.get_data(as_text=True)
    assert "<form" not in page.get_data(as_text=True).split("<main>")[1]
    target = division(session, unit, "vp")
    before = session.exec(select(AuditLog.id)).all()
    for path, data in (("/units/so-khcn/divisions", {"code": "x", "name": "X"}),
                       (f"/units/so-khcn/divisions/{target.id}", {"name": "Đổi tên"}),
                       (f"/units/so-khcn/divisions/{target.id}/close", {"closed_on": "01/11/2026"}),
                       (f"/units/so-khcn/divisions/{target.id}/reopen", {})):
        assert user.post(path, data, hx=True).status_code == 403
    assert user.get(f"/units/so-khcn/divisions/{target.id}/edit", hx=True).status_code == 403
    assert session.exec(select(AuditLog.id)).all() == before


@pytest.mark.parametrize("who", ["staff", "head", "manager"])
def test_the_units_other_users_cannot_change_its_divisions(session, login, who):
    user = login(username_of(session, "so-khcn", who))
    assert user.post("/units/so-khcn/divisions", {"code": "x", "name": "X"}, hx=True).status_code == 403
    assert "<form" not in user.get("/units/so-khcn/divisions").get_data(as_text=True).split("<main>")[1]


def test_the_officer_of_another_unit_can_neither_read_nor_change_them(session, login):
    user = login(username_of(session, "so-noi-vu", "personnel"))
    assert user.get("/units/so-khcn/divisions").status_code == 403
    assert user.post("/units/so-khcn/divisions", {"code": "x", "name": "X"}, hx=True).status_code == 403
    target = division(session, khcn(session), "vp")
    assert user.post(f"/units/so-khcn/divisions/{target.id}", {"name": "X"}, hx=True).status_code == 403


def test_the_admin_keeps_the_divisions_of_any_unit(session, login):
    user, unit = login("admin"), khcn(session)
    assert _add(user, "ad", "Phòng do quản trị thêm").status_code == 200
    record = audits(session, "division_created")[-1]
    assert record.unit_id == unit.id and record.after["name"] == "Phòng do quản trị thêm"


def test_the_history_pages_name_a_closed_division_as_closed_in_their_choices(session, tree, login):
    user, unit, top, child = tree
    user.post(f"/units/so-khcn/divisions/{child.id}/close", {"closed_on": "15/10/2026"}, hx=True)
    head = login(username_of(session, "so-khcn", "head"))
    for page in ("/hours", "/units/so-khcn/evaluations"):
        assert "Tổ Dữ liệu (đã giải thể)" in head.get(page).get_data(as_text=True), page


def test_without_htmx_the_edit_link_opens_the_page_with_the_row_as_a_form(session, tree):
    user, unit, top, child = tree
    page = user.get(f"/units/so-khcn/divisions/{child.id}/edit").get_data(as_text=True)
    assert f'<tr id="division-{child.id}" class="editing">' in page and 'id="division-form"' in page
    response = user.post(f"/units/so-khcn/divisions/{child.id}", {"name": "", "parent_id": top.id})
    assert response.status_code == 422 and "Vui lòng nhập tên phòng, ban." in response.get_data(as_text=True)
    assert f'<tr id="division-{child.id}" class="editing">' in response.get_data(as_text=True)
