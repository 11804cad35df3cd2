"""The index pages: the bloc's and the province's tables with roll-ups, server-side sorting, drill-down links,
the unit's page and trend with their charts, the refresh button, and scope."""
import re
from datetime import date

import pytest

from webapp.performance.refresh import refresh_month

from .performance_data import OCTOBER, TODAY, october


@pytest.fixture
def seeded(session, make):
    """Two units of the government bloc (hand-made October) and one of the Party bloc, refreshed."""
    first = october(session, make)
    second = october(session, make)
    second.people["C"].left_on, second.people["C"].active = date(2026, 9, 1), False  # fewer people, other ratios
    party = october(session, make, bloc="dang")
    organiser = make.organiser("chinhquyen")
    other = make.organiser("dang")
    session.commit()
    refresh_month(session, OCTOBER, [first.unit.id, second.unit.id, party.unit.id], today=TODAY)
    return {"first": first, "second": second, "party": party, "organiser": organiser, "other": other}


def _ids_in_order(html: str, kind: str = "unit") -> list[int]:
    """The unit rows' ids in the order the table shows them."""
    return [int(n) for n in re.findall(rf'<tr id="{kind}-(\d+)"', html)]


def test_the_organiser_sees_their_blocs_units_and_the_blocs_roll_up_only(login, seeded):
    html = login(seeded["organiser"].username).get("/performance?month=2026-10").get_data(as_text=True)
    shown = _ids_in_order(html)
    assert seeded["first"].unit.id in shown and seeded["second"].unit.id in shown
    assert seeded["party"].unit.id not in shown
    assert 'class="rollup" id="bloc-' in html and "Toàn tỉnh" not in html.split("<table")[1]
    assert "Số liệu cập nhật lúc" in html and "Cách tính các chỉ số" in html


def test_the_admin_sees_every_bloc_and_the_province_row(login, seeded):
    html = login("admin").get("/performance?month=2026-10").get_data(as_text=True)
    assert {seeded["first"].unit.id, seeded["party"].unit.id} <= set(_ids_in_order(html))
    assert 'id="province-all"' in html and html.count('class="rollup" id="bloc-') >= 2


def test_sorting_by_coverage_follows_the_figures_both_ways(login, seeded):
    client = login(seeded["organiser"].username)
    first, second = seeded["first"].unit.id, seeded["second"].unit.id
    # second lost C (2 of 22 days kept) → 3 of 55 days against first's 5 of 77
    down = _ids_in_order(client.get("/performance?month=2026-10&sort=coverage&dir=desc").get_data(as_text=True))
    up = _ids_in_order(client.get("/performance?month=2026-10&sort=coverage&dir=asc").get_data(as_text=True))
    mine = [i for i in down if i in (first, second)]
    assert mine == [first, second]
    assert [i for i in up if i in (first, second)] == mine[::-1]


def test_each_header_links_to_its_sort_and_the_active_one_flips(login, seeded):
    html = login(seeded["organiser"].username).get("/performance?month=2026-10&sort=coverage&dir=desc").get_data(
        as_text=True)
    assert re.search(r'data-sort="coverage" href="[^"]*sort=coverage&amp;dir=asc', html)
    assert re.search(r'data-sort="average_points" href="[^"]*sort=average_points&amp;dir=desc', html)


def test_a_figure_leads_to_the_units_table_and_from_there_to_a_persons_sheet(login, seeded):
    client = login(seeded["organiser"].username)
    code = seeded["first"].unit.code
    html = client.get("/performance?month=2026-10").get_data(as_text=True)
    assert f"/units/{code}/evaluations?month=2026-10" in html
    table = client.get(f"/units/{code}/evaluations?month=2026-10").get_data(as_text=True)
    sheet = re.search(r'href="(/evaluations/sheets/\d+)"', table) or re.search(r'href="(/sheets/\d+[^"]*)"', table)
    assert sheet and client.get(sheet.group(1)).status_code == 200


def test_the_unit_page_shows_its_divisions_the_cap_check_and_the_band_chart(login, seeded):
    month = seeded["first"]
    html = login(seeded["organiser"].username).get(f"/performance/units/{month.unit.code}?month=2026-10").get_data(
        as_text=True)
    assert f'id="division-{month.pt.id}"' in html and f'id="division-{month.kt.id}"' in html
    assert "Vượt tỷ lệ xuất sắc 1 người" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart"' in html and "<title id=" in html
    assert 'id="band-distribution"' in html and " style=" not in html


def test_the_trend_page_draws_twelve_months_with_a_table_beside(login, seeded):
    html = login(seeded["organiser"].username).get(
        f"/performance/units/{seeded['first'].unit.code}/trend?month=2026-10").get_data(as_text=True)
    assert html.count('class="chart line-chart"') == 2 and "<polyline" in html
    assert "11/2025" in html and "10/2026" in html and 'id="trend-table"' in html


def test_an_organiser_of_another_bloc_is_refused_everywhere(login, seeded):
    client = login(seeded["other"].username)
    code = seeded["first"].unit.code
    bloc = seeded["first"].unit.bloc_id
    for path in (f"/performance/units/{code}?month=2026-10", f"/performance/units/{code}/trend?month=2026-10",
                 f"/performance?month=2026-10&bloc={bloc}"):
        assert client.get(path).status_code in (403, 404), path


def test_the_head_sees_their_own_units_index_but_not_the_province(login, session, make, seeded):
    head = make.person(seeded["first"].unit, role="head")[1]
    session.commit()
    client = login(head.username)
    assert client.get(f"/performance/units/{seeded['first'].unit.code}?month=2026-10").status_code == 200
    assert client.get(f"/performance/units/{seeded['party'].unit.code}?month=2026-10").status_code in (403, 404)
    assert client.get("/performance?month=2026-10").status_code == 403


def test_staff_may_not_open_the_index(login, session, seeded):
    staff = seeded["first"].people["A"]
    from sqlmodel import select

    from webapp.models import UserAccount
    account = session.exec(select(UserAccount).where(UserAccount.person_id == staff.id)).one()
    assert login(account.username).get(f"/performance/units/{seeded['first'].unit.code}").status_code == 403


def test_the_refresh_button_runs_the_job_and_says_so(login, seeded):
    client = login(seeded["organiser"].username)
    response = client.post("/performance/refresh", data={"month": "2026-10"})
    assert response.status_code == 303
    html = client.get("/performance?month=2026-10").get_data(as_text=True)
    assert "Đã cập nhật số liệu" in html
    fragment = client.post("/performance/refresh", data={"month": "2026-10"}, hx=True).get_data(as_text=True)
    assert 'id="performance-refresh"' in fragment and "Đã cập nhật" in fragment


def test_a_head_may_not_press_the_refresh_button(login, session, make, seeded):
    head = make.person(seeded["first"].unit, role="head")[1]
    session.commit()
    assert login(head.username).post("/performance/refresh", data={"month": "2026-10"}).status_code == 403


def test_a_month_still_to_come_is_refused_with_a_message(login, seeded):
    response = login("admin").get("/performance?month=2099-01")
    assert response.status_code == 422 and "tháng chưa đến" in response.get_data(as_text=True)


def test_the_menu_offers_the_index_to_organisers_and_admins(login, seeded):
    for username in (seeded["organiser"].username, "admin"):
        assert 'href="/performance"' in login(username).get("/").get_data(as_text=True)
