"""The unit performance index figures on hand-made counts, the cap check and the roll-up weights."""
import ast
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from webapp.performance.indicators import CapRule, Raw, cap_allowed, figures, ratio, roll_up, weighted_mean

RULE = CapRule("xuat_sac", ("tot",), D("0.2"), "floor")

UNIT = Raw(headcount=10, stages=(("approved", 4), ("published", 2), ("reviewed", 1), ("draft", 1)),
           points_sum=D("510"), bands=(("xuat_sac", 2), ("tot", 3), ("hoan_thanh", 1)), assigned=D("40"),
           completed=D("30"), entries=20, on_time=15, overdue=3, working_days=220, diary_days=176,
           okr_progress=D("0.5"), okr_pace=D("1.5"))


@pytest.mark.parametrize("name, expected", [
    ("headcount", 10), ("evaluated", 6), ("no_sheet", 2), ("evaluated_share", D("0.6")),
    ("average_points", D("85")), ("top_count", 2), ("top_share", D(2) / D(6)), ("cap_base", 3),
    ("cap_allowed", 0), ("cap_over", 2), ("units_over_cap", 1), ("completion", D("0.75")),
    ("on_time_share", D("0.75")), ("overdue", 3), ("coverage", D("0.8")), ("okr_progress", D("0.5")),
    ("okr_pace", D("1.5")),
])
def test_each_unit_figure_follows_its_definition(name, expected):
    assert getattr(figures(UNIT, RULE), name) == expected


def test_every_stage_is_counted_even_when_no_sheet_is_in_it():
    stages = figures(UNIT, RULE).stages
    assert stages == {"draft": 1, "self_assessed": 0, "reviewed": 1, "approved": 4, "published": 2, "locked": 0}


def test_an_empty_unit_has_no_ratios_rather_than_zeros():
    empty = figures(Raw(), RULE)
    assert (empty.evaluated_share, empty.average_points, empty.completion, empty.on_time_share, empty.coverage,
            empty.top_share) == (None,) * 6
    assert (empty.no_sheet, empty.cap_over, empty.units_over_cap) == (0, 0, 0)


def test_more_sheets_than_headcount_never_gives_a_negative_no_sheet():
    assert figures(Raw(headcount=1, stages=(("draft", 3),)), RULE).no_sheet == 0


@pytest.mark.parametrize("base, rounding, allowed", [
    (7, "floor", 1), (4, "floor", 0), (10, "floor", 2), (7, "half_up", 1), (8, "half_up", 2), (6, "ceiling", 2),
])
def test_the_cap_allows_the_share_of_the_base_rounded_as_the_rule_set_says(base, rounding, allowed):
    assert cap_allowed(CapRule("xuat_sac", ("tot",), D("0.2"), rounding), base) == allowed


def test_a_unit_within_the_cap_is_not_over():
    raw = Raw(headcount=12, stages=(("locked", 12),), bands=(("xuat_sac", 2), ("tot", 10)))
    result = figures(raw, RULE)
    assert (result.cap_allowed, result.cap_over, result.units_over_cap) == (2, 0, 0)


def test_a_cap_on_every_band_counts_all_of_them_as_base():
    everyone = CapRule("A", ("A", "B", "C", "D"), D("0.3"), "floor")
    raw = Raw(headcount=10, stages=(("approved", 10),), bands=(("A", 4), ("B", 6)))
    assert (figures(raw, everyone).cap_allowed, figures(raw, everyone).cap_over) == (3, 1)


SMALL = figures(Raw(headcount=2, stages=(("approved", 2),), points_sum=D("180"), bands=(("xuat_sac", 2),),
                    assigned=D("10"), completed=D("10"), entries=4, on_time=4, working_days=40, diary_days=40,
                    okr_progress=D("1")), RULE)
LARGE = figures(Raw(headcount=8, stages=(("approved", 2), ("draft", 6)), points_sum=D("120"),
                    bands=(("tot", 2),), assigned=D("30"), completed=D("15"), entries=16, on_time=8,
                    working_days=160, diary_days=80, okr_progress=D("0.5")), RULE)
NO_OKR = figures(Raw(headcount=10, stages=(("approved", 10),), points_sum=D("700"), bands=(("tot", 10),),
                     working_days=200, diary_days=100), RULE)


@pytest.mark.parametrize("name, expected", [
    ("headcount", 10), ("units", 2), ("evaluated", 4), ("evaluated_share", D("0.4")),
    # means weighted by headcount: (90 × 2 + 60 × 8) / 10, not (180 + 120) / 4 = 75
    ("average_points", D("66")),
    ("coverage", D("0.6")),  # (1 × 2 + 0.5 × 8) / 10
    ("okr_progress", D("0.6")),  # (1 × 2 + 0.5 × 8) / 10
    ("completion", D("0.625")),  # Σ completed / Σ assigned = 25 / 40
    ("on_time_share", D("0.6")),  # 12 / 20
    ("cap_over", 2), ("units_over_cap", 1), ("top_count", 2), ("top_share", D("0.5")),
])
def test_a_roll_up_sums_counts_and_weights_means_by_headcount(name, expected):
    assert getattr(roll_up([SMALL, LARGE]), name) == expected


def test_a_unit_without_a_figure_is_left_out_of_both_sides_of_the_weighted_mean():
    rolled = roll_up([SMALL, NO_OKR])
    assert rolled.okr_progress == D("1")  # only SMALL has objectives
    assert rolled.average_points == (D("90") * 2 + D("70") * 10) / 12


def test_roll_ups_of_roll_ups_keep_summing_counts():
    province = roll_up([roll_up([SMALL, LARGE]), roll_up([NO_OKR])])
    assert (province.headcount, province.units, province.stages["approved"], province.bands["tot"]) == (20, 3, 14, 12)
    assert roll_up([]) is None


def test_ratio_and_weighted_mean_refuse_to_divide_by_nothing():
    assert ratio(3, 0) is None and ratio(1, 4) == D("0.25")
    assert weighted_mean([(None, 5), (D("1"), 0)]) is None


def test_the_indicators_import_only_the_standard_library():
    source = Path(__file__).resolve().parents[2] / "webapp" / "performance" / "indicators.py"
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "the indicators import nothing of the app"
            names.add(node.module.split(".")[0])
    assert names - {"__future__"} <= set(sys.stdlib_module_names)
