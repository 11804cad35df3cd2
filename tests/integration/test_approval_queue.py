"""The approval queue as compact rows grouped by person and day, opened on demand, in pages."""
import re

from sqlmodel import select

from webapp.models import AuditLog, DiaryEntry
from webapp.worklog import approval_queue

from .worklog_data import submitted, team, working_day


def test_the_queue_groups_entries_by_person_and_day_with_the_groups_totals(login, session):
    t = team(session)
    today, before = working_day(session), working_day(session, 1)
    for day in (today, today, before):
        submitted(session, t, day, quantity="2", hours="3")
    page = login(t.manager.username).get("/approvals").get_data(as_text=True)
    heads = re.findall(r'<tr id="group-(\d+)-(\d{8})" class="group-head"', page)
    assert heads == [(str(t.person_id), f"{before:%Y%m%d}"), (str(t.person_id), f"{today:%Y%m%d}")]
    assert f"{today:%d/%m/%Y}" in page and "· 2 mục · 6 giờ · quy đổi 4" in page
    assert "Duyệt cả nhóm (2 mục)" in page


def test_a_queue_row_carries_no_approval_form_until_it_is_opened(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    user = login(t.manager.username)
    page = user.get("/approvals").get_data(as_text=True)
    assert f'<tr id="approval-{entry.id}" class="entry">' in page
    assert 'name="quality_errors"' not in page and 'name="reason"' not in page
    opened = user.get(f"/approvals/{entry.id}", hx=True).get_data(as_text=True)
    assert f'<tr id="approval-{entry.id}" class="entry open">' in opened
    assert 'name="quality_errors"' in opened and 'name="reason"' in opened and 'name="completed_on"' in opened
    closed = user.get(f"/approvals/{entry.id}?compact=1", hx=True).get_data(as_text=True)
    assert f'<tr id="approval-{entry.id}" class="entry">' in closed and 'name="reason"' not in closed


def test_an_opened_row_without_htmx_is_a_page_of_its_own(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    page = login(t.manager.username).get(f"/approvals/{entry.id}").get_data(as_text=True)
    assert "<!doctype html>" in page and 'name="reason"' in page and "Duyệt mục nhật ký của" in page


def test_someone_elses_entry_cannot_be_opened(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    assert login(t.other_manager.username).get(f"/approvals/{entry.id}", hx=True).status_code == 403


def test_the_quick_approve_records_no_errors_on_time_and_is_audited(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    response = login(t.manager.username).post(f"/approvals/{entry.id}/approve", {"version": str(entry.version)},
                                              hx=True)
    assert response.status_code == 200
    session.expire_all()
    approved = session.get(DiaryEntry, entry.id)
    assert (approved.status, approved.quality_errors, approved.completed_on) == ("approved", 0, entry.work_date)
    assert session.exec(select(AuditLog).where(AuditLog.action == "diary_entry_approved",
                                               AuditLog.entity_id == entry.id)).one()


def test_approving_the_last_entry_of_a_group_removes_its_header_out_of_band(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    html = login(t.manager.username).post(f"/approvals/{entry.id}/approve", {"version": str(entry.version)},
                                          hx=True).get_data(as_text=True)
    assert f'<tr id="group-{t.person_id}-{entry.work_date:%Y%m%d}" hx-swap-oob="delete">' in html


def test_a_group_is_approved_in_one_step_and_the_page_is_reread(login, session):
    t = team(session)
    today, before = working_day(session), working_day(session, 1)
    group = [submitted(session, t, today) for _ in range(2)]
    other = submitted(session, t, before)
    page = login(t.manager.username).get("/approvals").get_data(as_text=True)
    form = re.search(rf'<tr id="group-{t.person_id}-{today:%Y%m%d}".*?</tr>', page, re.S).group(0)
    selected = re.findall(r'name="selected" value="([\d:]+)"', form)
    assert sorted(selected) == sorted(f"{e.id}:{e.version}" for e in group)
    html = login(t.manager.username).post("/approvals/bulk", {"selected": selected}, hx=True).get_data(as_text=True)
    assert "Đã duyệt 2 mục nhật ký." in html and f'id="approval-{other.id}"' in html
    session.expire_all()
    assert [session.get(DiaryEntry, e.id).status for e in (*group, other)] == ["approved", "approved", "submitted"]


def test_the_queue_is_paged_by_whole_groups_and_the_links_keep_the_filter(login, session, monkeypatch):
    monkeypatch.setattr(approval_queue, "PAGE_ENTRIES", 2)
    t = team(session)
    days = [working_day(session, back) for back in (2, 1, 0)]
    entries = {day: [submitted(session, t, day) for _ in range(2)] for day in days}
    user = login(t.manager.username)
    first = user.get(f"/approvals?person={t.person_id}").get_data(as_text=True)
    assert "Trang 1/3 · 6 mục chờ duyệt" in first
    assert all(f'id="approval-{e.id}"' in first for e in entries[days[0]])
    assert not any(f'id="approval-{e.id}"' in first for e in entries[days[1]])
    assert f'href="/approvals?person={t.person_id}&amp;page=2"' in first
    second = user.get(f"/approvals?person={t.person_id}&page=2", hx=True).get_data(as_text=True)
    assert second.startswith('<tbody id="approval-rows"') and "Trang 2/3" in second
    assert all(f'id="approval-{e.id}"' in second for e in entries[days[1]])
    assert 'id="queue-page" name="page" value="2"' in second
    assert "Trang 3/3" in user.get("/approvals?page=99").get_data(as_text=True)


def test_a_bulk_approval_rereads_the_page_it_was_sent_from(login, session, monkeypatch):
    monkeypatch.setattr(approval_queue, "PAGE_ENTRIES", 1)
    t = team(session)
    entries = [submitted(session, t, working_day(session, back)) for back in (2, 1, 0)]
    html = login(t.manager.username).post("/approvals/bulk", {"selected": f"{entries[1].id}:{entries[1].version}",
                                                              "page": "2"}, hx=True).get_data(as_text=True)
    assert "Trang 2/2" in html and f'id="approval-{entries[2].id}"' in html


def test_the_pending_badge_is_hidden_when_nothing_waits(login, session):
    t = team(session)
    page = login(t.manager.username).get("/approvals").get_data(as_text=True)
    assert re.search(r'<span id="pending-count"[^>]* hidden[^>]*>0<', page)
    submitted(session, t, working_day(session))
    page = login(t.manager.username).get("/approvals").get_data(as_text=True)
    badge = re.search(r'<span id="pending-count"[^>]*>1<', page).group(0)
    assert " hidden" not in badge
