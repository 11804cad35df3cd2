"""Every page shows only what the role and the place in the organisation tree allow."""
import pytest

from ..helpers import organiser_of, username_of

PILOTS = ["hac-thanh", "dong-son", "so-noi-vu", "so-khcn"]
UNIT_PAGES = ["/units/{}", "/units/{}/positions", "/units/{}/catalogue"]


@pytest.mark.parametrize("page", UNIT_PAGES)
def test_a_staff_member_cannot_open_another_units_pages(login, session, page):
    user = login(username_of(session, "hac-thanh", "staff"))
    assert user.get(page.format("dong-son")).status_code in (403, 404)
    assert user.get(page.format("hac-thanh")).status_code == 200


def test_an_htmx_search_of_another_units_catalogue_is_refused(login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    response = user.get("/units/so-noi-vu/catalogue?q=van", hx=True)
    assert response.status_code == 403
    assert "Thẩm định" not in response.get_data(as_text=True)


def test_a_head_sees_only_their_own_unit_in_the_tree(login, session):
    page = login(username_of(session, "so-khcn", "head")).get("/org").get_data(as_text=True)
    assert "Sở Khoa học và Công nghệ" in page
    assert "Sở Nội vụ tỉnh" not in page and "Hạc Thành" not in page


def test_a_province_organiser_sees_only_their_bloc(login, session):
    government = login(organiser_of(session, "chinhquyen")).get("/org").get_data(as_text=True)
    for name in ("Hạc Thành", "Đông Sơn", "Sở Nội vụ", "Sở Khoa học và Công nghệ"):
        assert name in government
    assert "Ban Tổ chức Tỉnh ủy" not in government
    party = login(organiser_of(session, "dang"))
    assert "Ban Tổ chức Tỉnh ủy" in party.get("/org").get_data(as_text=True)
    assert "Hạc Thành" not in party.get("/org").get_data(as_text=True)
    assert party.get("/units/hac-thanh/catalogue").status_code == 403


def test_an_organiser_of_another_bloc_cannot_open_a_factory_unit(login, make, session):
    unit = make.unit(bloc="mttq")
    session.commit()
    assert login(organiser_of(session, "chinhquyen")).get(f"/units/{unit.code}").status_code == 403
    assert login(organiser_of(session, "mttq")).get(f"/units/{unit.code}").status_code == 200


def test_the_administrator_sees_every_unit(login, session):
    page = login("admin").get("/org").get_data(as_text=True)
    for name in ("Hạc Thành", "Ban Tổ chức Tỉnh ủy", "Mặt trận Tổ quốc"):
        assert name in page


def test_an_unknown_unit_is_not_found(login, session):
    assert login(username_of(session, "hac-thanh", "staff")).get("/units/khong-co").status_code == 404
