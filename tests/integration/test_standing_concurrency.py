"""Nhắc việc pressed many times at once (PostgreSQL, real connections released together): still one reminder per
waited-on person, month and stage."""
import os

import pytest
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.db import new_session
from webapp.models import SheetReminder
from webapp.standing import remind

from ..factories import Factory
from .standing_data import MONTH, sheets, staffed
from .test_concurrency import at_once
from .test_standing_reminders import LATE_ALL

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="transactions at once: PostgreSQL (CI); SQLite lets one writer at a time")


def test_ten_simultaneous_clicks_send_each_reminder_once(kept):
    with kept.app_context(), new_session(kept) as session:
        make = Factory(session)
        s = staffed(make, staff=3)
        sheets(session, s, {"staff1": "reviewed", "staff2": "reviewed", "staff3": "self_assessed", "manager": "draft",
                            "head": "approved"})
        actor, unit = Actor.from_account(make.organiser("chinhquyen")), s.unit
        accounts = [a.id for a in s.accounts.values()]
        session.commit()
    added = []
    outcomes = at_once(kept, 10, lambda session, _: added.append(
        remind.send(session, actor, MONTH, LATE_ALL, session.get(type(unit), unit.id)).added))
    assert outcomes == ["done"] * 10 and sum(added) == 3
    with kept.app_context(), new_session(kept) as session:
        rows = session.exec(select(SheetReminder.account_id, SheetReminder.stage)
                            .where(SheetReminder.account_id.in_(accounts))).all()
        assert len(rows) == len(set(rows)) == 3
