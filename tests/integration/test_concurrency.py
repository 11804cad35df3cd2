"""Rules over several rows hold under requests at once (PostgreSQL, real connections released together by a
barrier): the 24-hour day, and one winner for every state transition, the losers told in Vietnamese."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, func
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.clock import utcnow
from webapp.db import new_session
from webapp.errors import DomainError
from webapp.evaluations import appeals, workflow
from webapp.evaluations import service as evaluations
from webapp.models import Appeal, AuditLog, CriterionScore, DiaryEntry, EvaluationSheet, Period, UserAccount
from webapp.worklog import service

from .evaluation_data import team as unit_team
from .worklog_data import actor, common_item, entry_input, team, working_day

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="transactions at once: PostgreSQL (CI); SQLite lets one writer at a time")


def at_once(app, count: int, action) -> list[str]:
    """Run the action in `count` threads, each on its own session, released together; what each got."""
    barrier = threading.Barrier(count)

    def one(index):
        with app.app_context(), new_session(app) as session:
            barrier.wait()
            try:
                action(session, index)
                return "done"
            except DomainError as refusal:
                return refusal.message

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def test_twenty_simultaneous_twelve_hour_entries_of_one_day_store_at_most_twenty_four_hours(live):
    with live.app_context(), new_session(live) as session:
        t = team(session)
        author, item = actor(t.colleague), common_item(session, t.unit)
        day = next(d for d in (working_day(session, back) for back in range(5)) if not session.exec(
            select(DiaryEntry.id).where(DiaryEntry.person_id == t.colleague.person_id, DiaryEntry.work_date == d)
        ).first())
    data = entry_input(item, day, quantity="1", hours="12")
    try:
        outcomes = at_once(live, 20, lambda session, _: service.add(session, author, data))
        assert outcomes.count("done") == 2
        assert all("vượt quá 24 giờ" in outcome for outcome in outcomes if outcome != "done")
        with live.app_context(), new_session(live) as session:
            total = session.exec(select(func.sum(DiaryEntry.hours)).where(
                DiaryEntry.person_id == author.person_id, DiaryEntry.work_date == day)).one()
            assert total == Decimal("24")
    finally:
        with live.app_context(), new_session(live) as session:
            ids = session.exec(select(DiaryEntry.id).where(DiaryEntry.person_id == author.person_id,
                                                           DiaryEntry.work_date == day)).all()
            session.execute(delete(AuditLog).where(AuditLog.entity == "diaryentry", AuditLog.entity_id.in_(ids)))
            session.execute(delete(DiaryEntry).where(DiaryEntry.id.in_(ids)))
            session.commit()


MONTH = date(2026, 7, 1)


def officers(session):
    """Sở Nội vụ's team, and the Actors of its head and of its personnel officer."""
    t = unit_team(session)
    personnel = session.exec(select(UserAccount).where(UserAccount.unit_id == t.unit.id,
                                                       UserAccount.role == "personnel")).first()
    return t, Actor.from_account(t.head), Actor.from_account(personnel)


def _closed_month(app, state: str) -> tuple:
    """July closed (sheets created) and the staff member's sheet put in a state; (team, head, personnel, sheet)."""
    with app.app_context(), new_session(app) as session:
        t, head, personnel = officers(session)
        evaluations.close_month(session, head, MONTH, t.unit)
        sheet = session.exec(select(EvaluationSheet).join(Period).where(
            Period.unit_id == t.unit.id, Period.key == "2026-07", EvaluationSheet.person_id == t.person.id)).one()
        sheet.state, sheet.published_at = state, utcnow()
        for code, score in (("I.1", "5"), ("I.2", "5")) + tuple((f"{g}.{n}", "2.5") for g in ("II", "III")
                                                                  for n in range(1, 5)):
            session.add(CriterionScore(sheet_id=sheet.id, criterion_code=code, manager_score=Decimal(score)))
        session.commit()
        return t, head, personnel, sheet.id, sheet.version


def _records(app, action: str, entity_ids) -> int:
    with app.app_context(), new_session(app) as session:
        return session.exec(select(func.count(AuditLog.id)).where(AuditLog.action == action,
                                                                 AuditLog.entity_id.in_(entity_ids))).one()


def test_a_month_closed_by_the_head_and_the_personnel_officer_at_once_is_one_transition_with_one_record(kept):
    with kept.app_context(), new_session(kept) as session:
        t, head, personnel = officers(session)
    outcomes = at_once(kept, 2, lambda session, i: evaluations.close_month(session, (head, personnel)[i], MONTH,
                                                                            session.get(type(t.unit), t.unit.id)))
    assert outcomes == ["done", "done"]  # the second finds the month already closing: nothing more to do
    with kept.app_context(), new_session(kept) as session:
        period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-07")).one()
    assert period.state == "closing" and _records(kept, "period_closing", [period.id]) == 1


def test_one_sheet_approved_by_two_sessions_of_the_head_at_once_is_approved_once(kept):
    t, head, _, sheet_id, version = _closed_month(kept, "reviewed")
    outcomes = at_once(kept, 2, lambda session, i: workflow.approve(session, head, sheet_id, version, f"Ý kiến {i}"))
    assert outcomes.count("done") == 1
    loser = next(outcome for outcome in outcomes if outcome != "done")
    assert "vừa được người khác cập nhật" in loser and "Thủ trưởng đã phê duyệt" in loser
    assert _records(kept, "sheet_approved", [sheet_id]) == 1


def test_an_appeal_answered_by_two_officers_at_once_keeps_one_answer(kept):
    t, head, personnel, sheet_id, _ = _closed_month(kept, "published")
    with kept.app_context(), new_session(kept) as session:
        appeal = Appeal(sheet_id=sheet_id, filed_by_id=t.staff.id, text="Đề nghị xem lại điểm tiêu chí I.1")
        session.add(appeal)
        session.commit()
        appeal_id = appeal.id
    outcomes = at_once(kept, 2, lambda session, i: appeals.answer_appeal(session, (head, personnel)[i], appeal_id,
                                                                          f"Trả lời {i}"))
    assert outcomes.count("done") == 1
    assert any("vừa được người khác trả lời" in outcome for outcome in outcomes)
    assert _records(kept, "appeal_answered", [appeal_id]) == 1


def test_a_period_stepped_by_two_officers_at_once_moves_one_state_and_the_loser_is_told(kept):
    from webapp.periods import service as periods
    t, head, personnel, _, _ = _closed_month(kept, "locked")
    both_read = threading.Barrier(2)

    def step(session, i):
        period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-07")).one()
        both_read.wait()  # both have read 'closing' before either moves
        periods.step(session, (head, personnel)[i], period)
        session.commit()

    outcomes = at_once(kept, 2, step)
    assert outcomes.count("done") == 1
    assert any("vừa được người khác chuyển trạng thái" in outcome for outcome in outcomes)
    with kept.app_context(), new_session(kept) as session:
        period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-07")).one()
    assert period.state == "closed" and _records(kept, "period_closed", [period.id]) == 1


def test_the_assignment_form_sent_twice_at_once_gives_the_work_once(kept):
    from datetime import timedelta

    from webapp.assignments.service import AssignmentInput, assign
    from webapp.models import Assignment
    from webapp.once import new_token
    with kept.app_context(), new_session(kept) as session:
        t = team(session)
        manager, token = actor(t.manager), new_token()
        data = AssignmentInput((t.staff.person_id, t.colleague.person_id), common_item(session, t.unit).id,
                               Decimal("3"), working_day(session) + timedelta(days=7), "plan", form_token=token)
    outcomes = at_once(kept, 2, lambda session, _: assign(session, manager, data))
    assert outcomes.count("done") == 1 and any("gửi hai lần" in outcome for outcome in outcomes)
    with kept.app_context(), new_session(kept) as session:
        rows = session.exec(select(Assignment).where(Assignment.form_token == token)).all()
    assert sorted(r.person_id for r in rows) == sorted([t.staff.person_id, t.colleague.person_id])
