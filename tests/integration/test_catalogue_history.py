"""Nothing written changes when the catalogue does: entries and assignments keep their K, approved sheets keep
their scores, closed periods stay as they were (scores, converted quantities, WorkSummary)."""
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete
from sqlmodel import select

from webapp import create_app
from webapp.audit import snapshot
from webapp.catalog import decisions, drafts
from webapp.db import new_session
from webapp.errors import Conflict, DomainError
from webapp.evaluations.service import compute_month, month_periods
from webapp.models import (
    AuditLog,
    CatalogueBatch,
    CatalogueDraft,
    CatalogueItem,
    CatalogueItemVersion,
    DiaryEntry,
    EvaluationSheet,
    Period,
    WorkSummary,
)
from webapp.worklog import review

from . import worklog_data as diary
from .catalogue_data import actor, approved_change, new_k, office
from .evaluation_data import item as item_with_k
from .evaluation_data import october_work, team

OCTOBER = date(2026, 10, 1)


def _written(session, unit_id: int) -> dict:
    """What October holds for the unit: entries' K and converted quantities, WorkSummary rows, sheets' scores."""
    session.expire_all()
    entries = session.exec(select(DiaryEntry).where(DiaryEntry.unit_id == unit_id, DiaryEntry.work_date >= OCTOBER,
                                                    DiaryEntry.work_date < date(2026, 11, 1))).all()
    summaries = session.exec(select(WorkSummary).where(WorkSummary.unit_id == unit_id, WorkSummary.month == "2026-10"))
    sheets = session.exec(select(EvaluationSheet).join(Period, Period.id == EvaluationSheet.period_id)
                          .where(Period.unit_id == unit_id, Period.key == "2026-10"))
    return {"entries": sorted((e.id, e.coefficient, e.quantity * e.coefficient) for e in entries),
            "summaries": sorted(str(snapshot(s)) for s in summaries),
            "sheets": sorted((s.id, s.state, s.task_points, s.total_points, s.band) for s in sheets)}


def _october(session):
    """October's approved work of a staff member of Sở Nội vụ, scored (63 task points)."""
    t = team(session)
    october_work(session, t)
    compute_month(session, month_periods(session, OCTOBER, [t.unit]))
    session.commit()
    return t


def test_an_entry_keeps_the_k_it_was_written_with_when_k_changes_the_same_day(session):
    t, o = diary.team(session), office(session)
    day = diary.working_day(session)
    entry = diary.add_entry(session, diary.actor(t.staff), diary.entry_input(diary.common_item(session, t.unit), day))
    approved_change(session, o, new_k("SNV-001", "1.50"), day)
    session.refresh(entry)
    assert entry.coefficient == Decimal("1.00")
    edited = diary.update_entry(session, diary.actor(t.staff), entry.id, entry.version,
                                diary.entry_input(diary.common_item(session, t.unit), day, quantity="3"))
    assert edited.coefficient == Decimal("1.00")  # corrected by its author, still the K it was written with
    later = diary.add_entry(session, diary.actor(t.staff), diary.entry_input(diary.common_item(session, t.unit), day))
    assert later.coefficient == Decimal("1.50")


def test_an_entry_written_after_a_change_for_a_day_before_it_takes_the_k_in_force_that_day(session):
    t, o = diary.team(session), office(session)
    today, before = diary.working_day(session), diary.working_day(session, 1)
    approved_change(session, o, new_k("SNV-001", "1.50"), today)
    common = diary.common_item(session, t.unit)
    entry = diary.add_entry(session, diary.actor(t.staff), diary.entry_input(common, before))
    assert entry.coefficient == Decimal("1.00")


def test_an_approved_entry_and_its_work_summary_keep_their_k_after_a_change(session):
    t, o = diary.team(session), office(session)
    day = diary.working_day(session)
    entry = diary.submitted(session, t, day, quantity="4")
    review.approve_entry(session, diary.actor(t.manager), entry.id, entry.version)
    month = f"{day:%Y-%m}"
    before = session.exec(select(WorkSummary.converted).where(WorkSummary.person_id == t.person_id,
                                                               WorkSummary.month == month)).all()
    approved_change(session, o, new_k("SNV-001", "1.50"), day)
    session.expire_all()
    assert session.get(DiaryEntry, entry.id).coefficient == Decimal("1.00")
    assert session.exec(select(WorkSummary.converted).where(WorkSummary.person_id == t.person_id,
                                                             WorkSummary.month == month)).all() == before


def test_an_assignment_keeps_the_k_it_was_given_with(session, login):
    t, o = diary.team(session), office(session)
    day = diary.working_day(session)
    manager = login(t.manager.username)
    target = diary.common_item(session, t.unit)
    response = manager.post("/assignments", data={"person_ids": str(t.person_id), "item_id": str(target.id),
                                                  "quantity": "2", "deadline": (day + timedelta(days=7)).isoformat(),
                                                  "source": "plan"})
    assert response.status_code in (200, 303), response.get_data(as_text=True)[:300]
    from webapp.models import Assignment
    assignment = session.exec(select(Assignment).where(Assignment.person_id == t.person_id)
                              .order_by(Assignment.id.desc())).first()
    approved_change(session, o, new_k("SNV-001", "1.50"), day)
    session.refresh(assignment)
    assert assignment.coefficient == Decimal("1.00")


def test_changing_k_after_the_entries_leaves_the_months_scores_and_summaries_identical(session):
    t = _october(session)
    before = _written(session, t.unit.id)
    k15 = item_with_k(session, t.unit, "1.50")
    approved_change(session, office(session), new_k(k15.code, "2.00"), date(2026, 10, 5))  # October is still open
    compute_month(session, month_periods(session, OCTOBER, [t.unit]))
    session.commit()
    assert _written(session, t.unit.id) == before
    assert Decimal("63.00") in {task_points for _, _, task_points, _, _ in before["sheets"]}  # the staff member's


def test_changing_k_after_a_sheet_approval_leaves_its_scores_identical(session):
    from webapp.evaluations.compute import freeze
    from webapp.evaluations.workflow import load
    from webapp.models import CriterionScore
    t = _october(session)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    for code in ("I.1", "I.2", "II.1", "II.2", "II.3", "II.4", "III.1", "III.2", "III.3", "III.4"):
        session.add(CriterionScore(sheet_id=sheet.id, criterion_code=code, manager_score=Decimal("2.5")))
    session.flush()
    freeze(session, load(session, sheet.id))
    sheet.state = "approved"  # what workflow.approve does after freezing
    session.commit()
    before = _written(session, t.unit.id)
    approved_change(session, office(session), new_k(item_with_k(session, t.unit, "1.00").code, "0.80"), OCTOBER)
    compute_month(session, month_periods(session, OCTOBER, [t.unit]))
    session.commit()
    assert _written(session, t.unit.id) == before


def test_a_closed_period_refuses_changes_and_stays_identical_after_a_later_one(session):
    t = _october(session)
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    period.state = "closed"
    session.commit()
    before = _written(session, t.unit.id)
    o, k15 = office(session), item_with_k(session, t.unit, "1.50")
    with pytest.raises(DomainError, match="Đã khóa"):
        drafts.propose(session, actor(o.officer), o.unit, new_k(k15.code, "2.00"), date(2026, 10, 20), "Điều chỉnh")
    approved_change(session, o, new_k(k15.code, "2.00"), date(2026, 11, 2))
    compute_month(session, month_periods(session, OCTOBER, [t.unit]))
    session.commit()
    assert _written(session, t.unit.id) == before


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="two transactions at once: PostgreSQL (CI)")
def test_two_approvals_of_one_draft_at_once_decide_it_once(database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "REDIS_URL": None,
                      "STORAGE_DIR": str(tmp_path)})
    barrier = threading.Barrier(2)
    with app.app_context(), new_session(app) as session:
        o = office(session)
        head, item_id = actor(o.head), session.exec(select(CatalogueItem.id).where(
            CatalogueItem.unit_id == o.unit.id, CatalogueItem.code == "SNV-003")).one()
        batch_id = drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-003", "1.90"), date(2026, 12, 20),
                                  "Điều chỉnh").id
        kept = snapshot(session.get(CatalogueItem, item_id))

    def approve(_):
        with app.app_context(), new_session(app) as session:
            barrier.wait()
            try:
                decisions.approve(session, head, batch_id)
                return "approved"
            except Conflict:
                return "conflict"

    try:
        with ThreadPoolExecutor(2) as pool:
            assert sorted(pool.map(approve, range(2))) == ["approved", "conflict"]
        with app.app_context(), new_session(app) as session:
            versions = session.exec(select(CatalogueItemVersion).where(CatalogueItemVersion.item_id == item_id)).all()
            assert sorted(v.version for v in versions) == [1, 2]
    finally:
        with app.app_context(), new_session(app) as session:
            _undo(session, batch_id, item_id, kept)
        app.extensions["db_bind"].dispose()


def _undo(session, batch_id: int, item_id: int, kept: dict) -> None:
    """Put the shared database back as the seeds left it."""
    draft_ids = session.exec(select(CatalogueDraft.id).where(CatalogueDraft.batch_id == batch_id)).all()
    session.execute(delete(AuditLog).where(AuditLog.entity == "cataloguedraft", AuditLog.entity_id.in_(draft_ids)))
    session.execute(delete(AuditLog).where(AuditLog.entity == "catalogueitem", AuditLog.entity_id == item_id))
    session.execute(delete(CatalogueItemVersion).where(CatalogueItemVersion.draft_id.in_(draft_ids)))
    session.execute(delete(CatalogueDraft).where(CatalogueDraft.batch_id == batch_id))
    session.execute(delete(CatalogueBatch).where(CatalogueBatch.id == batch_id))
    first = session.exec(select(CatalogueItemVersion).where(CatalogueItemVersion.item_id == item_id)).one()
    first.effective_to = None
    item = session.get(CatalogueItem, item_id)
    for name in ("coefficient", "version", "approved_at"):
        setattr(item, name, getattr(CatalogueItem(**{**kept, "id": None}), name))
    session.commit()


def test_a_change_written_outside_the_drafts_gives_new_entries_the_items_k(session):
    t = diary.team(session)
    common = diary.common_item(session, t.unit)
    common.coefficient, common.version = Decimal("1.40"), 2  # what the Excel import writes for now, without history
    session.commit()
    entry = diary.add_entry(session, diary.actor(t.staff), diary.entry_input(common, diary.working_day(session)))
    assert entry.coefficient == Decimal("1.40")
