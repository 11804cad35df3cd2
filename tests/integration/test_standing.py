"""Tình hình đánh giá: the stage counts of every unit in scope, lateness by the configured deadlines, whom each
late sheet waits on, and the page's scope."""
from datetime import date

import pytest
from sqlalchemy import event

from webapp.auth.actor import Actor
from webapp.errors import DomainError, Forbidden
from webapp.models import Holiday
from webapp.standing import service
from webapp.standing.deadlines import deadlines, due_days
from webapp.standing.waiting import pending_rows, with_waiters

from .standing_data import MONTH, sheets, staffed

LATE_ALL = date(2026, 11, 11)  # after every due date of October's sheets


def organiser(make, bloc="chinhquyen"):
    """A province organiser of the bloc, as an Actor."""
    return Actor.from_account(make.organiser(bloc))


def mine(result, units):
    """The rows of the given units, in the page's order."""
    ids = {s.unit.id for s in units}
    return [u for u in result.units if u.unit.id in ids]


def test_each_unit_counts_its_sheets_at_every_stage_and_people_without_one(session, make):
    s = staffed(make, staff=4)
    sheets(session, s, {"head": "draft", "manager": "self_assessed", "staff1": "reviewed", "staff2": "approved",
                        "staff3": "published"})  # staff4 has no sheet yet
    (row,) = mine(service.standing(session, organiser(make), MONTH, LATE_ALL), [s])
    assert row.counts == {"none": 1, "draft": 1, "self_assessed": 1, "reviewed": 1, "approved": 1, "published": 1,
                          "locked": 0}
    assert row.people == 6
    assert row.late == {"self_assessment": 2, "review": 1, "approval": 1} and row.late_total == 4


def test_the_units_with_most_late_sheets_come_first_and_the_totals_add_up(session, make):
    calm, busy, worst = (staffed(make, staff=2, name=n) for n in ("An Bình", "Bắc Sơn", "Cẩm Thủy"))
    sheets(session, calm, {k: "approved" for k in calm.people})
    sheets(session, busy, {"head": "approved", "manager": "approved", "staff1": "reviewed", "staff2": "approved"})
    sheets(session, worst, {"head": "reviewed", "manager": "reviewed", "staff1": "self_assessed"})  # staff2: none
    result = service.standing(session, organiser(make), MONTH, LATE_ALL)
    assert [u.unit.id for u in mine(result, [calm, busy, worst])] == [worst.unit.id, busy.unit.id, calm.unit.id]
    assert result.total.counts["approved"] == sum(u.counts["approved"] for u in result.units)
    assert result.total.late_total == sum(u.late_total for u in result.units)


def test_the_page_is_one_query_for_the_counts_however_many_units(session, make, app):
    for _ in range(3):
        s = staffed(make, staff=1)
        sheets(session, s, {"head": "draft", "manager": "reviewed"})
    actor = organiser(make)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 (before_cursor_execute's statement)
    event.listen(session.connection(), "before_cursor_execute", listener)
    try:
        service.standing(session, actor, MONTH, LATE_ALL)
    finally:
        event.remove(session.connection(), "before_cursor_execute", listener)
    counted = [s for s in statements if "evaluationsheet" in s.lower()]
    assert len(counted) == 1 and "GROUP BY" in counted[0].upper()
    assert len(statements) == 2  # and the holidays of the month the deadlines fall in


@pytest.mark.parametrize(("today", "late"), [
    (date(2026, 11, 4), {"self_assessment": 0, "review": 0, "approval": 0}),  # the due day itself is on time
    (date(2026, 11, 5), {"self_assessment": 2, "review": 0, "approval": 0}),
    (date(2026, 11, 9), {"self_assessment": 2, "review": 1, "approval": 0}),
    (date(2026, 11, 11), {"self_assessment": 2, "review": 1, "approval": 2}),
])
def test_a_sheet_is_late_at_its_stage_once_the_stage_is_due(session, make, today, late):
    s = staffed(make, staff=3)
    sheets(session, s, {"head": "reviewed", "manager": "self_assessed", "staff1": "draft", "staff2": "reviewed"})
    (row,) = mine(service.standing(session, organiser(make), MONTH, today), [s])
    assert row.late == late


def test_the_due_dates_are_the_configured_working_days_of_the_next_month(session, app):
    dates = deadlines(session, app.config, MONTH, LATE_ALL)
    assert dates.due == {"self_assessment": date(2026, 11, 4), "review": date(2026, 11, 6),
                         "approval": date(2026, 11, 10)}
    app.config["SHEET_APPROVAL_DUE"] = 10
    assert deadlines(session, app.config, MONTH, LATE_ALL).due["approval"] == date(2026, 11, 13)


def test_a_holiday_moves_the_due_dates_after_it(session, app):
    session.add(Holiday(day=date(2026, 11, 3), name="Ngày nghỉ thử"))
    session.flush()
    assert deadlines(session, app.config, MONTH, LATE_ALL).due["self_assessment"] == date(2026, 11, 5)


@pytest.mark.parametrize("days", [(5, 3, 7), (0, 5, 7), (3, 5, 25)])
def test_deadlines_out_of_order_or_range_are_refused(days):
    config = dict(zip(("SHEET_SELF_ASSESSMENT_DUE", "SHEET_REVIEW_DUE", "SHEET_APPROVAL_DUE"), days))
    with pytest.raises(ValueError, match="không giảm dần"):
        due_days(config)


def waits(session, s, key):
    """Names of whom the person's pending row waits on, and why nobody."""
    rows = with_waiters(session, pending_rows(session, "2026-10", [s.unit.id], ["none", "draft", "self_assessed",
                                                                                  "reviewed"]))
    row = next(r for r in rows if r.person.id == s.people[key].id)
    return [w.account_id for w in row.waiters], row.why_nobody


def test_each_stage_waits_on_the_person_the_workflow_names(session, make):
    s = staffed(make, staff=3)
    sheets(session, s, {"staff1": "draft", "staff2": "self_assessed", "staff3": "reviewed", "manager": "self_assessed"})
    a = s.accounts
    assert waits(session, s, "staff1")[0] == [a["staff1"].id]
    assert waits(session, s, "staff2")[0] == [a["manager"].id]  # the direct manager (reports_to)
    assert waits(session, s, "staff3")[0] == [a["head"].id]
    assert waits(session, s, "manager")[0] == [a["head"].id]  # a division manager reports to the head
    assert waits(session, s, "head")[0] == [a["head"].id]  # no sheet yet: they open and self-assess it


def test_the_heads_own_sheet_waits_on_the_superior_evaluator_or_else_the_blocs_organisers(session, make):
    s = staffed(make, staff=1)
    sheets(session, s, {"head": "self_assessed"})
    first, second, other_bloc = make.organiser("chinhquyen"), make.organiser("chinhquyen"), make.organiser("dang")
    waiting, _ = waits(session, s, "head")
    assert {first.id, second.id} <= set(waiting) and other_bloc.id not in waiting
    s.unit.superior_evaluator_id = second.id
    session.add(s.unit)
    session.flush()
    assert waits(session, s, "head")[0] == [second.id]


def test_a_sheet_whose_person_has_no_direct_manager_says_so(session, make):
    s = staffed(make, staff=1)
    sheets(session, s, {"staff1": "self_assessed"})
    s.people["staff1"].reports_to_id = None
    session.add(s.people["staff1"])
    session.flush()
    assert waits(session, s, "staff1") == ([], "chưa có lãnh đạo trực tiếp (xem Quan hệ báo cáo)")


def test_the_drill_down_lists_the_units_people_at_a_stage_within_scope(session, make):
    s = staffed(make, staff=2)
    sheets(session, s, {"staff1": "reviewed", "manager": "reviewed", "staff2": "approved"})
    listing = service.unit_list(session, organiser(make), s.unit, MONTH, LATE_ALL, stage="approval")
    assert {r.person.id for r in listing.rows} == {s.people["staff1"].id, s.people["manager"].id}
    with pytest.raises(Forbidden):
        service.unit_list(session, organiser(make, "dang"), s.unit, MONTH, LATE_ALL, stage="approval")
    with pytest.raises(DomainError):
        service.unit_list(session, organiser(make), s.unit, MONTH, LATE_ALL, state="nonsense")


def test_staff_and_managers_are_refused_and_a_head_sees_only_their_unit(session, make):
    s, other = staffed(make, staff=1), staffed(make, staff=1)
    for key in ("staff1", "manager"):
        with pytest.raises(Forbidden):
            service.standing(session, Actor.from_account(s.accounts[key]), MONTH, LATE_ALL)
    result = service.standing(session, Actor.from_account(s.accounts["head"]), MONTH, LATE_ALL)
    assert [u.unit.id for u in result.units] == [s.unit.id]
    with pytest.raises(Forbidden):
        service.unit_list(session, Actor.from_account(s.accounts["head"]), other.unit, MONTH, LATE_ALL)
