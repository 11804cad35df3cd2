"""Rules over several rows hold under concurrent requests: two key results sent at once cannot take an
objective's weights past 100 % (the objective's row is locked while they are checked)."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import delete, select

from webapp import create_app
from webapp.auth.actor import Actor
from webapp.db import new_session
from webapp.errors import DomainError
from webapp.models import AuditLog, KeyResult, Objective, UserAccount
from webapp.okr import keyresults, service

from .evaluation_data import team
from .okr_data import kr_input


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="two transactions at once: PostgreSQL (CI)")
def test_two_key_results_sent_at_once_never_take_the_weights_past_100_percent(database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "REDIS_URL": None,
                      "STORAGE_DIR": str(tmp_path)})
    barrier = threading.Barrier(2)
    with app.app_context(), new_session(app) as session:
        t = team(session)
        head = Actor.from_account(t.head)
        organiser = session.exec(select(UserAccount).where(UserAccount.role == "organiser",
                                                           UserAccount.bloc_id == t.unit.bloc_id)).first()
        objective_id = service.create_objective(session, head, "unit", "Quý 4/2026", "Mục tiêu đồng thời",
                                                organiser.id).id

    def send(_):
        with app.app_context(), new_session(app) as session:
            barrier.wait()
            try:
                keyresults.add_key_result(session, head, objective_id, kr_input("checkin", "60"))
                return "added"
            except DomainError:
                return "refused"

    try:
        with ThreadPoolExecutor(2) as pool:
            assert sorted(pool.map(send, range(2))) == ["added", "refused"]
        with app.app_context(), new_session(app) as session:
            weights = session.exec(select(KeyResult.weight).where(KeyResult.objective_id == objective_id)).all()
            assert [int(w) for w in weights] == [60]
    finally:
        with app.app_context(), new_session(app) as session:
            ids = session.exec(select(KeyResult.id).where(KeyResult.objective_id == objective_id)).all()
            session.execute(delete(AuditLog).where(AuditLog.entity == "keyresult", AuditLog.entity_id.in_(ids)))
            session.execute(delete(AuditLog).where(AuditLog.entity == "objective", AuditLog.entity_id == objective_id))
            session.execute(delete(KeyResult).where(KeyResult.objective_id == objective_id))
            session.execute(delete(Objective).where(Objective.id == objective_id))
            session.commit()
        app.extensions["db_bind"].dispose()
