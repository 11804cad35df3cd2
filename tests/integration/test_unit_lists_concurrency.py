"""The rules of a unit's lists hold under two requests at once (PostgreSQL row locks): two crossed moves cannot make
a cycle; a division cannot be closed, nor a position retired, under a person being added to it (open_division,
open_position)."""
import os
import threading

import pytest
from sqlmodel import Session, delete, select, update

from webapp.auth.actor import Actor
from webapp.clock import local_today
from webapp.errors import DomainError
from webapp.models import AuditLog, Division, JobPosition, Person, Unit, UserAccount
from webapp.org.access import locked_unit
from webapp.org.divisions import DivisionInput, change_division, close_division, open_division
from webapp.org.positions import open_position, retire_position

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="row locks are PostgreSQL's (SQLite serialises every write)")


@pytest.fixture
def committed(engine):
    """Two committed divisions of Sở Khoa học và Công nghệ and the admin acting; removed afterwards."""
    with Session(engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == "so-khcn")).one()
        admin = session.exec(select(UserAccount).where(UserAccount.username == "admin")).one()
        first, second = Division(unit_id=unit.id, code="cc-a", name="Phòng A"), Division(unit_id=unit.id,
                                                                                         code="cc-b", name="Phòng B")
        position = JobPosition(unit_id=unit.id, code="CC-VT", name="Vị trí thử", position_group="support")
        session.add_all([first, second, position])
        session.commit()
        ids, unit_id, actor = (first.id, second.id, position.id), unit.id, Actor.from_account(admin)
    yield actor, unit_id, ids
    with Session(engine) as session:
        session.exec(delete(AuditLog).where(AuditLog.entity.in_(("division", "jobposition")),
                                            AuditLog.entity_id.in_(ids)))
        session.exec(delete(Person).where(Person.division_id.in_(ids)))
        session.exec(delete(JobPosition).where(JobPosition.id == ids[2]))
        session.exec(update(Division).where(Division.id.in_(ids)).values(parent_id=None))
        session.exec(delete(Division).where(Division.id.in_(ids)))
        session.commit()


def _in_thread(engine, action) -> tuple[threading.Thread, dict]:
    """Run a service call on its own connection; the outcome lands in the dict."""
    outcome = {}

    def run():
        with Session(engine) as session:
            try:
                outcome["done"] = action(session)
            except DomainError as refusal:
                outcome["refused"] = refusal.message

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(0.5)
    return thread, outcome


def test_two_crossed_moves_at_once_cannot_make_a_cycle(engine, committed):
    actor, unit_id, (a, b, _) = committed
    with Session(engine) as first:
        locked_unit(first, actor, unit_id)  # the first request holds the unit's tree
        thread, outcome = _in_thread(engine, lambda s: change_division(s, actor, b, DivisionInput("Phòng B", a)))
        assert thread.is_alive() and outcome == {}  # the second waits for the tree
        change_division(first, actor, a, DivisionInput("Phòng A", b))
    thread.join(10)
    assert "Không thể chuyển phòng, ban vào chính nó" in outcome["refused"]


def test_a_division_cannot_be_closed_under_a_person_being_added_to_it(engine, committed):
    actor, unit_id, (a, _, _) = committed
    with Session(engine) as first:
        division = open_division(first, unit_id, a)  # what the staff list's "new person" does first
        first.add(Person(unit_id=unit_id, division_id=division.id, full_name="Người Mới Đến"))
        first.flush()
        thread, outcome = _in_thread(engine, lambda s: close_division(s, actor, a, local_today()))
        assert thread.is_alive() and outcome == {}  # closing waits for the person's request
        first.commit()
    thread.join(10)
    assert "Người Mới Đến" in outcome["refused"]


def test_a_position_cannot_be_retired_under_a_person_being_given_it(engine, committed):
    actor, unit_id, (a, _, position_id) = committed
    with Session(engine) as first:
        position = open_position(first, unit_id, position_id)
        first.add(Person(unit_id=unit_id, division_id=a, position_id=position.id, full_name="Người Giữ Vị Trí"))
        first.flush()
        thread, outcome = _in_thread(engine, lambda s: retire_position(s, actor, position_id, local_today()))
        assert thread.is_alive() and outcome == {}  # retiring waits for the person's request
        first.commit()
    thread.join(10)
    assert "Người Giữ Vị Trí" in outcome["refused"]
