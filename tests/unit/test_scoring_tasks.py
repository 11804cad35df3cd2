"""Task results a, b, c and the total under Nghị định 335/2025, against hand-computed figures."""
from decimal import Decimal

import pytest

from webapp.scoring import Flags, ScoringInputError, score_person

from .scoring_data import D, ruleset, work

# Each case: rows (item, K, assigned, done, errors, exempt errors, delays, exempt delays),
# general points, then the expected a %, b %, c %, task points, total and band — worked by hand.
CASES = {
    # 4 × 1,5 = 6 and 4 × 1 = 4 assigned, all done; 2 errors on the K 1,5 item: b = (6 × 0,5 + 4) / 10.
    "K 1,5 item with two quality errors": (
        [("HT-010", "1.5", "4", "4", 2), ("HT-001", "1.0", "4", "4")], "27",
        "100.00", "70.00", "100.00", "63.00", "90.00", "xuat_sac"),
    # One delay with a confirmed objective cause: not deducted, c stays 100 %.
    "a delay exempted for an objective cause": (
        [("HT-001", "1.0", "10", "10", 0, 0, 1, 1)], "25",
        "100.00", "100.00", "100.00", "70.00", "95.00", "xuat_sac"),
    # The same delay without exemption: c = 10 × 0,75 / 10; task = (1 + 1 + 0,75) / 3 × 70 = 64,1666…
    "a delay not exempted": (
        [("HT-001", "1.0", "10", "10", 0, 0, 1, 0)], "25",
        "100.00", "100.00", "75.00", "64.17", "89.17", "tot"),
    # Half of the assigned work done: a = b = c = 50 %, task 35; 35 + 20 = 55.
    "half the assigned work": (
        [("HT-002", "2.0", "5", "2.5")], "20",
        "50.00", "50.00", "50.00", "35.00", "55.00", "hoan_thanh"),
    # Work above the assignment is capped at 100 % (recorded as exceeded).
    "work above the assignment": (
        [("HT-001", "1.0", "10", "14")], "30",
        "100.00", "100.00", "100.00", "70.00", "100.00", "xuat_sac"),
    # Five errors on one row floor its quality share at 0, never below: b = 4 / 8.
    "quality share floored at zero for the row": (
        [("HT-003", "0.8", "5", "5", 5), ("HT-001", "1.0", "4", "4")], "30",
        "100.00", "50.00", "100.00", "58.33", "88.33", "tot"),
    # Nothing assigned and nothing declared: a = b = c = 0.
    "no work in the period": ([], "30", "0.00", "0.00", "0.00", "0.00", "30.00", "khong_hoan_thanh"),
    # One exempt error out of three counts two: factor 0,5 on the only row.
    "some errors exempt": (
        [("HT-001", "1.0", "8", "8", 3, 1)], "30",
        "100.00", "50.00", "100.00", "58.33", "88.33", "tot"),
}


@pytest.mark.parametrize("name", CASES)
def test_task_results_match_the_hand_computation(name):
    rows, general, a, b, c, task, total, band = CASES[name]
    score = score_person(ruleset(), work(*rows, general=general))
    assert (score.a_percent, score.b_percent, score.c_percent) == (D(a), D(b), D(c))
    assert (score.task_points, score.total, score.band) == (D(task), D(total), band)


def test_a_leader_one_of_whose_staff_is_not_completing_gets_d_at_50_percent():
    facts = work(("SNV-001", "1.0", "6", "6"), leader=True,
                 managed_bands=("xuat_sac", "tot", "khong_hoan_thanh"))
    score = score_person(ruleset(), facts)
    # (1 + 1 + 1 + 0,5 + 1 + 1) / 6 × 70 = 64,1666… → 64,17; + 30 = 94,17
    assert score.d == D("0.5") and score.dd == 1 and score.e == 1
    assert (score.task_points, score.total, score.band) == (D("64.17"), D("94.17"), "xuat_sac")
    assert "1/3 người dưới mức Hoàn thành nhiệm vụ" in next(s.formula for s in score.steps if s.code == "d")


def test_a_leader_whose_staff_all_complete_and_whose_plan_failed():
    facts = work(("SNV-001", "1.0", "6", "6"), leader=True, managed_bands=("tot", "hoan_thanh"),
                 unit_plan_done=False)
    score = score_person(ruleset(), facts)
    assert (score.d, score.dd, score.e) == (1, D("0.5"), 1)
    assert score.task_points == D("64.17")


def test_a_disciplined_person_with_95_points_is_not_completing():
    score = score_person(ruleset(), work(("HT-001", "1.0", "5", "5"), general="25",
                                         flags=Flags(disciplined=True)))
    assert score.total == D("95.00") and score.points_band == "xuat_sac"
    assert score.band == "khong_hoan_thanh" and score.forced_by == ("disciplined",)
    assert "kỷ luật" in score.band_reasons[0].text


def test_corruption_in_the_unit_forces_only_leaders():
    flags = Flags(corruption_in_unit=True)
    staff = score_person(ruleset(), work(("HT-001", "1.0", "5", "5"), flags=flags))
    leader = score_person(ruleset(), work(("HT-001", "1.0", "5", "5"), flags=flags, leader=True, managed_bands=()))
    assert staff.band == "xuat_sac" and leader.band == "khong_hoan_thanh"


@pytest.mark.parametrize("total, band", [
    ("49.99", "khong_hoan_thanh"), ("50", "hoan_thanh"), ("69.99", "hoan_thanh"),
    ("70", "tot"), ("89.99", "tot"), ("90", "xuat_sac"), ("0", "khong_hoan_thanh"), ("100", "xuat_sac"),
])
def test_band_boundaries(total, band):
    from webapp.scoring.bands import band_for_points
    assert band_for_points(ruleset().bands, D(total)).code == band


def test_the_band_is_read_on_the_displayed_total():
    # 2 of 3 assigned done: a = b = c = 2/3, task = 46,666… → 46,67; general 23,25 → 69,92 (Hoàn thành).
    score = score_person(ruleset(), work(("HT-001", "1.0", "3", "2"), general="23.25"))
    assert (score.task_points, score.total, score.band) == (D("46.67"), D("69.92"), "hoan_thanh")
    # general 23,33 is not a multiple of 0,25: refused with a Vietnamese message.
    with pytest.raises(ScoringInputError, match="bội số"):
        score_person(ruleset(), work(("HT-001", "1.0", "3", "2"), general="23.33"))


def test_every_step_of_the_explanation_is_readable():
    score = score_person(ruleset(), work(("HT-010", "1.5", "4", "4", 2), ("HT-001", "1.0", "4", "4")))
    formulas = {s.code: s.formula for s in score.steps if s.code in ("b", "task_points", "total")}
    assert formulas["b"] == "b = 7,00 / 10,00 = 70,00 %"
    assert formulas["task_points"].startswith("(a + b + c) / 3 × điểm tối đa = (100,00 % + 70,00 % + 100,00 %) / 3 × 70")
    assert formulas["total"] == "63,00 + 30,00 + 0,00 = 93,00"


@pytest.mark.parametrize("bad", [
    lambda f: f.__class__(**{**_fields(f), "criteria": {**f.criteria, "I.1": D("6")}}),
    lambda f: f.__class__(**{**_fields(f), "criteria": {k: v for k, v in f.criteria.items() if k != "I.1"}}),
])
def test_bad_criterion_scores_are_refused(bad):
    with pytest.raises(ScoringInputError):
        score_person(ruleset(), bad(work(("HT-001", "1.0", "1", "1"))))


def _fields(facts) -> dict:
    """A dataclass's fields as a dict."""
    return {name: getattr(facts, name) for name in facts.__dataclass_fields__}


def test_float_quantities_are_refused():
    from webapp.scoring import AssignedWork
    facts = work(("HT-001", "1.0", "1", "1"))
    facts = facts.__class__(**{**_fields(facts), "assigned": (AssignedWork("x", "HT-001", Decimal(1), 1.5),)})
    with pytest.raises(ScoringInputError, match="Decimal"):
        score_person(ruleset(), facts)
