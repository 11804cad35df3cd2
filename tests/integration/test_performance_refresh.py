"""The refresh turns a hand-made month into the expected summary rows (SQLite and PostgreSQL alike)."""
from datetime import date
from decimal import Decimal as D

from sqlmodel import select

from webapp.models import PerformanceRefresh, PerformanceSummary
from webapp.performance.refresh import refresh_month

from .performance_data import OCTOBER, TODAY, october


def _rows(session, unit):
    """The unit's October rows by division key."""
    found = session.exec(select(PerformanceSummary).where(PerformanceSummary.unit_id == unit.id,
                                                          PerformanceSummary.month == "2026-10")).all()
    return {row.division_key: row for row in found}


UNIT_ROW = {
    "headcount": 4, "approved": 1, "published": 1, "reviewed": 1, "draft": 0, "no_sheet": 1, "evaluated": 2,
    "evaluated_share": D("0.5"), "average_points": D("86"), "bands": {"xuat_sac": 1, "tot": 1}, "top_count": 1,
    "cap_base": 1, "cap_allowed": 0, "cap_over": 1,
    # assigned: A 4 × 1,5 + C 2 × 1 + declared 1,5 + 1 (A's plain entries); completed: 1,5 + 1,5 + 1,5 + 1 + 2
    "assigned": D("10.5"), "completed": D("7.5"), "completion": D("0.714286"),
    "entries": 5, "on_time": 4, "on_time_share": D("0.8"), "overdue": 1,
    # working days: A 22 + B 22 + C 22 + E 11; diary days: A 1/10, 2/10; C 1/10, 2/10; E 16/10
    "working_days": 77, "diary_days": 5, "coverage": D("0.064935"), "okr_progress": None,
}


def test_the_unit_row_holds_every_figure_of_the_hand_made_month(session, make):
    month = october(session, make)
    refresh_month(session, OCTOBER, [month.unit.id], today=TODAY)
    row = _rows(session, month.unit)[0]
    assert {name: getattr(row, name) for name in UNIT_ROW} == UNIT_ROW


def test_division_rows_split_the_unit_and_add_up_to_it(session, make):
    month = october(session, make)
    written = refresh_month(session, OCTOBER, [month.unit.id], today=TODAY)
    rows = _rows(session, month.unit)
    assert written == 3 and set(rows) == {0, month.pt.id, month.kt.id}
    pt, kt = rows[month.pt.id], rows[month.kt.id]
    assert (pt.headcount, pt.working_days, pt.diary_days, pt.evaluated, pt.overdue) == (3, 55, 3, 2, 1)
    assert (kt.headcount, kt.working_days, kt.diary_days, kt.reviewed, kt.no_sheet) == (1, 22, 2, 1, 0)
    for name in ("headcount", "working_days", "diary_days", "entries", "assigned", "completed"):
        assert getattr(pt, name) + getattr(kt, name) == getattr(rows[0], name), name


def test_a_second_refresh_replaces_the_rows_instead_of_adding_to_them(session, make):
    month = october(session, make)
    refresh_month(session, OCTOBER, [month.unit.id], today=TODAY)
    month.people["B"].left_on = date(2026, 9, 30)
    month.people["B"].active = False
    session.flush()
    refresh_month(session, OCTOBER, [month.unit.id], today=TODAY)
    rows = session.exec(select(PerformanceSummary).where(PerformanceSummary.unit_id == month.unit.id)).all()
    assert len(rows) == 3 and _rows(session, month.unit)[0].headcount == 3


def test_the_current_month_counts_only_the_working_days_before_today(session, make):
    month = october(session, make)
    refresh_month(session, OCTOBER, [month.unit.id], today=OCTOBER.replace(day=3))  # Saturday 3/10
    row = _rows(session, month.unit)[0]
    # 1/10 and 2/10 for A, B, C (E not started yet); A's diary 2 days, C's 2 days
    assert (row.working_days, row.diary_days) == (6, 4)


def test_closing_a_month_refreshes_the_unit_index(session, make, login):
    from webapp.evaluations import service
    from webapp.auth.actor import Actor
    month = october(session, make)
    head = make.person(month.unit, role="head")[1]
    session.commit()
    service.close_month(session, Actor.from_account(head), OCTOBER, month.unit)
    run = session.exec(select(PerformanceRefresh).where(PerformanceRefresh.unit_id == month.unit.id)).one()
    assert run.status == "done" and run.rows == 3
    assert _rows(session, month.unit)[0].headcount == 5  # the head joined the unit


def test_the_cli_refreshes_a_month(app, session, make):
    month = october(session, make)
    session.commit()
    result = app.test_cli_runner().invoke(args=["performance-refresh", "--month", "2026-10", "--unit",
                                                month.unit.code])
    assert result.exit_code == 0 and "Đã cập nhật 3 dòng số liệu tháng 10/2026" in result.output


def test_the_unit_row_carries_the_units_okr_progress_at_the_months_end(session, make):
    from .okr_data import entry, items_key_result, okr_team, unit_objective
    t = okr_team(make)
    objective = unit_objective(session, t)
    items_key_result(session, t.head, objective, t.item, weight="100")  # target 20 converted
    from webapp.okr import service
    service.agree(session, t.organiser, objective.id)
    entry(session, t.person, t.item, "2", date(2026, 10, 20))  # 2 × 1,5 = 3 of 20: 15 %
    refresh_month(session, OCTOBER, [t.unit.id], today=TODAY)
    row = _rows(session, t.unit)[0]
    assert (row.okr_progress, row.okr_pace) == (D("0.15"), D("0.45"))  # a third of the quarter elapsed
    assert all(r.okr_progress is None for key, r in _rows(session, t.unit).items() if key)
