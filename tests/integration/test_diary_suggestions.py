"""Suggestions from the e-office on the person's diary: shown with Xác nhận / Bỏ qua; confirming makes an
ordinary draft entry with the evidence, dismissing hides it; each once under a double click; nothing counts
until confirmed."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import delete
from sqlmodel import func, select

from webapp.db import new_session
from webapp.models import ApiClientUnit, AuditLog, DiaryEntry, WorkSuggestion
from webapp.worklog import queries, suggestions

from .api_data import client_for, event, post_json
from .worklog_data import actor, close_month, team, working_day


def _suggest(client, session, t, day=None, **fields) -> int:
    """A suggestion of the team's staff member made through the API; its id."""
    _, token = client_for(session, name=fields.pop("name", "Hệ thống QLVB"))
    body = event({"username": t.staff.username}, day or working_day(session), **fields)
    response = post_json(client.raw, "/api/v1/work-events", token, body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def _entries(session, t) -> list[DiaryEntry]:
    """The staff member's diary entries."""
    return list(session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.staff.person_id)).all())


def test_the_diary_shows_a_waiting_suggestion_with_both_buttons(client, login, session):
    t = team(session)
    suggestion_id = _suggest(client, session, t)
    html = login(t.staff.username).get("/diary").get_data(as_text=True)
    assert "Đề xuất từ hệ thống văn bản" in html and f'id="suggestion-{suggestion_id}"' in html
    assert "Xác nhận" in html and "Bỏ qua" in html and "123/QĐ-SNV" in html


def test_a_suggestion_is_not_shown_on_a_colleagues_diary(client, login, session):
    t = team(session)
    suggestion_id = _suggest(client, session, t)
    html = login(t.colleague.username).get("/diary").get_data(as_text=True)
    assert f'id="suggestion-{suggestion_id}"' not in html


def test_confirming_makes_a_draft_entry_with_the_evidence_and_is_audited(client, login, session):
    t, day = team(session), working_day(session)
    suggestion_id = _suggest(client, session, t, day, quantity="2")
    response = login(t.staff.username).post(f"/diary/suggestions/{suggestion_id}/confirm", hx=True)
    assert response.status_code == 200 and "Đã thêm vào nhật ký" in response.get_data(as_text=True)
    [entry] = _entries(session, t)
    assert (entry.status, entry.work_date, str(entry.quantity)) == ("draft", day, "2.00")
    assert (entry.evidence_doc_number, entry.evidence_doc_date) == ("123/QĐ-SNV", day)
    assert entry.evidence_link == "https://vanban.thanhhoa.gov.vn/1"
    session.expire_all()
    suggestion = session.get(WorkSuggestion, suggestion_id)
    assert (suggestion.status, suggestion.entry_id) == ("confirmed", entry.id)
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "worksuggestion",
                                                         AuditLog.entity_id == suggestion_id)).all()
    assert sorted(actions) == ["work_suggestion_confirmed", "work_suggestion_received"]


def test_confirming_twice_makes_one_entry(client, login, session):
    t = team(session)
    suggestion_id = _suggest(client, session, t)
    user = login(t.staff.username)
    answers = [user.post(f"/diary/suggestions/{suggestion_id}/confirm", hx=True) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert len(_entries(session, t)) == 1


def test_dismissing_hides_the_suggestion_and_writes_no_entry(client, login, session):
    t = team(session)
    suggestion_id = _suggest(client, session, t)
    user = login(t.staff.username)
    for _ in range(2):
        assert user.post(f"/diary/suggestions/{suggestion_id}/dismiss", hx=True).status_code == 200
    assert _entries(session, t) == []
    assert f'id="suggestion-{suggestion_id}"' not in user.get("/diary").get_data(as_text=True)
    assert session.exec(select(func.count()).select_from(AuditLog).where(
        AuditLog.action == "work_suggestion_dismissed", AuditLog.entity_id == suggestion_id)).one() == 1


def test_a_dismissed_suggestion_cannot_be_confirmed_afterwards(client, login, session):
    t = team(session)
    suggestion_id = _suggest(client, session, t)
    user = login(t.staff.username)
    user.post(f"/diary/suggestions/{suggestion_id}/dismiss", hx=True)
    response = user.post(f"/diary/suggestions/{suggestion_id}/confirm", hx=True)
    assert response.status_code == 422 and "bỏ qua" in response.get_data(as_text=True)
    assert _entries(session, t) == []


def test_a_colleague_cannot_confirm_someone_elses_suggestion(client, login, session):
    t = team(session)
    suggestion_id = _suggest(client, session, t)
    response = login(t.colleague.username).post(f"/diary/suggestions/{suggestion_id}/confirm", hx=True)
    assert response.status_code == 404
    assert session.get(WorkSuggestion, suggestion_id).status == "pending"


def test_confirming_without_the_csrf_token_is_refused(client, login, session):
    t = team(session)
    suggestion_id = _suggest(client, session, t)
    response = login(t.staff.username).post(f"/diary/suggestions/{suggestion_id}/confirm", hx=True, csrf=False)
    assert response.status_code == 400 and _entries(session, t) == []


def test_confirming_into_a_period_closed_meanwhile_is_refused_and_the_suggestion_waits(client, login, session):
    t, day = team(session), working_day(session)
    suggestion_id = _suggest(client, session, t, day)
    close_month(session, t, day)
    response = login(t.staff.username).post(f"/diary/suggestions/{suggestion_id}/confirm", hx=True)
    assert response.status_code == 422 and _entries(session, t) == []
    session.expire_all()
    assert session.get(WorkSuggestion, suggestion_id).status == "pending"


def test_confirming_a_suggestion_older_than_the_diary_window_is_refused(client, login, session):
    t = team(session)
    old = working_day(session, 5) - timedelta(days=7)
    suggestion_id = _suggest(client, session, t, old, document={"number": "9/TB", "date": old.isoformat()})
    response = login(t.staff.username).post(f"/diary/suggestions/{suggestion_id}/confirm", hx=True)
    assert response.status_code == 422 and "ngày làm việc gần nhất" in response.get_data(as_text=True)
    assert _entries(session, t) == []


def test_a_plain_form_post_confirms_and_goes_back_to_the_day(client, login, session):
    t, day = team(session), working_day(session)
    suggestion_id = _suggest(client, session, t, day)
    response = login(t.staff.username).post(f"/diary/suggestions/{suggestion_id}/confirm")
    assert response.status_code == 303 and day.isoformat() in response.headers["Location"]
    assert len(_entries(session, t)) == 1


def test_a_waiting_suggestion_counts_no_hours_or_work_until_confirmed(client, session):
    t, day = team(session), working_day(session)
    _suggest(client, session, t, day, quantity="5")
    view = queries.own_day(session, actor(t.staff), day)
    assert view.totals.count == 0 and view.totals.converted == 0


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="two transactions at once: PostgreSQL (CI)")
def test_two_confirm_clicks_at_once_make_one_entry(kept):
    with kept.app_context(), new_session(kept) as session:
        t = team(session)
        api_client, token = client_for(session)
        body = event({"username": t.staff.username}, working_day(session), external_id="VB-double-click")
        suggestion_id = post_json(kept.test_client(), "/api/v1/work-events", token, body).get_json()["id"]
        author = actor(t.staff)
    barrier = threading.Barrier(2)

    def click(_):
        with kept.app_context(), new_session(kept) as session:
            barrier.wait()
            return suggestions.confirm(session, author, suggestion_id).already

    try:
        with ThreadPoolExecutor(2) as pool:
            assert sorted(pool.map(click, range(2))) == [False, True]
        with kept.app_context(), new_session(kept) as session:
            count = session.exec(select(func.count()).select_from(DiaryEntry).where(
                DiaryEntry.form_token == suggestions.token_of(suggestion_id))).one()
            assert count == 1
    finally:
        with kept.app_context(), new_session(kept) as session:
            session.execute(delete(ApiClientUnit).where(ApiClientUnit.client_id == api_client.id))
            session.commit()
