"""The agency evaluation's transitions hold under requests at once (PostgreSQL, real connections released together):
two approvals of one unit's year approve it once; two first self-assessments make one row and one transition."""
import os

import pytest
from sqlmodel import select

from webapp.agency import service
from webapp.db import new_session
from webapp.models import AgencyEvaluation, AuditLog

from ..factories import Factory
from .agency_data import YEAR, agency_team, scores, year_of_work
from .test_concurrency import at_once

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="transactions at once: PostgreSQL (CI); SQLite lets one writer at a time")


def _team(app):
    """A committed unit with its year of work, its head and the organisers."""
    with app.app_context(), new_session(app) as session:
        make = Factory(session)
        t = agency_team(make)
        year_of_work(session, make, t)
        session.commit()
        return t


def _records(app, action: str, row_id: int) -> int:
    """Audit records of one action on the row."""
    with app.app_context(), new_session(app) as session:
        return len(session.exec(select(AuditLog.id).where(AuditLog.action == action,
                                                          AuditLog.entity_id == row_id)).all())


def test_one_units_year_approved_by_two_superiors_at_once_is_approved_once(kept):
    t = _team(kept)
    with kept.app_context(), new_session(kept) as session:
        row = service.self_assess(session, t.head, t.unit.code, YEAR, 0, scores(*"66666"), "")
        row = service.score(session, t.organiser, t.unit.code, YEAR, row.version, scores(*"66666"), "Tốt")
        row_id, version = row.id, row.version
    outcomes = at_once(kept, 2, lambda session, i: service.approve(session, (t.organiser, t.admin)[i], t.unit.code,
                                                                   YEAR, version))
    assert outcomes.count("done") == 1
    loser = next(outcome for outcome in outcomes if outcome != "done")
    assert "vừa được cập nhật" in loser and "Đã phê duyệt" in loser
    assert _records(kept, "agency_approved", row_id) == 1


def test_two_first_self_assessments_at_once_make_one_row_and_one_transition(kept):
    t = _team(kept)
    outcomes = at_once(kept, 2, lambda session, i: service.self_assess(session, t.head, t.unit.code, YEAR, 0,
                                                                       scores(*(("6",) * 5 if i else ("5",) * 5)), ""))
    assert outcomes.count("done") == 1
    with kept.app_context(), new_session(kept) as session:
        rows = session.exec(select(AgencyEvaluation).where(AgencyEvaluation.unit_id == t.unit.id)).all()
    assert len(rows) == 1 and rows[0].state == "self_assessed"
    assert _records(kept, "agency_self_assessed", rows[0].id) == 1
