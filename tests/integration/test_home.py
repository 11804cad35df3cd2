"""The home page: the unit's figures, and Việc cần làm (each list with a count, links and an empty state)."""
import re
from contextlib import contextmanager

from sqlalchemy import event, func
from sqlmodel import select

from webapp.clock import local_today
from webapp.evaluations.service import own_sheet
from webapp.models import CatalogueItem, Person
from webapp.reminders.service import days_without_diary
from webapp.workdays import previous_working_day
from webapp.worklog import review

from .worklog_data import actor, add_entry, common_item, entry_input, submitted, team, working_day


def test_the_home_page_counts_the_units_catalogue_items(login, session):
    t = team(session)
    count = session.exec(select(func.count(CatalogueItem.id)).where(CatalogueItem.unit_id == t.unit.id,
                                                                    CatalogueItem.active)).one()
    page = login(t.staff.username).get("/").get_data(as_text=True)
    assert re.search(rf"<b>{count}</b> sản phẩm/công việc trong danh mục", page)
    assert "built-in method" not in page


def _section(page: str, section_id: str) -> str:
    """One to-do list of the page."""
    return re.search(rf'<section id="{section_id}".*?</section>', page, re.S).group(0)


def _count(section: str) -> int:
    """The count in a list's heading."""
    return int(re.search(r'<span class="count[^"]*">(\d+)</span>', section).group(1))


def _staff_with_something_in_each_list(session, t):
    """A returned entry, two drafts, yesterday unwritten, this month's sheet not self-assessed."""
    returned = submitted(session, t, working_day(session))
    review.return_entry(session, actor(t.manager), returned.id, returned.version, "Thiếu số văn bản minh chứng")
    for _ in range(2):
        add_entry(session, actor(t.staff), entry_input(common_item(session, t.unit), working_day(session)))
    sheet = own_sheet(session, actor(t.staff), local_today().replace(day=1), local_today())
    return returned, sheet


def test_a_staff_members_home_is_their_to_do_list(login, session):
    t = team(session)
    returned, sheet = _staff_with_something_in_each_list(session, t)
    page = login(t.staff.username).get("/").get_data(as_text=True)
    assert "<h1>Việc cần làm</h1>" in page
    back = _section(page, "todo-returned")
    assert _count(back) == 1 and "Lý do trả lại: Thiếu số văn bản minh chứng" in back
    assert f'href="/diary?day={returned.work_date.isoformat()}#entry-{returned.id}"' in back
    drafts = _section(page, "todo-drafts")
    assert _count(drafts) == 2 and f'value="{working_day(session).isoformat()}"' in drafts
    assert 'action="/diary/submit"' in drafts and "Gửi duyệt" in drafts
    days = _section(page, "reminders")
    yesterday = previous_working_day(session, local_today())
    assert _count(days) == len(days_without_diary(session, session.get(Person, t.person_id), 5)) >= 1
    assert f'href="/diary?day={yesterday.isoformat()}"' in days
    mine = _section(page, "todo-self-assessment")
    assert _count(mine) == 1 and f'href="/sheets/{sheet.id}"' in mine
    assert 'id="todo-approvals"' not in page and 'id="missing-diaries"' not in page  # staff review nobody


def test_each_list_says_when_it_is_empty(login, session):
    t = team(session)
    page = login(t.colleague.username).get("/").get_data(as_text=True)
    assert "Không có mục nào bị trả lại." in _section(page, "todo-returned")
    assert "Không còn nháp nào chờ gửi duyệt." in _section(page, "todo-drafts")
    assert "Không có phiếu nào chờ bạn tự đánh giá." in _section(page, "todo-self-assessment")
    manager = login(t.manager.username).get("/").get_data(as_text=True)
    assert "Không có mục nhật ký nào chờ bạn duyệt." in _section(manager, "todo-approvals")
    assert "Không có phiếu nào chờ bạn đánh giá hay phê duyệt." in _section(manager, "todo-sheets")


def test_a_managers_home_lists_what_waits_for_them_and_who_has_not_written(login, session):
    t = team(session)
    for _ in range(3):
        submitted(session, t, working_day(session))
    sheet = own_sheet(session, actor(t.staff), local_today().replace(day=1), local_today())
    sheet.state = "self_assessed"
    session.commit()
    page = login(t.manager.username).get("/").get_data(as_text=True)
    entries = _section(page, "todo-approvals")
    assert _count(entries) == 3 and f'href="/approvals?person={t.person_id}"' in entries and 'href="/approvals"' in entries
    sheets = _section(page, "todo-sheets")
    assert _count(sheets) == 1 and f'href="/sheets/{sheet.id}"' in sheets and "chờ đánh giá" in sheets
    missing = _section(page, "missing-diaries")
    assert f'id="missing-{t.colleague.person_id}"' in missing
    head = login(t.head.username).get("/").get_data(as_text=True)
    assert f'id="todo-sheet-{sheet.id}"' not in head  # the head approves it after the manager's review


@contextmanager
def _queries(engine):
    """The SQL statements run inside the block (not the test's own savepoints)."""
    seen = []

    def listener(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def test_the_home_page_costs_a_handful_of_queries_whatever_is_in_the_lists(login, session, engine):
    t = team(session)
    user = login(t.manager.username)
    with _queries(engine) as few:
        user.get("/")
    for _ in range(5):
        submitted(session, t, working_day(session))
    _staff_with_something_in_each_list(session, t)
    with _queries(engine) as many:
        assert user.get("/").status_code == 200
    # the account (1), the nav badge (1), own place, unit and its figures (3), own lists (7), the people's (4),
    # the objectives owned, reviewed or of the person (1), the reminders about late sheets (1)
    assert len(many) == len(few) <= 18, "\n".join(many)
    staff = login(t.staff.username)
    with _queries(engine) as own:
        staff.get("/")
    assert len(own) <= 13, "\n".join(own)  # 11 before the OKR's objectives, 12 before the late-sheet reminders
