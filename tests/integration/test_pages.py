"""The foundation pages: home by role, organisation tree, positions, catalogue with active search."""
import re

from sqlmodel import select

from webapp.models import Person

from ..helpers import organiser_of, username_of
from .worklog_data import team


def test_a_hac_thanh_staff_member_sees_their_units_catalogue(login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    page = user.get("/units/hac-thanh/catalogue").get_data(as_text=True)
    assert "Danh mục sản phẩm/công việc" in page
    assert page.count('<tr id="item-') >= 40
    assert "HT-001" in page and "1,00" in page


def test_active_search_returns_only_the_rows_fragment_and_ignores_diacritics(login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    response = user.get("/units/hac-thanh/catalogue?q=ho+so", hx=True)
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<tbody id="catalogue-rows">')
    assert "<html" not in body
    assert "hồ sơ" in body.lower()
    assert "HX-Request" in response.headers["Vary"]


def test_a_history_restore_gets_the_whole_page(login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    response = user.get("/units/hac-thanh/catalogue?q=ho", headers={"HX-Request": "true",
                                                                    "HX-History-Restore-Request": "true"})
    assert "<html" in response.get_data(as_text=True)


def test_the_catalogue_filters_by_group_and_position(login, session):
    user = login(username_of(session, "so-noi-vu", "personnel"))
    only_a = user.get("/units/so-noi-vu/catalogue?group=A", hx=True).get_data(as_text=True)
    groups = {cell for cell in _group_cells(only_a)}
    assert groups == {"A"}


def _group_cells(html: str) -> list[str]:
    """The fourth cell of each item row."""
    import re
    return [row[3] for row in re.findall(r'<tr id="item-\d+">\s*' + r'\s*'.join([r"<td[^>]*>(.*?)</td>"] * 6), html)]


def test_the_positions_page_lists_competencies_with_levels(login, session):
    page = login(username_of(session, "so-khcn", "staff")).get("/units/so-khcn/positions").get_data(as_text=True)
    assert "Khung năng lực" in page and "Bản mô tả công việc" in page
    assert "Lãnh đạo, quản lý" in page


def test_the_unit_page_shows_the_division_tree_with_people(login, session):
    page = login(username_of(session, "dong-son", "manager")).get("/units/dong-son").get_data(as_text=True)
    assert "Văn phòng HĐND và UBND" in page
    assert "Phòng Văn hóa - Xã hội" in page


def test_the_organiser_home_lists_the_units_of_their_bloc(login, session):
    page = login(organiser_of(session, "chinhquyen")).get("/").get_data(as_text=True)
    assert "Cơ quan, đơn vị trong phạm vi theo dõi" in page and "Thí điểm" in page


def test_pages_load_only_vendored_assets(client):
    page = client.get("/login").get_data(as_text=True)
    assert "/static/js/htmx-2.0.11.min.js" in page
    assert "http://" not in page and "https://" not in page and 'src="//' not in page
    assert '"historyRestoreAsHxRequest": false' in page


def test_the_unit_page_shows_who_manages_whom(login, session):
    t = team(session)
    name = {p.id: p.full_name for p in session.exec(select(Person).where(Person.unit_id == t.unit.id))}
    page = login(t.staff.username).get(f"/units/{t.unit.code}").get_data(as_text=True)
    section = re.search(r'<section id="management".*?</section>', page, re.S).group(0)
    assert name[t.head.person_id] in re.search(r'<dd id="management-head">.*?</dd>', section, re.S).group(0)
    managed = re.search(rf'<dd id="managed-by-{t.manager.person_id}">.*?</dd>', section, re.S).group(0)
    assert name[t.person_id] in managed and name[t.colleague.person_id] in managed
    other = re.search(rf'<dd id="managed-by-{t.other_manager.person_id}">.*?</dd>', section, re.S).group(0)
    assert name[t.person_id] not in other
    staff_row = re.search(rf'<tr id="person-{t.person_id}">.*?</tr>', page, re.S).group(0)
    assert re.search(rf'class="direct-leader">{name[t.manager.person_id]}</td>', staff_row)
    manager_row = re.search(rf'<tr id="person-{t.manager.person_id}">.*?</tr>', page, re.S).group(0)
    assert re.search(rf'class="direct-leader">{name[t.head.person_id]}</td>', manager_row)
    head_row = re.search(rf'<tr id="person-{t.head.person_id}">.*?</tr>', page, re.S).group(0)
    assert "Cấp trên trực tiếp" in head_row
