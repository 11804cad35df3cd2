"""Vị trí việc làm kept in the app by the unit's personnel officer (and the admin): code, name, Thông tư 12/2022
group, description and competency framework; retired only when nobody active holds it; read-only for the others."""
import pytest
from sqlmodel import select

from webapp.errors import DomainError
from webapp.models import AuditLog, Competency, JobPosition, Person
from webapp.org.positions import framework_of, open_position, open_positions

from ..helpers import organiser_of, username_of
from .org_data import audits, khcn, officer, position

DESCRIPTION = "Tham mưu quản lý dữ liệu khoa học.\nTổng hợp báo cáo chuyển đổi số hằng tháng."


def _add(user, code: str = "CV-DL", name: str = "Chuyên viên dữ liệu", group: str = "professional",
         description: str = DESCRIPTION, hx: bool = True):
    """Post the add form."""
    return user.post("/units/so-khcn/positions", {"code": code, "name": name, "position_group": group,
                                                  "description": description}, hx=hx)


@pytest.fixture
def added(session, login):
    """The officer signed in, with a new position CV-DL holding two competencies."""
    user, unit = login(officer(session)), khcn(session)
    assert _add(user).status_code == 200
    new = position(session, unit, "CV-DL")
    for name, level in (("Phân tích dữ liệu", "4"), ("Soạn thảo văn bản", "3")):
        response = user.post(f"/units/so-khcn/positions/{new.id}/competencies", {"name": name, "required_level": level},
                             hx=True)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return user, unit, new


def test_the_officer_adds_a_position_with_its_group_and_multi_line_description(session, added):
    user, unit, new = added
    assert (new.position_group, new.description, new.active) == ("professional", DESCRIPTION, True)
    record = next(a for a in audits(session, "position_created") if a.entity_id == new.id)
    assert record.before == {} and record.after["code"] == "CV-DL" and record.after["description"] == DESCRIPTION
    page = user.get("/units/so-khcn/positions").get_data(as_text=True)
    assert "Chuyên môn, nghiệp vụ" in page and "Phân tích dữ liệu" in page


def test_the_framework_keeps_its_order_and_levels(session, added):
    user, unit, new = added
    assert [(c.name, c.required_level) for c in framework_of(session, new.id)] == [
        ("Phân tích dữ liệu", 4), ("Soạn thảo văn bản", 3)]


def test_a_level_outside_one_to_five_or_a_repeated_competency_is_refused_at_the_field(session, added):
    user, unit, new = added
    url = f"/units/so-khcn/positions/{new.id}/competencies"
    for data, message in (({"name": "Giao tiếp", "required_level": "6"}, "Cấp độ yêu cầu từ 1 đến 5."),
                          ({"name": "phan tich du lieu", "required_level": "2"}, "Năng lực này đã có"),
                          ({"name": "", "required_level": "2"}, "Vui lòng nhập tên năng lực.")):
        response = user.post(url, data, hx=True)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert len(framework_of(session, new.id)) == 2


def test_a_competency_is_edited_moved_and_removed_with_before_and_after_in_the_log(session, added):
    user, unit, new = added
    first, second = framework_of(session, new.id)
    assert user.post(f"/units/so-khcn/competencies/{second.id}", {"name": "Soạn thảo văn bản hành chính",
                                                                  "required_level": "5"}, hx=True).status_code == 200
    changed = audits(session, "competency_changed")[-1]
    assert changed.before["required_level"] == 3 and changed.after["required_level"] == 5
    assert changed.unit_id == unit.id
    assert user.post(f"/units/so-khcn/competencies/{second.id}/move", {"direction": "up"}, hx=True).status_code == 200
    session.expire_all()
    assert [c.id for c in framework_of(session, new.id)] == [second.id, first.id]
    assert user.post(f"/units/so-khcn/competencies/{first.id}/delete", hx=True).status_code == 200
    session.expire_all()
    assert [c.name for c in framework_of(session, new.id)] == ["Soạn thảo văn bản hành chính"]
    removed = audits(session, "competency_removed")[-1]
    assert removed.before["name"] == "Phân tích dữ liệu" and removed.after == {}


def test_editing_a_position_is_audited_and_a_code_of_another_position_is_refused(session, added):
    user, unit, new = added
    data = {"code": "CV-DLS", "name": "Chuyên viên dữ liệu số", "position_group": "professional",
            "description": "Mô tả mới"}
    assert user.post(f"/units/so-khcn/positions/{new.id}", data, hx=True).status_code == 200
    record = audits(session, "position_changed")[-1]
    assert (record.before["code"], record.after["code"]) == ("CV-DL", "CV-DLS")
    taken = session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id, JobPosition.id != new.id)).first()
    response = user.post(f"/units/so-khcn/positions/{new.id}", {**data, "code": taken.code}, hx=True)
    assert response.status_code == 422 and f"Mã {taken.code} đã có trong cơ quan, đơn vị." in response.get_data(
        as_text=True)


def test_an_unknown_group_or_a_missing_name_is_refused_in_vietnamese(session, login):
    user = login(officer(session))
    response = _add(user, group="")
    assert response.status_code == 422 and "Vui lòng chọn nhóm vị trí việc làm." in response.get_data(as_text=True)
    response = _add(user, name="  ")
    assert response.status_code == 422 and "Vui lòng nhập tên vị trí việc làm." in response.get_data(as_text=True)
    assert _add(user, group="boss").status_code == 422


def test_retiring_is_refused_while_active_people_hold_the_position_and_names_them(session, login):
    user, unit = login(officer(session)), khcn(session)
    held = session.exec(select(Person).where(Person.unit_id == unit.id, Person.active,
                                             Person.position_id.is_not(None))).first()
    response = user.post(f"/units/so-khcn/positions/{held.position_id}/retire", {"retired_on": "01/11/2026"}, hx=True)
    assert response.status_code == 422 and held.full_name in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(JobPosition, held.position_id).active


def test_a_retired_position_is_not_offered_for_new_data_and_can_be_restored(session, added):
    user, unit, new = added
    assert user.post(f"/units/so-khcn/positions/{new.id}/retire", {"retired_on": "01/11/2026"},
                     hx=True).status_code == 200
    session.expire_all()
    assert new.id not in {p.id for p in open_positions(session, unit)}
    with pytest.raises(DomainError, match="đã thôi sử dụng"):
        open_position(session, unit.id, new.id)
    record = audits(session, "position_retired")[-1]
    assert record.before["active"] is True and record.after["retired_on"] == "2026-11-01"
    page = user.get("/units/so-khcn/positions").get_data(as_text=True)
    assert "Thôi sử dụng từ 01/11/2026" in page  # still shown, greyed
    assert user.post(f"/units/so-khcn/positions/{new.id}/competencies", {"name": "X", "required_level": "1"},
                     hx=True).status_code == 422  # its framework is frozen until it is restored
    assert user.post(f"/units/so-khcn/positions/{new.id}/restore", hx=True).status_code == 200
    assert position(session, unit, "CV-DL").active


def test_a_plain_form_post_works_without_htmx(session, login):
    user = login(officer(session))
    response = _add(user, code="CV-PL", name="Chuyên viên pháp chế", hx=False)
    assert response.status_code == 303
    assert "Đã thêm vị trí việc làm Chuyên viên pháp chế." in user.get(response.headers["Location"]).get_data(
        as_text=True)
    refused = _add(user, code="có dấu", hx=False)
    assert refused.status_code == 422 and "Mã chỉ gồm chữ cái không dấu" in refused.get_data(as_text=True)


def _writes(new: JobPosition, competency: Competency) -> list[tuple[str, dict]]:
    """Every write of the positions page."""
    return [("/units/so-khcn/positions", {"code": "X", "name": "X", "position_group": "support"}),
            (f"/units/so-khcn/positions/{new.id}", {"code": "X", "name": "X", "position_group": "support"}),
            (f"/units/so-khcn/positions/{new.id}/retire", {"retired_on": "01/11/2026"}),
            (f"/units/so-khcn/positions/{new.id}/restore", {}),
            (f"/units/so-khcn/positions/{new.id}/competencies", {"name": "X", "required_level": "2"}),
            (f"/units/so-khcn/competencies/{competency.id}", {"name": "X", "required_level": "2"}),
            (f"/units/so-khcn/competencies/{competency.id}/move", {"direction": "down"}),
            (f"/units/so-khcn/competencies/{competency.id}/delete", {})]


@pytest.mark.parametrize("who", ["organiser", "staff", "head", "other unit's officer"])
def test_only_the_units_officer_and_the_admin_change_positions(session, login, added, who):
    _, unit, new = added
    username = {"organiser": organiser_of(session, "chinhquyen"), "other unit's officer":
                username_of(session, "so-noi-vu", "personnel")}.get(who) or username_of(session, "so-khcn", who)
    user = login(username)
    competency = framework_of(session, new.id)[0]
    before = session.exec(select(AuditLog.id)).all()
    for path, data in _writes(new, competency):
        assert user.post(path, data, hx=True).status_code == 403, path
    assert session.exec(select(AuditLog.id)).all() == before
    page = user.get("/units/so-khcn/positions")
    if who != "other unit's officer":  # the others read the page, without a form
        assert page.status_code == 200 and "Phân tích dữ liệu" in page.get_data(as_text=True)
        assert "<form" not in page.get_data(as_text=True).split("<main>")[1]
    else:
        assert page.status_code == 403


def test_the_admin_keeps_the_positions_of_any_unit(session, login):
    user, unit = login("admin"), khcn(session)
    assert _add(user, code="HT-01", name="Nhân viên hỗ trợ", group="support").status_code == 200
    assert position(session, unit, "HT-01").position_group == "support"


def test_without_htmx_a_refused_competency_shows_its_error_in_the_card_on_the_page(session, added):
    user, unit, new = added
    response = user.post(f"/units/so-khcn/positions/{new.id}/competencies", {"name": "Giao tiếp",
                                                                             "required_level": "9"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<h1>Vị trí việc làm</h1>" in html and "Cấp độ yêu cầu từ 1 đến 5." in html
    assert user.get(f"/units/so-khcn/positions/{new.id}/edit").status_code == 200
