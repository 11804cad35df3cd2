"""Bảng tổng hợp giờ làm việc: hours per person per day against 8 h per working day, the flags, and
who may see which division."""
import re
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import select

from webapp.clock import local_today
from webapp.models import DiaryEntry, Division, Person, UserAccount
from webapp.workdays import working_days

from .worklog_data import common_item, team

SEPTEMBER = date(2026, 9, 1)  # 22 weekdays less the National Day holidays of 1 and 2 September


def _log(session, t, person_id: int, day: date, hours: str, status: str = "approved") -> None:
    """A diary entry of some hours, written straight to the table (past months are outside the window)."""
    item = common_item(session, t.unit)
    session.add(DiaryEntry(person_id=person_id, unit_id=t.unit.id, work_date=day, item_id=item.id,
                           quantity=Decimal(1), coefficient=item.coefficient, hours=Decimal(hours), status=status))
    session.commit()


def _row(html: str, person_id: int) -> str:
    """One person's row of the table."""
    match = re.search(rf'<tr id="hours-{person_id}".*?</tr>', html, re.S)
    assert match, f"no row for person {person_id}"
    return match.group(0)


def _cells(row: str) -> list[str]:
    """The text of each cell of a row."""
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>.*?</td>", row, re.S)]


def test_the_standard_is_eight_hours_per_working_day_without_weekends_and_holidays(login, session):
    t = team(session)
    page = login(t.manager.username).get("/hours?month=2026-09").get_data(as_text=True)
    assert '<b class="standard">160</b> giờ (20 ngày làm việc × 8 giờ)' in page
    assert re.search(r'<th class="num off" title="02/09/2026">2</th>', page)  # Quốc khánh
    assert re.search(r'<th class="num off" title="05/09/2026">5</th>', page)  # a Saturday
    assert re.search(r'<th class="num" title="03/09/2026">3</th>', page)


def test_the_month_is_typed_and_shown_mm_yyyy(login, session):
    t = team(session)
    page = login(t.manager.username).get("/hours?month=09/2026").get_data(as_text=True)
    assert 'value="09/2026"' in page and 'type="month"' not in page


def test_a_managers_table_shows_each_persons_hours_per_day_and_the_total(login, session):
    t = team(session)
    _log(session, t, t.person_id, date(2026, 9, 3), "3.5")
    _log(session, t, t.person_id, date(2026, 9, 3), "4", status="draft")  # hours count whatever the status
    _log(session, t, t.person_id, date(2026, 9, 4), "8")
    cells = _cells(_row(login(t.manager.username).get("/hours?month=2026-09").get_data(as_text=True), t.person_id))
    assert cells[0] == session.get(Person, t.person_id).full_name
    assert cells[3:5] == ["7,5", "8"] and cells[1] == "" and cells[-2] == "15,5"
    assert len(cells) == 1 + 30 + 2


def test_a_day_above_ten_hours_is_flagged_and_a_day_of_exactly_ten_is_not(login, session):
    t = team(session)
    _log(session, t, t.person_id, date(2026, 9, 3), "10.25")
    _log(session, t, t.colleague.person_id, date(2026, 9, 3), "10")
    html = login(t.manager.username).get("/hours?month=2026-09").get_data(as_text=True)
    assert '<td class="num long" title="Trên 10 giờ">10,25</td>' in _row(html, t.person_id)
    assert " long" not in _row(html, t.colleague.person_id)


def test_a_month_below_half_the_standard_is_flagged(login, session):
    t = team(session)
    days = working_days(session, SEPTEMBER, date(2026, 9, 30))
    for day in days[:10]:
        _log(session, t, t.person_id, day, "8")  # 80 h: exactly half of 160
    for day in days[:9]:
        _log(session, t, t.colleague.person_id, day, "8")
    _log(session, t, t.colleague.person_id, days[9], "7.75")  # 79,75 h
    html = login(t.manager.username).get("/hours?month=2026-09").get_data(as_text=True)
    assert 'class="low"' not in _row(html, t.person_id).split(">")[0]
    assert _row(html, t.colleague.person_id).startswith(f'<tr id="hours-{t.colleague.person_id}" class="low">')
    assert "Dưới một nửa giờ chuẩn" in _row(html, t.colleague.person_id)


def test_a_manager_sees_only_their_own_division(login, session):
    t = team(session)
    user = login(t.manager.username)
    html = user.get("/hours?month=2026-09").get_data(as_text=True)
    assert f'id="hours-{t.person_id}"' in html and f'id="hours-{t.other_manager.person_id}"' not in html
    assert "Toàn cơ quan, đơn vị" not in html
    assert user.get(f"/hours?month=2026-09&division={t.other_manager.division_id}").status_code == 403


def test_the_head_and_the_personnel_officer_see_any_division_or_the_whole_unit(login, session):
    t = team(session)
    personnel = session.exec(select(UserAccount).where(UserAccount.unit_id == t.unit.id,
                                                       UserAccount.role == "personnel")).first()
    everyone = session.exec(select(Person).where(Person.unit_id == t.unit.id, Person.active)).all()
    for username in (t.head.username, personnel.username):
        user = login(username)
        whole = user.get("/hours?month=2026-09").get_data(as_text=True)
        assert whole.count('<tr id="hours-') == len(everyone) and "Toàn cơ quan, đơn vị" in whole
        other = user.get(f"/hours?month=2026-09&division={t.other_manager.division_id}").get_data(as_text=True)
        assert f'id="hours-{t.other_manager.person_id}"' in other and f'id="hours-{t.person_id}"' not in other


def test_staff_cannot_open_the_summary(login, session):
    t = team(session)
    assert login(t.staff.username).get("/hours").status_code == 403


def test_a_division_of_another_unit_is_not_found(login, session):
    t = team(session)
    foreign = session.exec(select(Division).where(Division.unit_id != t.unit.id)).first()
    assert login(t.head.username).get(f"/hours?division={foreign.id}").status_code == 404


def test_an_invalid_or_future_month_is_refused_in_vietnamese(login, session):
    t = team(session)
    user = login(t.manager.username)
    bad = user.get("/hours?month=2026-13")
    assert bad.status_code == 422 and "Tháng không hợp lệ" in bad.get_data(as_text=True)
    later = (local_today().replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    assert user.get(f"/hours?month={later}").status_code == 422


def test_the_current_month_counts_the_standard_up_to_today(login, session):
    t = team(session)
    today = local_today()
    expected = 8 * len(working_days(session, today.replace(day=1), today))
    html = login(t.manager.username).get("/hours").get_data(as_text=True)
    assert f'<b class="standard">{expected}</b>' in html and f"(đến ngày {today:%d/%m/%Y})" in html


def test_changing_the_filter_with_htmx_returns_only_the_table(login, session):
    t = team(session)
    html = login(t.head.username).get(f"/hours?month=2026-09&division={t.manager.division_id}", hx=True)
    text = html.get_data(as_text=True)
    assert text.startswith('<div id="hours-table"') and "<html" not in text
    assert "HX-Request" in html.headers["Vary"]


def test_the_office_manager_sees_neither_the_head_nor_the_deputies_who_sit_in_the_office(login, session):
    t = team(session)
    head = session.get(Person, t.head.person_id)
    office_manager = session.exec(select(UserAccount).join(Person, Person.id == UserAccount.person_id)
                                  .where(UserAccount.role == "manager", UserAccount.unit_id == t.unit.id,
                                         Person.division_id == head.division_id)).first()
    assert office_manager, "the seeded office holds the head and has a manager"
    html = login(office_manager.username).get("/hours?month=2026-09").get_data(as_text=True)
    assert f'id="hours-{office_manager.person_id}"' in html
    assert f'id="hours-{head.id}"' not in html
    deputies = session.exec(select(Person).where(Person.division_id == head.division_id, Person.is_leader,
                                                 Person.id.not_in([head.id, office_manager.person_id]))).all()
    assert all(f'id="hours-{d.id}"' not in html for d in deputies)
