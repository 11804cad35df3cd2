"""Results and the catalogue out: only published monthly results, only the client's units, cursor pages,
decimals as strings."""
from datetime import date
from decimal import Decimal

from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.evaluations import service as evaluations
from webapp.models import CatalogueItem, EvaluationSheet, Period

from .api_data import OTHER_UNIT, bearer, client_for
from .evaluation_data import team

RESULTS = "/api/v1/units/so-noi-vu/results"
CATALOGUE = "/api/v1/units/so-noi-vu/catalogue"


def _july(session) -> list[EvaluationSheet]:
    """July closed in Sở Nội vụ: the first two sheets published (85,125 points, band tốt), the rest approved."""
    t = team(session)
    evaluations.close_month(session, Actor.from_account(t.head), date(2026, 7, 1), t.unit)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-07")).one()
    sheets = session.exec(select(EvaluationSheet).where(EvaluationSheet.period_id == period.id)
                          .order_by(EvaluationSheet.id)).all()
    for n, sheet in enumerate(sheets):
        sheet.state = "published" if n < 2 else "approved"
        sheet.total_points, sheet.band = Decimal("85.125"), "tot"
    session.commit()
    return sheets


def test_only_published_results_of_the_month_are_listed_with_points_as_strings(client, session):
    sheets = _july(session)
    _, token = client_for(session, scopes=("results:read",), name="CSDL cán bộ")
    response = client.raw.get(f"{RESULTS}?month=2026-07", headers=bearer(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    items = response.get_json()["items"]
    assert len(items) == 2 and response.get_json()["next_cursor"] is None
    assert items[0]["points"] == "85.13" and items[0]["band"] == "tot"
    assert items[0]["band_name"] == "Hoàn thành tốt nhiệm vụ" and items[0]["person"]["full_name"]
    assert len(sheets) > 2  # the approved ones exist and are not sent


def test_results_come_in_cursor_pages(client, session):
    _july(session)
    _, token = client_for(session, scopes=("results:read",), name="CSDL cán bộ")
    first = client.raw.get(f"{RESULTS}?month=2026-07&limit=1", headers=bearer(token)).get_json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.raw.get(f"{RESULTS}?month=2026-07&limit=1&cursor={first['next_cursor']}",
                            headers=bearer(token)).get_json()
    assert len(second["items"]) == 1 and second["items"][0] != first["items"][0]
    other = client.raw.get(f"{RESULTS}?month=2026-08&cursor={first['next_cursor']}", headers=bearer(token))
    assert other.status_code == 400 and other.get_json()["code"] == "invalid_cursor"  # another listing's cursor


def test_a_month_without_a_period_has_no_results(client, session):
    _, token = client_for(session, scopes=("results:read",), name="CSDL cán bộ")
    assert client.raw.get(f"{RESULTS}?month=2031-01", headers=bearer(token)).get_json() == {
        "items": [], "next_cursor": None}


def test_a_bad_month_an_unknown_unit_and_a_unit_outside_the_list_are_problems(client, session):
    _, token = client_for(session, scopes=("results:read",), name="CSDL cán bộ")
    for path, status, code in ((f"{RESULTS}?month=07/2026", 400, "invalid_month"), (RESULTS, 400, "invalid_month"),
                               ("/api/v1/units/khong-co/results?month=2026-07", 404, "unknown_unit"),
                               (f"/api/v1/units/{OTHER_UNIT}/results?month=2026-07", 403, "unit_not_allowed")):
        response = client.raw.get(path, headers=bearer(token))
        assert (response.status_code, response.get_json()["code"]) == (status, code), path
        assert response.mimetype == "application/problem+json"


def test_results_need_the_results_scope(client, session):
    _, token = client_for(session, scopes=("catalogue:read",), name="Chỉ đọc danh mục")
    response = client.raw.get(f"{RESULTS}?month=2026-07", headers=bearer(token))
    assert response.status_code == 403 and response.get_json()["code"] == "insufficient_scope"


def test_the_catalogue_lists_the_units_items_with_k_as_a_string(client, session):
    t = team(session)
    _, token = client_for(session, scopes=("catalogue:read",), name="Bảng điều hành")
    count = len(session.exec(select(CatalogueItem.id).where(CatalogueItem.unit_id == t.unit.id,
                                                            CatalogueItem.active)).all())
    items, cursor = [], ""
    while True:
        page = client.raw.get(f"{CATALOGUE}?limit=200{cursor}", headers=bearer(token)).get_json()
        items += page["items"]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert len(items) == count
    snv = next(item for item in items if item["code"] == "SNV-001")
    row = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == t.unit.id,
                                                   CatalogueItem.code == "SNV-001")).one()
    assert snv["k"] == str(row.coefficient) and isinstance(snv["k"], str)
    assert snv["effective_from"] == row.effective_from.isoformat() and snv["group"] == row.task_group
    assert snv["unit_of_measure"] == row.unit_of_measure


def test_the_catalogue_of_a_unit_outside_the_list_is_refused(client, session):
    _, token = client_for(session, scopes=("catalogue:read",), name="Bảng điều hành")
    response = client.raw.get(f"/api/v1/units/{OTHER_UNIT}/catalogue", headers=bearer(token))
    assert response.status_code == 403 and response.get_json()["code"] == "unit_not_allowed"


def test_the_unit_index_of_a_refreshed_month_comes_with_its_divisions_and_decimals_as_strings(client, session):
    from webapp.performance.refresh import refresh_month

    sheets = _july(session)
    refresh_month(session, date(2026, 7, 1), [sheets[0].unit_id])
    session.commit()
    _, token = client_for(session, scopes=("results:read",), name="Bảng điều hành tỉnh")
    body = client.raw.get("/api/v1/units/so-noi-vu/index?month=2026-07", headers=bearer(token)).get_json()
    assert body["unit"] == "so-noi-vu" and body["month"] == "2026-07" and body["refreshed_at"]
    assert body["figures"]["headcount"] >= len(sheets) and isinstance(body["figures"]["average_points"], str)
    assert body["divisions"] and all(d["figures"]["headcount"] >= 0 for d in body["divisions"])
    never = client.raw.get("/api/v1/units/so-noi-vu/index?month=2031-01", headers=bearer(token)).get_json()
    assert never["figures"] is None and never["divisions"] == []
    assert client.raw.get("/api/v1/units/so-noi-vu/index?month=07-2026", headers=bearer(token)).status_code == 400
