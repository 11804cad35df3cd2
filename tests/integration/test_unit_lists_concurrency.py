"""The rules of a unit's tree hold under two requests at once (PostgreSQL row locks): two crossed moves cannot make
a cycle, and a division cannot be closed under a person being added to it through open_division."""
import os
import threading

import pytest
from sqlmodel import Session, delete, select, update

from webapp.auth.actor import Actor
from webapp.clock import local_today
from webapp.errors import DomainError
from webapp.models import AuditLog, Division, Person, Unit, UserAccount
from webapp.org.access import locked_unit
from webapp.org.divisions import DivisionInput, change_division, close_division, open_division

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
        session.add_all([first, second])
        session.commit()
        ids, unit_id, actor = (first.id, second.id), unit.id, Actor.from_account(admin)
    yield actor, unit_id, ids
    with Session(engine) as session:
        session.exec(delete(AuditLog).where(AuditLog.entity == "division", AuditLog.entity_id.in_(ids)))
        session.exec(delete(Person).where(Person.division_id.in_(ids)))
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
    actor, unit_id, (a, b) = committed
    with Session(engine) as first:
        locked_unit(first, actor, unit_id)  # the first request holds the unit's tree
        thread, outcome = _in_thread(engine, lambda s: change_division(s, actor, b, DivisionInput("Phòng B", a)))
        assert thread.is_alive() and outcome == {}  # the second waits for the tree
        change_division(first, actor, a, DivisionInput("Phòng A", b))
    thread.join(10)
    assert "Không thể chuyển phòng, ban vào chính nó" in outcome["refused"]


def test_a_division_cannot_be_closed_under_a_person_being_added_to_it(engine, committed):
    actor, unit_id, (a, _) = committed
    with Session(engine) as first:
        division = open_division(first, unit_id, a)  # what the staff list's "new person" does first
        first.add(Person(unit_id=unit_id, division_id=division.id, full_name="Người Mới Đến"))
        first.flush()
        thread, outcome = _in_thread(engine, lambda s: close_division(s, actor, a, local_today()))
        assert thread.is_alive() and outcome == {}  # closing waits for the person's request
        first.commit()
    thread.join(10)
    assert "Người Mới Đến" in outcome["refused"]
