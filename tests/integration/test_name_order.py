"""People are listed in Vietnamese order (given name, middle, family; D < Đ < E) on pages and in reports."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.evaluations import service as evaluations
from webapp.models import DiaryEntry, Person

from .evaluation_data import item, team

# In the order they must be listed; by code points the list read Bùi, Nguyễn, Trần, Đặng (Đ after V).
NAMES = ["Nguyễn Văn Dũng", "Bùi Văn Đức", "Trần Thị Em", "Đặng Thị Vân"]


@pytest.fixture
def renamed(session):
    """Four staff (not leaders) of the manager's division renamed so that their given names start with D, Đ, E and V."""
    t = team(session)
    people = session.exec(select(Person).where(Person.division_id == t.manager.division_id, Person.active,
                                               ~Person.is_leader).order_by(Person.id)).all()
    assert len(people) >= 4
    for person, name in zip(people, reversed(NAMES)):
        person.full_name = name
    session.commit()
    return t


def _positions(text: str) -> list[int]:
    """Where each of the names first appears."""
    return [text.index(name) for name in NAMES]


def test_the_hours_page_lists_d_stroke_after_d_and_before_e(login, renamed):
    page = login(renamed.manager.username).get("/hours").get_data(as_text=True)
    positions = _positions(page)
    assert positions == sorted(positions)


def test_the_assignment_form_offers_people_in_vietnamese_order(login, renamed):
    page = login(renamed.manager.username).get("/assignments").get_data(as_text=True)
    positions = _positions(page)
    assert positions == sorted(positions)


def test_the_approval_queue_lists_people_of_a_day_in_vietnamese_order(login, renamed, session):
    k1 = item(session, renamed.unit, "1.00")
    people = session.exec(select(Person).where(Person.full_name.in_(NAMES))).all()
    for person in people:
        session.add(DiaryEntry(person_id=person.id, unit_id=person.unit_id, work_date=date(2026, 11, 30), item_id=k1.id,
                               quantity=1, coefficient=k1.coefficient, hours=2, status="submitted",
                               description="Soạn văn bản"))
    session.commit()
    page = login(renamed.manager.username).get("/approvals").get_data(as_text=True)
    by_name = {p.full_name: p.id for p in people}
    positions = [page.index(f'id="group-{by_name[name]}-20261130"') for name in NAMES]  # the groups, not the filter
    assert positions == sorted(positions)


def test_the_evaluation_summary_in_excel_lists_d_stroke_after_d_and_before_e(login, renamed, session):
    evaluations.close_month(session, Actor.from_account(renamed.head), date(2026, 10, 1))
    user = login(renamed.head.username)
    response = user.post("/units/so-noi-vu/reports", data={"kind": "summary", "file_format": "xlsx", "period": "2026-10"})
    assert response.status_code == 303, response.get_data(as_text=True)[-800:]
    job_id = int(response.headers["Location"].rsplit("job=", 1)[1])
    download = user.get(f"/reports/{job_id}/download")
    assert download.status_code == 200
    names = [row[1] for row in load_workbook(io.BytesIO(download.get_data())).active.iter_rows(min_row=3, values_only=True)]
    download.close()
    assert [name for name in names if name in NAMES] == NAMES
    page = user.get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    positions = _positions(page)
    assert positions == sorted(positions)  # the unit's evaluation table, same order
