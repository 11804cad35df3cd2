"""The same add form sent twice is one row: a double click, or two requests at once."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import delete
from sqlmodel import select

from webapp import create_app
from webapp.db import new_session
from webapp.models import Assignment, AuditLog, DiaryEntry, Period
from webapp.once import AlreadySent, new_token
from webapp.worklog import service

from .worklog_data import actor, common_item, entry_input, form_of, team, working_day


def _entries_with(session, token: str) -> list[DiaryEntry]:
    """The diary entries written by the form with this token."""
    return list(session.exec(select(DiaryEntry).where(DiaryEntry.form_token == token)).all())


def test_the_add_form_sent_twice_stores_one_entry_and_says_so(login, session):
    t = team(session)
    user, token = login(t.staff.username), new_token()
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), "form_token": token}
    first = user.post("/diary/entries", data=data, hx=True)
    second = user.post("/diary/entries", data=data, hx=True)
    assert first.status_code == 200
    assert second.status_code == 409 and second.headers["HX-Reswap"] == "none"
    assert "gửi hai lần" in second.get_data(as_text=True)
    assert len(_entries_with(session, token)) == 1


def test_a_plain_second_send_of_the_add_form_goes_back_to_the_day(login, session):
    t = team(session)
    user, token = login(t.staff.username), new_token()
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), "form_token": token}
    user.post("/diary/entries", data=data)
    again = user.post("/diary/entries", data=data)
    assert again.status_code == 303 and "/diary" in again.headers["Location"]
    assert len(_entries_with(session, token)) == 1


def test_each_added_entry_hands_the_form_a_new_token(login, session):
    t = team(session)
    user, token = login(t.staff.username), new_token()
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), "form_token": token}
    html = user.post("/diary/entries", data=data, hx=True).get_data(as_text=True)
    assert 'id="entry-form-token"' in html and 'hx-swap-oob="true"' in html and token not in html


def test_the_diary_page_renders_its_add_form_with_a_token(login, session):
    t = team(session)
    html = login(t.staff.username).get(f"/diary?day={working_day(session).isoformat()}").get_data(as_text=True)
    assert 'name="form_token"' in html and 'id="entry-form-token"' in html


def test_a_malformed_token_is_refused_and_nothing_is_written(login, session):
    t = team(session)
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), "form_token": "x' OR 1=1"}
    response = login(t.staff.username).post("/diary/entries", data=data, hx=True)
    assert response.status_code == 422
    assert session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.staff.person_id)).first() is None


def test_the_assignment_form_sent_twice_gives_the_work_once(login, session):
    t = team(session)
    user, token = login(t.manager.username), new_token()
    data = {"person_ids": [str(t.staff.person_id), str(t.colleague.person_id)],
            "item_id": str(common_item(session, t.unit).id), "quantity": "3",
            "deadline": (working_day(session) + timedelta(days=7)).strftime("%d/%m/%Y"), "source": "plan",
            "form_token": token}
    assert user.post("/assignments", data=data, hx=True).status_code == 200
    again = user.post("/assignments", data=data, hx=True)
    assert again.status_code == 409 and "gửi hai lần" in again.get_data(as_text=True)
    rows = session.exec(select(Assignment).where(Assignment.form_token == token)).all()
    assert sorted(r.person_id for r in rows) == sorted([t.staff.person_id, t.colleague.person_id])


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="two transactions at once: PostgreSQL (CI)")
def test_two_simultaneous_sends_of_one_add_form_store_one_entry(database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "REDIS_URL": None,
                      "STORAGE_DIR": str(tmp_path)})
    token, barrier = new_token(), threading.Barrier(2)
    with app.app_context(), new_session(app) as session:
        t = team(session)
        data, author = entry_input(common_item(session, t.unit), working_day(session), form_token=token), actor(t.staff)
        periods_before = set(session.exec(select(Period.id)).all())

    def send(_):
        with app.app_context(), new_session(app) as session:
            barrier.wait()
            try:
                service.add(session, author, data)
                return "added"
            except AlreadySent:
                return "already sent"

    try:
        with ThreadPoolExecutor(2) as pool:
            assert sorted(pool.map(send, range(2))) == ["added", "already sent"]
        with app.app_context(), new_session(app) as session:
            assert len(_entries_with(session, token)) == 1
    finally:
        with app.app_context(), new_session(app) as session:
            ids = [e.id for e in _entries_with(session, token)]
            session.execute(delete(AuditLog).where(AuditLog.entity == "diaryentry", AuditLog.entity_id.in_(ids)))
            session.execute(delete(DiaryEntry).where(DiaryEntry.id.in_(ids)))
            session.execute(delete(Period).where(Period.id.not_in(periods_before)))
            session.commit()
        app.extensions["db_bind"].dispose()
