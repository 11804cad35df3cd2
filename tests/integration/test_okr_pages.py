"""The OKR pages: the unit's tree with progress at each level, an objective's page, the inline check-in, the
drill-down, the person's OKR on their home page and stale key results on the to-do lists."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from webapp.clock import local_today
from webapp.models import KeyResult
from webapp.okr import keyresults, service

from .okr_data import (
    account,
    division_objective,
    entry,
    items_key_result,
    kr_input,
    okr_team,
    person_objective,
    unit_objective,
)


@pytest.fixture
def t(make):
    return okr_team(make)


def _two_levels(session, t):
    """A unit objective (KR from work 60 %, KR by check-in 40 %) and a division objective aligned to it."""
    objective = unit_objective(session, t)
    by_work = items_key_result(session, t.head, objective, t.item, weight="60", target="20")
    by_checkin = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "40", target="10"))
    division = division_objective(session, t)
    service.align(session, t.manager, division.id, objective.id)
    return objective, by_work, by_checkin, division


def test_the_units_tree_shows_each_objective_under_the_one_it_supports_with_its_progress(session, login, t):
    objective, by_work, _, division = _two_levels(session, t)
    entry(session, t.person, t.item, "10", date(2026, 10, 5))  # 15 of 20 → 75 % × 60 = 45 %
    page = login(account(session, t.head).username).get(f"/okr/units/{t.unit.code}?period=2026-Q4")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Mục tiêu và kết quả then chốt" in html and "Quý 4 năm 2026" in html
    unaligned = html.split('id="unaligned"')[1]
    assert f'id="node-{objective.id}"' in unaligned  # no province objective above it yet
    node = unaligned.split(f'id="node-{objective.id}"')[1]
    assert "45,00 %" in node.split("okr-tree")[0]
    assert f'id="node-{division.id}"' in node  # the division's objective hangs under the unit's
    assert 'data-bar="45.00"' in node  # static/js/app.js sets the width (the CSP refuses style=)


def test_a_person_sees_their_unit_and_division_but_not_another_unit(session, login, make, t):
    objective, *_ = _two_levels(session, t)
    client = login(account(session, t.staff).username)
    assert client.get(f"/okr/objectives/{objective.id}").status_code == 200
    stranger = okr_team(make)
    outsider = login(account(session, stranger.staff).username)
    assert outsider.get(f"/okr/objectives/{objective.id}").status_code == 404
    assert outsider.get(f"/okr/units/{t.unit.code}").status_code == 403


def test_the_owner_checks_in_inline_and_gets_the_key_result_back(session, login, t):
    _, _, by_checkin, _ = _two_levels(session, t)
    client = login(account(session, t.head).username)
    response = client.post(f"/okr/key-results/{by_checkin.id}/check-ins", hx=True, data={
        "value": "2,5", "confidence": "at_risk", "note": "Đã ban hành", "evidence_doc_number": "15/KH-SNV"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<article id="key-result-{by_checkin.id}"')
    assert "25,00 %" in html and "Có rủi ro" in html and "15/KH-SNV" in html


def test_a_check_in_without_evidence_is_shown_its_error_and_changes_nothing(session, login, t):
    _, _, by_checkin, _ = _two_levels(session, t)
    client = login(account(session, t.head).username)
    response = client.post(f"/okr/key-results/{by_checkin.id}/check-ins", hx=True,
                           data={"value": "2", "confidence": "on_track"})
    assert response.status_code == 422
    assert "Vui lòng nêu minh chứng" in response.get_data(as_text=True)
    other = login(account(session, t.manager).username)
    refused = other.post(f"/okr/key-results/{by_checkin.id}/check-ins", hx=True,
                         data={"value": "2", "confidence": "on_track", "evidence_link": "https://a.vn"})
    assert refused.status_code == 403


def test_the_drill_down_lists_the_entries_that_make_the_value(session, login, t):
    _, by_work, _, _ = _two_levels(session, t)
    counted = entry(session, t.person, t.item, "3", date(2026, 11, 3))
    returned = entry(session, t.person, t.item, "7", date(2026, 11, 3), status="returned")
    html = login(account(session, t.staff).username).get(f"/okr/key-results/{by_work.id}/entries").get_data(
        as_text=True)
    assert f'id="entry-{counted.id}"' in html and f'id="entry-{returned.id}"' not in html
    assert '<th class="num" id="entries-total">4,50</th>' in html


def test_creating_an_objective_through_the_form_refuses_bad_input_in_vietnamese(session, login, t):
    client = login(account(session, t.head).username)
    form = client.get("/okr/new?level=unit&period=2026-Q4").get_data(as_text=True)
    assert f'value="{t.organiser.account_id}"' in form
    bad = client.post("/okr/objectives", data={"level": "unit", "period": "13/2026", "title": "x",
                                               "reviewer_id": str(t.organiser.account_id)})
    assert bad.status_code == 422 and "Kỳ báo cáo không hợp lệ" in bad.get_data(as_text=True)
    good = client.post("/okr/objectives", data={"level": "unit", "period": "Quý 4/2026", "title": "Mục tiêu A",
                                                "reviewer_id": str(t.organiser.account_id)})
    assert good.status_code == 303


def test_adding_a_key_result_with_weights_over_100_percent_re_renders_the_form(session, login, t):
    objective, *_ = _two_levels(session, t)
    client = login(account(session, t.head).username)
    response = client.post(f"/okr/objectives/{objective.id}/key-results", data={
        "title": "KR thêm", "baseline": "0", "target": "5", "weight": "10", "measured_by": "checkin"})
    assert response.status_code == 422
    assert "Tổng trọng số vượt 100 %" in response.get_data(as_text=True)
    assert len(session.exec(select(KeyResult).where(KeyResult.objective_id == objective.id)).all()) == 2


def test_a_persons_okr_shows_on_their_home_page(session, login, t):
    today = local_today()
    objective = person_objective(session, t, period=str(today.year))
    keyresults.add_key_result(session, t.staff, objective.id, kr_input("checkin", "100"))
    html = login(account(session, t.staff).username).get("/").get_data(as_text=True)
    assert 'id="my-okr"' in html and objective.title in html


def test_a_key_result_without_news_for_the_configured_days_is_on_the_owners_and_reviewers_to_do(session, login, t):
    today = local_today()
    objective = unit_objective(session, t, period=str(today.year))
    key_result = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "100"))
    key_result.created_at = key_result.created_at - timedelta(days=15)
    session.flush()
    owner = login(account(session, t.head).username).get("/").get_data(as_text=True)
    assert 'id="todo-stale"' in owner and "cập nhật tiến độ" in owner.split('id="todo-stale"')[1]
    reviewer = login(account(session, t.organiser).username).get("/").get_data(as_text=True)
    assert "đôn đốc người chủ trì cập nhật" in reviewer
    keyresults.check_in(session, t.head, key_result.id,
                        keyresults.CheckInInput("on_track", value=Decimal("1"), evidence_link="https://a.vn"))
    assert 'id="todo-stale"' not in login(account(session, t.head).username).get("/").get_data(as_text=True)


def test_the_owner_edits_a_draft_key_result_inline_and_a_bad_weight_is_refused(session, login, t):
    _, _, by_checkin, _ = _two_levels(session, t)
    client = login(account(session, t.head).username)
    fields = {"title": "Đề án được duyệt", "baseline": "0", "target": "8", "measured_by": "checkin"}
    refused = client.post(f"/okr/key-results/{by_checkin.id}", hx=True, data={**fields, "weight": "50"})
    assert refused.status_code == 422 and "chỉ còn 40 %" in refused.get_data(as_text=True)
    saved = client.post(f"/okr/key-results/{by_checkin.id}", hx=True, data={**fields, "weight": "40"})
    assert saved.status_code == 200 and "chỉ tiêu 8" in saved.get_data(as_text=True)
    session.refresh(by_checkin)
    assert (by_checkin.title, by_checkin.target) == ("Đề án được duyệt", Decimal("8"))


def test_an_organiser_opens_the_okr_of_the_first_unit_of_their_bloc_and_may_choose_another(session, login, make, t):
    organiser = make.organiser("chinhquyen")
    client = login(organiser.username)
    response = client.get("/okr")
    assert response.status_code in (302, 303) and "/okr/units/" in response.headers["Location"]
    html = client.get(f"/okr/units/{t.unit.code}").get_data(as_text=True)
    assert f'<option value="{t.unit.code}" selected>{t.unit.name}</option>' in html
