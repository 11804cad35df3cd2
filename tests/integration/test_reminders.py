"""Reminders: the daily job (service, RQ shim, `flask remind`), the staff member's home page with its
dismiss button, and the managers' list of who has not written yesterday's diary."""
import re
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import select

from webapp.clock import local_today
from webapp.models import AuditLog, DiaryEntry, Person, Reminder, UserAccount
from webapp.reminders import service
from webapp.workdays import previous_working_day
from workers.reminders import run_daily_reminders

from .worklog_data import actor, close_month, common_item, team

TUESDAY = date(2026, 11, 24)
MONDAY = date(2026, 11, 23)


def _write(session, t, person_id: int, day: date, status: str = "approved") -> None:
    """A diary entry of the person on the day, straight to the table."""
    item = common_item(session, t.unit)
    session.add(DiaryEntry(person_id=person_id, unit_id=t.unit.id, work_date=day, item_id=item.id,
                           quantity=Decimal(1), coefficient=item.coefficient, hours=Decimal(2), status=status))
    session.commit()


def _reminded(session, day: date) -> set[int]:
    """The people reminded for the day."""
    return set(session.exec(select(Reminder.person_id).where(Reminder.work_date == day)).all())


def _keepers(session) -> set[int]:
    """Everyone active with an active account (the people who keep a diary)."""
    return set(session.exec(select(Person.id).join(UserAccount, UserAccount.person_id == Person.id)
                            .where(Person.active, UserAccount.active)).all())


def test_the_job_reminds_everyone_with_no_diary_on_the_previous_working_day(session):
    t = team(session)
    _write(session, t, t.person_id, MONDAY)
    day, added = service.remind(session, TUESDAY)
    assert day == MONDAY
    reminded = _reminded(session, MONDAY)
    assert t.colleague.person_id in reminded and t.person_id not in reminded
    assert reminded == _keepers(session) - {t.person_id} and added == len(reminded)


def test_on_a_monday_the_job_looks_back_to_friday(session):
    team(session)
    assert service.remind(session, date(2026, 11, 30))[0] == date(2026, 11, 27)


def test_after_the_national_day_holidays_the_job_looks_back_past_them(session):
    team(session)
    assert service.remind(session, date(2026, 9, 3))[0] == date(2026, 8, 31)  # 1 and 2 September are holidays


def test_running_the_job_twice_adds_nothing_the_second_time(session):
    team(session)
    _, first = service.remind(session, TUESDAY)
    _, second = service.remind(session, TUESDAY)
    assert first > 0 and second == 0
    assert session.exec(select(func.count(Reminder.id))).one() == first


def test_a_draft_counts_as_written(session):
    t = team(session)
    _write(session, t, t.person_id, MONDAY, status="draft")
    service.remind(session, TUESDAY)
    assert t.person_id not in _reminded(session, MONDAY)


def test_people_who_left_or_cannot_sign_in_are_not_reminded(session):
    t = team(session)
    session.get(Person, t.person_id).active = False
    session.get(UserAccount, t.colleague.id).active = False
    session.commit()
    service.remind(session, TUESDAY)
    assert not {t.person_id, t.colleague.person_id} & _reminded(session, MONDAY)


def test_the_rq_job_shim_runs_the_service_in_an_app_context(session):
    team(session)
    assert run_daily_reminders("2026-11-24") == len(_keepers(session))
    assert run_daily_reminders("2026-11-24") == 0


def test_the_remind_command_reports_how_many_were_added(app, session):
    team(session)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["remind", "--date", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert f"Đã tạo {len(_keepers(session))} lời nhắc chưa ghi nhật ký ngày 23/11/2026." in result.output
    assert "Đã tạo 0 lời nhắc" in runner.invoke(args=["remind", "--date", "2026-11-24"]).output


# --- the staff member's home page ----------------------------------------------------------------------


def test_the_home_page_shows_the_persons_reminders_with_a_dismiss_button(login, session):
    t = team(session)
    day = previous_working_day(session, local_today())
    service.remind(session, local_today())
    reminder = session.exec(select(Reminder).where(Reminder.person_id == t.person_id)).one()
    page = login(t.staff.username).get("/").get_data(as_text=True)
    assert 'id="reminders"' in page and f"Bạn chưa ghi nhật ký công việc ngày <b>{day:%d/%m/%Y}</b>" in page
    assert f'hx-post="/reminders/{reminder.id}/dismiss"' in page
    assert f'href="/diary?day={day.isoformat()}"' in page


def test_dismissing_returns_the_remaining_days_and_is_audited(login, session):
    t = team(session)
    newer_day = previous_working_day(session, local_today())
    service.remind(session, local_today())
    service.remind(session, newer_day)
    older, newer = session.exec(select(Reminder).where(Reminder.person_id == t.person_id)
                                .order_by(Reminder.work_date)).all()
    response = login(t.staff.username).post(f"/reminders/{older.id}/dismiss", hx=True)
    html = response.get_data(as_text=True)
    assert html.startswith('<section id="reminders"')
    assert f'id="reminder-{newer.id}"' in html and f'id="reminder-{older.id}"' not in html
    assert older.work_date.strftime("%d/%m/%Y") not in html  # dismissed: the person was away that day
    session.expire_all()
    assert session.get(Reminder, older.id).dismissed_at is not None
    assert session.exec(select(AuditLog).where(AuditLog.action == "reminder_dismissed",
                                               AuditLog.entity_id == older.id)).one()


def test_dismissing_twice_records_one_change(login, session):
    t = team(session)
    service.remind(session, TUESDAY)
    reminder = session.exec(select(Reminder).where(Reminder.person_id == t.person_id)).one()
    client = login(t.staff.username)
    for _ in range(2):
        assert client.post(f"/reminders/{reminder.id}/dismiss", hx=True).status_code == 200
    session.expire_all()
    first = session.get(Reminder, reminder.id).dismissed_at
    assert first is not None
    assert len(session.exec(select(AuditLog).where(AuditLog.action == "reminder_dismissed",
                                                   AuditLog.entity_id == reminder.id)).all()) == 1


def test_a_plain_dismiss_goes_back_home(login, session):
    t = team(session)
    service.remind(session, TUESDAY)
    reminder = session.exec(select(Reminder).where(Reminder.person_id == t.person_id)).one()
    response = login(t.staff.username).post(f"/reminders/{reminder.id}/dismiss")
    assert response.status_code == 303 and response.headers["Location"].endswith("/")


def test_nobody_dismisses_someone_elses_reminder(login, session):
    t = team(session)
    service.remind(session, TUESDAY)
    reminder = session.exec(select(Reminder).where(Reminder.person_id == t.person_id)).one()
    for username in (t.colleague.username, t.manager.username):
        assert login(username).post(f"/reminders/{reminder.id}/dismiss", hx=True).status_code == 403
    session.expire_all()
    assert session.get(Reminder, reminder.id).dismissed_at is None


def test_a_day_leaves_the_list_once_it_is_written(session):
    t = team(session)
    person = session.get(Person, t.person_id)
    day = previous_working_day(session, local_today())
    assert day in [m.day for m in service.days_without_diary(session, person, 5)]
    _write(session, t, t.person_id, day, status="draft")
    assert day not in [m.day for m in service.days_without_diary(session, person, 5)]


def test_the_days_without_a_diary_are_the_working_days_of_the_window_before_today(session):
    t = team(session)
    person = session.get(Person, t.person_id)
    days = [m.day for m in service.days_without_diary(session, person, 5, date(2026, 9, 4))]
    # Friday 4 September 2026: back over the National Day holidays (1 and 2 September), today not counted
    assert days == [date(2026, 9, 3), date(2026, 8, 31), date(2026, 8, 28), date(2026, 8, 27), date(2026, 8, 26)]


def test_a_closed_month_has_no_day_left_to_write(session):
    t = team(session)
    person = session.get(Person, t.person_id)
    close_month(session, t, date(2026, 8, 31))
    days = [m.day for m in service.days_without_diary(session, person, 5, date(2026, 9, 4))]
    assert days == [date(2026, 9, 3)]


# --- the managers --------------------------------------------------------------------------------------


def test_the_manager_sees_who_in_their_division_has_not_written_yesterdays_diary(login, session):
    t = team(session)
    yesterday = previous_working_day(session, local_today())
    _write(session, t, t.person_id, yesterday)
    for path in ("/", "/approvals"):
        page = login(t.manager.username).get(path).get_data(as_text=True)
        section = re.search(r'<section id="missing-diaries".*?</section>', page, re.S).group(0)
        assert yesterday.strftime("%d/%m/%Y") in section
        assert f'id="missing-{t.colleague.person_id}"' in section
        assert f'id="missing-{t.person_id}"' not in section
        assert f'id="missing-{t.other_manager.person_id}"' not in section  # another division
        assert f'id="missing-{t.manager.person_id}"' not in section  # not their own


def test_the_head_sees_the_whole_unit(session):
    t = team(session)
    missing = service.missing_for(session, actor(t.head), TUESDAY)
    ids = {p.id for p in missing.people}
    assert missing.day == MONDAY and {t.person_id, t.other_manager.person_id} <= ids and t.head.person_id not in ids


def test_staff_see_no_list_of_missing_people(login, session):
    t = team(session)
    assert 'id="missing-diaries"' not in login(t.staff.username).get("/").get_data(as_text=True)
    assert service.missing_for(session, actor(t.staff)) is None


def test_the_daily_run_leaves_its_trace_in_the_audit_log(session):
    from sqlmodel import select as select_

    from webapp.models import AuditLog
    from webapp.reminders.service import remind
    day, added = remind(session, date(2026, 11, 25))
    logs = session.exec(select_(AuditLog).where(AuditLog.action == "reminders_created")).all()
    assert added > 0 and len(logs) == 1 and logs[0].after == {"work_date": day.isoformat(), "count": added}
