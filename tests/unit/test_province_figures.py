"""How the quarter's review adds up its months, and a scope its units (no app needed)."""
from datetime import date
from decimal import Decimal as D

from webapp.reports.province_figures import MonthRow, pending, scope_total, unit_figures

OCT, NOV, DEC = date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)


def _row(unit, month, headcount, evaluated, points, **kw):
    return MonthRow(unit, month, headcount=headcount, due=headcount, evaluated=evaluated, points_sum=D(points),
                    points_count=evaluated, **kw)


QUARTER = [
    _row(1, OCT, 10, 10, "900", bands=(2, 8, 0, 0), diary_days=200, working_days=220, okr_percent=D("30"),
         over_cap=True, work_done=D("8"), work_assigned=D("10")),
    _row(1, NOV, 12, 6, "420", bands=(0, 6, 0, 0), diary_days=100, working_days=200, late=True,
         work_done=D("2"), work_assigned=D("10")),
    _row(1, DEC, 12, 12, "960", bands=(1, 10, 1, 0), diary_days=150, working_days=250, okr_percent=D("70")),
    _row(2, OCT, 30, 30, "2400", bands=(0, 30, 0, 0), diary_days=600, working_days=660),
]


def test_a_units_quarter_sums_counts_and_takes_means_over_every_sheet():
    unit = unit_figures([(1, "Sở Nội vụ", True, "Khối chính quyền")], QUARTER)[0]
    assert (unit.due, unit.evaluated, unit.bands, unit.months) == (34, 28, [3, 24, 1, 0], 3)
    assert unit.average_points == D("2280") / 28  # not the mean of the monthly means (90, 70, 80)
    assert unit.diary_percent == D(450) * 100 / 670 and unit.work_percent == 50
    assert (unit.headcount, unit.okr_percent) == (12, D("70"))  # the last month's
    assert (unit.late_months, unit.over_cap_months) == ([NOV], [OCT])


def test_a_scope_sums_its_units_and_weights_the_means_by_headcount():
    lines = unit_figures([(1, "A", False, "X"), (2, "B", False, "X")], QUARTER)
    total = scope_total(lines)
    assert (total.due, total.evaluated, total.bands) == (64, 58, [3, 54, 1, 0])
    assert total.evaluated_percent == D(58) * 100 / 64
    # unit means weighted by sheets due (34 and 30), as the index rolls a month up by headcount
    assert total.average_points == (D("2280") / 28 * 34 + D(80) * 30) / 64
    assert total.okr_percent == D("70")  # only unit 1 has a figure


def test_a_unit_not_done_yet_but_not_late_is_pending():
    lines = unit_figures([(1, "A", False, "X"), (2, "B", False, "X"), (3, "C", False, "X")], QUARTER + [
        _row(3, OCT, 5, 4, "320")])
    assert [line.name for line in pending(lines)] == ["C"]  # A is late (November), B is done
