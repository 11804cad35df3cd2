"""The yearly agency evaluation (Nghị định 335/2025, cơ quan, đơn vị): 30 general points, 70 task points from the
unit's OKR and plan completion, four bands; the rule set's agency block is validated like the rest of it."""
import copy
import json
from decimal import Decimal

import pytest

from webapp.scoring import RuleSetError, ScoringInputError, load_ruleset
from webapp.scoring.agency import AgencyFacts, score_agency

from .scoring_data import RULESETS, ruleset

D = Decimal


def _criteria(*values: str) -> dict[str, Decimal]:
    """Scores of CQ.1 … CQ.5 in order."""
    return {f"CQ.{n}": D(v) for n, v in enumerate(values, start=1)}


FULL = _criteria("6", "6", "6", "6", "6")


def _data() -> dict:
    """The seeded Nghị định 335 document, decimals as strings."""
    return json.loads((RULESETS / "nd-335-2025.json").read_text(encoding="utf-8"))


def test_the_agency_criteria_of_the_seeded_rule_set_add_up_to_30_and_the_task_part_to_70():
    agency = ruleset().agency
    assert agency.general.max_points == 30 and sum(c.max_points for c in agency.general.criteria) == 30
    assert agency.tasks.max_points == 70 and agency.max_total == 100
    assert [b.min_points for b in agency.bands] == [90, 70, 50, 0]
    assert all(c.legal_reference.startswith("conv") for c in agency.general.criteria)  # configuration, said so


@pytest.mark.parametrize("okr, completed, assigned, general, task, total, band", [
    ("1", "100", "100", FULL, "70.00", "100.00", "xuat_sac"),
    ("0.9", "80", "100", _criteria("5.5", "5.5", "5.5", "5.5", "5.5"), "59.50", "87.00", "tot"),
    ("1.25", "150", "100", _criteria("6", "6", "6", "6", "6"), "70.00", "100.00", "xuat_sac"),  # capped at 100 %
    (None, "90", "100", FULL, "63.00", "93.00", "xuat_sac"),  # no OKR: the plan carries the whole weight
    ("0.6", "0", "0", FULL, "42.00", "72.00", "tot"),  # nothing assigned: OKR alone
    (None, "0", "0", FULL, "0.00", "30.00", "khong_hoan_thanh"),  # nothing to measure the tasks by
    ("0.5", "40", "100", _criteria("4", "4", "4", "4", "4"), "31.50", "51.50", "hoan_thanh"),
    ("0.5", "39", "100", _criteria("3.5", "3.5", "3.5", "3.5", "3"), "31.15", "48.15", "khong_hoan_thanh"),
    ("0.8", "1", "3", FULL, "39.67", "69.67", "hoan_thanh"),  # 70 × (0,4 + 1/6) = 39,666… → 39,67
])
def test_the_task_points_total_and_band_follow_the_units_okr_and_plan(okr, completed, assigned, general, task,
                                                                        total, band):
    score = score_agency(ruleset(), AgencyFacts(general, None if okr is None else D(okr), D(completed), D(assigned)))
    assert (score.task_points, score.total, score.band) == (D(task), D(total), band)


@pytest.mark.parametrize("total, band", [("90", "xuat_sac"), ("89.75", "tot"), ("70", "tot"), ("69.75", "hoan_thanh"),
                                         ("50", "hoan_thanh"), ("49.75", "khong_hoan_thanh")])
def test_the_band_thresholds_are_those_of_the_rule_set(total, band):
    general = D(total) - 70 if D(total) >= 70 else D(0)
    task_okr = D(1) if D(total) >= 70 else D(total) / 70
    scores = {c.code: min(max(general - 6 * i, D(0)), D(6)) for i, c in enumerate(ruleset().agency.general.criteria)}
    assert score_agency(ruleset(), AgencyFacts(scores, task_okr, D(1), D(1) if D(total) >= 70 else D(0))).band == band


def test_every_number_of_the_result_is_explained_with_the_figures_it_came_from():
    score = score_agency(ruleset(), AgencyFacts(FULL, D("0.875"), D("45"), D("60")))
    formulas = {step.code: step.formula for step in score.steps}
    assert formulas["okr"] == "87,50 % → tính 87,50 % (tối đa 100,00 %), trọng số 50,00 %"
    assert formulas["plan"] == "45,00 / 60,00 = 75,00 % → tính 75,00 % (tối đa 100,00 %), trọng số 50,00 %"
    assert formulas["task_points"] == "70,00 × (50,00 % × 87,50 % + 50,00 % × 75,00 %) = 56,88"
    assert formulas["total"] == "30,00 + 56,88 = 86,88"
    assert [s.code for s in score.sources] == ["okr", "plan"]


@pytest.mark.parametrize("scores, message", [
    (_criteria("6.25", "6", "6", "6", "6"), "CQ.1 phải từ 0 đến 6"),
    (_criteria("-1", "6", "6", "6", "6"), "CQ.1 phải từ 0 đến 6"),
    (_criteria("5.1", "6", "6", "6", "6"), "bội số của 0.25"),
    (_criteria("6", "6", "6", "6"), "Thiếu điểm tiêu chí CQ.5"),
    ({**FULL, "X.9": D(1)}, "không có trong bộ quy tắc"),
])
def test_general_scores_are_bounded_by_their_maxima_and_refused_in_vietnamese(scores, message):
    with pytest.raises(ScoringInputError, match=message):
        score_agency(ruleset(), AgencyFacts(scores, D(1), D(1), D(1)))


def test_a_rule_set_without_an_agency_block_cannot_score_a_unit():
    with pytest.raises(ScoringInputError, match="không có quy định đánh giá cơ quan"):
        score_agency(ruleset("hn-3814-qd-tu-2018"), AgencyFacts(FULL))


def test_when_missing_zero_counts_a_missing_figure_as_nothing():
    data = _data()
    data["agency"]["tasks"]["when_missing"] = "zero"
    assert score_agency(load_ruleset(data), AgencyFacts(FULL, None, D(1), D(1))).task_points == D("35.00")


@pytest.mark.parametrize("change, path", [
    (lambda a: a["tasks"]["sources"][0].update(weight="0.6"), "agency.tasks.sources"),
    (lambda a: a["tasks"]["sources"][1].update(code="okr"), "agency.tasks.sources"),
    (lambda a: a["general"]["groups"][0]["criteria"][0].update(max_points="7"), "agency.general.max_points"),
    (lambda a: a["cap_exception"].update(unit_bands=["xuất sắc"]), "agency.cap_exception.unit_bands"),
    (lambda a: a["cap_exception"].update(rating_year="next"), "agency.cap_exception.rating_year"),
    (lambda a: a["tasks"].update(when_missing="ignore"), "agency.tasks.when_missing"),
    (lambda a: a.update(extra=1), "agency: trường không được hỗ trợ"),
])
def test_a_faulty_agency_block_is_refused_naming_its_field(change, path):
    data = copy.deepcopy(_data())
    change(data["agency"])
    with pytest.raises(RuleSetError, match=path):
        load_ruleset(data)


def test_the_cap_exception_needs_the_higher_share_in_the_cap_block():
    data = _data()
    del data["cap"]["outstanding_unit_share"]
    with pytest.raises(RuleSetError, match="outstanding_unit_share"):
        load_ruleset(data)


@pytest.mark.parametrize("rating_year, period_year, expected", [("same", 2026, 2026), ("previous", 2027, 2026)])
def test_the_cap_exception_reads_the_rating_of_the_configured_year(rating_year, period_year, expected):
    data = _data()
    data["agency"]["cap_exception"]["rating_year"] = rating_year
    assert load_ruleset(data).agency.cap_exception.rating_year_for(period_year) == expected
