"""Progress of key results and objectives: table-driven, exact, rounded only for display."""
from decimal import Decimal as D
from fractions import Fraction

import pytest

from webapp.okr.progress import (
    Measured,
    ProgressError,
    bar_width,
    check_room,
    check_target,
    check_weights,
    key_result_progress,
    objective_progress,
    shown_percent,
)

KEY_RESULTS = {
    "half way from zero": (D("0"), D("120"), D("60"), False, Fraction(1, 2)),
    "from a baseline": (D("40"), D("140"), D("65"), False, Fraction(1, 4)),
    "below the baseline counts as nothing": (D("40"), D("140"), D("10"), False, Fraction(0)),
    "above the target is capped at 100 %": (D("0"), D("10"), D("15"), False, Fraction(1)),
    "above the target when over-achievement is allowed": (D("0"), D("10"), D("15"), True, Fraction(3, 2)),
    "a falling target (cut a backlog from 40 to 10)": (D("40"), D("10"), D("25"), False, Fraction(1, 2)),
    "a falling target overshot is capped": (D("40"), D("10"), D("0"), False, Fraction(1)),
    "a falling target overshot with over-achievement": (D("40"), D("10"), D("0"), True, Fraction(4, 3)),
    "no value yet": (D("0"), D("10"), None, False, Fraction(0)),
    "thirds stay exact": (D("0"), D("3"), D("1"), False, Fraction(1, 3)),
}


@pytest.mark.parametrize("baseline, target, value, allow_over, expected", KEY_RESULTS.values(), ids=KEY_RESULTS)
def test_a_key_results_progress_is_its_share_of_the_way_from_baseline_to_target(baseline, target, value,
                                                                                   allow_over, expected):
    assert key_result_progress(baseline, target, value, allow_over) == expected


def test_a_target_equal_to_the_baseline_is_refused():
    with pytest.raises(ProgressError, match="khác giá trị ban đầu"):
        check_target(D("5"), D("5.00"))
    with pytest.raises(ProgressError):
        key_result_progress(D("5"), D("5"), D("7"))


OBJECTIVES = {
    "weighted mean": ([(D("60"), Fraction(1, 2)), (D("40"), Fraction(1))], Fraction(7, 10)),
    "one key result of 100 %": ([(D("100"), Fraction(1, 3))], Fraction(1, 3)),
    "over-achievement lifts the mean": ([(D("50"), Fraction(3, 2)), (D("50"), Fraction(1, 2))], Fraction(1)),
    "decimal weights": ([(D("33.34"), Fraction(1)), (D("33.33"), Fraction(0)), (D("33.33"), Fraction(0))],
                        Fraction(3334, 10000)),
    "weights short of 100 %: no progress yet": ([(D("60"), Fraction(1))], None),
    "weights above 100 %: no progress": ([(D("60"), Fraction(1)), (D("60"), Fraction(1))], None),
    "no key results": ([], None),
}


@pytest.mark.parametrize("results, expected", OBJECTIVES.values(), ids=OBJECTIVES)
def test_an_objectives_progress_is_the_weighted_mean_of_its_key_results(results, expected):
    assert objective_progress(Measured(w, p) for w, p in results) == expected


DISPLAY = {
    "a third": (Fraction(1, 3), D("33.33")),
    "two thirds round up": (Fraction(2, 3), D("66.67")),
    "an exact half hundredth rounds half up": (Fraction(1235, 100_000), D("1.24")),
    "just below the half stays down": (Fraction(1234999, 100_000_000), D("1.23")),
    "full": (Fraction(1), D("100.00")),
    "over": (Fraction(3, 2), D("150.00")),
    "nothing": (Fraction(0), D("0.00")),
}


@pytest.mark.parametrize("progress, shown", DISPLAY.values(), ids=DISPLAY)
def test_progress_is_shown_as_a_percent_with_two_decimals_half_up(progress, shown):
    assert shown_percent(progress) == shown


def test_a_progress_bar_never_draws_past_full_width():
    assert bar_width(Fraction(3, 2)) == D("100")
    assert bar_width(None) == D("0")
    assert bar_width(Fraction(1, 4)) == D("25.00")


def test_weights_must_sum_to_exactly_100_percent():
    check_weights([D("60"), D("40")])
    with pytest.raises(ProgressError, match="phải bằng 100 % \\(hiện là 99,5 %\\)"):
        check_weights([D("60"), D("39.5")])
    with pytest.raises(ProgressError):
        check_weights([])


def test_a_weight_that_would_pass_100_percent_is_refused_with_what_is_left():
    check_room([D("60")], D("40"))
    with pytest.raises(ProgressError, match="chỉ còn 40 %"):
        check_room([D("60")], D("50"))
    with pytest.raises(ProgressError, match="lớn hơn 0"):
        check_room([], D("0"))


def test_progress_imports_only_the_standard_library():
    import ast
    import sys
    from pathlib import Path
    source = Path(__file__).resolve().parents[2] / "webapp" / "okr" / "progress.py"
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "progress imports nothing of the app"
            names.add(node.module.split(".")[0])
    assert names - {"__future__"} <= set(sys.stdlib_module_names)
