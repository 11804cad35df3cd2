"""Quan hệ báo cáo through the real page: the officer of phường Hạc Thành sees a problem and fixes it in one select."""
from sqlmodel import select

from webapp.db import new_session
from webapp.models import Division, Person, Unit
from webapp.org.lines import reset_default_lines

from ..helpers import username_of
from .conftest import sign_in


def _wrong_line(app) -> tuple[int, int, str]:
    """A new staff member of the economic division whose line points at someone who left (an old choice)."""
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == "hac-thanh")).one()
        division = session.exec(select(Division).where(Division.unit_id == unit.id, Division.code == "kt")).one()
        gone = Person(unit_id=unit.id, division_id=division.id, full_name="Nguyễn Văn Nghỉ", active=False)
        session.add(gone)
        session.flush()
        person = Person(unit_id=unit.id, division_id=division.id, full_name="Phạm Thị Thử", title="Chuyên viên",
                        manager_override_id=gone.id)
        session.add(person)
        session.flush()
        reset_default_lines(session, unit.id)
        session.commit()
        return person.id, unit.id, username_of(session, "hac-thanh", "personnel")


def _remove(app, person_id: int, unit_id: int) -> None:
    """The test's person leaves again, so later tests see the seeded unit."""
    with app.app_context(), new_session(app) as session:
        session.get(Person, person_id).active = False
        reset_default_lines(session, unit_id)
        session.commit()


def test_the_officer_sees_a_wrong_line_and_fixes_it_in_one_select(page, live_server, browser_app, artifacts):
    person_id, unit_id, officer = _wrong_line(browser_app)
    try:
        sign_in(page, live_server, officer)
        page.click("#todo-lines a")
        page.wait_for_url("**/units/hac-thanh/reporting-lines")
        problem = page.locator("#line-problems li", has_text="Phạm Thị Thử")
        assert "Nguyễn Văn Nghỉ đã nghỉ" in problem.inner_text()
        page.screenshot(path=str(artifacts / "reporting-lines-problem.png"), full_page=True)
        row = page.locator(f"#line-{person_id}")
        assert "Đặt riêng" in row.inner_text()
        page.select_option(f"#line-{person_id} select", "")  # back to the division's manager
        page.locator(f"#line-{person_id}.default").wait_for()
        assert page.locator("#line-problems li", has_text="Phạm Thị Thử").count() == 0
        assert "Mặc định" in page.locator(f"#line-{person_id}").inner_text()
        page.screenshot(path=str(artifacts / "reporting-lines-fixed.png"), full_page=True)
    finally:
        _remove(browser_app, person_id, unit_id)
