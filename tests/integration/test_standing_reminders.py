"""Nhắc việc about late sheets: one reminder per waited-on person, month and stage, audited; the reminded see it
on their home page; the pages and the button within scope, with CSRF."""
from datetime import date

import pytest
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.errors import DomainError, Forbidden
from webapp.models import AuditLog, SheetReminder
from webapp.standing import remind

from .standing_data import MONTH, sheets, staffed

LATE_ALL = date(2026, 11, 11)


@pytest.fixture
def late_unit(session, make):
    """A unit whose October sheets are late at every stage: staff1 and staff2 wait on the head, staff3 on the
    manager, the manager on themself."""
    s = staffed(make, staff=3)
    sheets(session, s, {"staff1": "reviewed", "staff2": "reviewed", "staff3": "self_assessed", "manager": "draft",
                        "head": "approved"})
    return s


def reminders(session, s):
    """(account, stage, sheets) of every reminder about the unit's people."""
    ids = [a.id for a in s.accounts.values()]
    return sorted((r.account_id, r.stage, r.sheets) for r in session.exec(
        select(SheetReminder).where(SheetReminder.account_id.in_(ids))))


def test_everyone_the_late_sheets_wait_on_gets_one_reminder_per_stage(session, make, late_unit):
    a = late_unit.accounts
    sent = remind.send(session, Actor.from_account(make.organiser("chinhquyen")), MONTH, LATE_ALL, late_unit.unit)
    assert sent.added == 3 and sent.already == 0
    assert reminders(session, late_unit) == sorted([(a["head"].id, "approval", 2), (a["manager"].id, "review", 1),
                                                     (a["manager"].id, "self_assessment", 1)])


def test_a_second_click_adds_nothing_and_says_who_was_reminded_already(session, make, late_unit):
    actor = Actor.from_account(make.organiser("chinhquyen"))
    remind.send(session, actor, MONTH, LATE_ALL, late_unit.unit)
    again = remind.send(session, actor, MONTH, LATE_ALL, late_unit.unit)
    assert (again.added, again.already) == (0, 3)
    assert "3 người đã được nhắc" in again.message
    assert len(reminders(session, late_unit)) == 3


def test_sending_is_audited_with_whom_it_reminded(session, make, late_unit):
    actor = Actor.from_account(make.organiser("chinhquyen"))
    remind.send(session, actor, MONTH, LATE_ALL, late_unit.unit)
    log = session.exec(select(AuditLog).where(AuditLog.action == "sheet_reminders_sent",
                                              AuditLog.actor_id == actor.account_id)).one()
    assert log.after["month"] == "2026-10" and len(log.after["reminded"]) == 3


def test_before_any_stage_is_due_there_is_nothing_to_remind(session, make, late_unit):
    with pytest.raises(DomainError, match="chưa có bước đánh giá nào quá hạn"):
        remind.send(session, Actor.from_account(make.organiser("chinhquyen")), MONTH, date(2026, 11, 4))


def test_only_late_stages_are_reminded(session, make, late_unit):
    a = late_unit.accounts
    remind.send(session, Actor.from_account(a["head"]), MONTH, date(2026, 11, 9))  # approval due 10/11
    assert {(r[0], r[1]) for r in reminders(session, late_unit)} == {(a["manager"].id, "review"),
                                                                     (a["manager"].id, "self_assessment")}


def test_an_organiser_of_another_bloc_may_not_remind_the_units_people(session, make, late_unit):
    with pytest.raises(Forbidden):
        remind.send(session, Actor.from_account(make.organiser("dang")), MONTH, LATE_ALL, late_unit.unit)
    assert reminders(session, late_unit) == []


def test_the_reminded_head_sees_it_at_home_and_dismisses_it(session, make, login, late_unit, app):
    remind.send(session, Actor.from_account(make.organiser("chinhquyen")), MONTH, LATE_ALL, late_unit.unit)
    head = login(late_unit.accounts["head"].username)
    html = head.get("/").get_data(as_text=True)
    assert "Nhắc việc: phiếu đánh giá trễ hạn" in html and "Tháng 10/2026: 2 phiếu chờ bạn phê duyệt" in html
    (mine,) = session.exec(select(SheetReminder).where(SheetReminder.account_id == late_unit.accounts["head"].id))
    other = login(late_unit.accounts["staff1"].username)
    assert other.post(f"/sheet-reminders/{mine.id}/dismiss").status_code == 403
    assert head.post(f"/sheet-reminders/{mine.id}/dismiss").status_code == 303
    assert "Tháng 10/2026: 2 phiếu" not in head.get("/").get_data(as_text=True)


@pytest.fixture
def today(monkeypatch):
    """The pages' clock on 11/11/2026."""
    monkeypatch.setattr("webapp.standing.views.local_today", lambda: LATE_ALL)


def test_the_organiser_opens_the_page_and_the_units_list_and_sends_the_reminder(session, make, login, late_unit,
                                                                                today):
    user = login(make.organiser("chinhquyen").username)
    code = late_unit.unit.code
    html = user.get("/evaluations/standing?month=10/2026").get_data(as_text=True)
    assert f'id="standing-{code}"' in html and "Tình hình đánh giá tháng 10/2026" in html
    assert f"/units/{code}/evaluations/standing?month=2026-10&amp;stage=approval" in html
    listing = user.get(f"/units/{code}/evaluations/standing?month=2026-10&stage=approval").get_data(as_text=True)
    assert late_unit.people["staff1"].full_name in listing and late_unit.accounts["head"].display_name in listing
    response = user.post("/evaluations/standing/remind", data={"month": "2026-10", "unit": code})
    assert response.status_code == 303 and len(reminders(session, late_unit)) == 3
    assert "Đã gửi 3 lời nhắc việc." in user.get(response.headers["Location"]).get_data(as_text=True)


def test_the_reminder_needs_the_forms_token(session, make, login, late_unit, today):
    user = login(make.organiser("chinhquyen").username)
    response = user.post("/evaluations/standing/remind", data={"month": "2026-10"}, csrf=False)
    assert response.status_code == 400 and reminders(session, late_unit) == []


def test_pages_outside_the_scope_are_refused(session, make, login, late_unit, today):
    code = late_unit.unit.code
    other = login(make.organiser("dang").username)
    assert other.get(f"/units/{code}/evaluations/standing?month=2026-10").status_code == 403
    assert other.post("/evaluations/standing/remind", data={"month": "2026-10", "unit": code}).status_code == 403
    assert login(late_unit.accounts["staff1"].username).get("/evaluations/standing").status_code == 403
    assert late_unit.unit.name not in other.get("/evaluations/standing?month=10/2026").get_data(as_text=True)


def test_the_head_finds_the_page_from_home_and_the_organiser_from_the_menu(make, login, late_unit):
    assert 'id="standing-link"' in login(late_unit.accounts["head"].username).get("/").get_data(as_text=True)
    assert "Tình hình đánh giá</a>" in login(make.organiser("chinhquyen").username).get("/").get_data(as_text=True)


def test_the_head_pressing_the_button_is_not_reminded_of_their_own_approvals(session, late_unit):
    a = late_unit.accounts
    sent = remind.send(session, Actor.from_account(a["head"]), MONTH, LATE_ALL)
    assert sent.added == 2 and {r[0] for r in reminders(session, late_unit)} == {a["manager"].id}


def test_the_units_list_names_whom_the_late_sheets_wait_on(make, login, late_unit, today):
    user = login(make.organiser("chinhquyen").username)
    html = user.get(f"/units/{late_unit.unit.code}/evaluations/standing?month=2026-10").get_data(as_text=True)
    head = late_unit.accounts["head"].display_name
    assert f"<b>{head}</b>: 2 phiếu chờ thủ trưởng phê duyệt" in html
