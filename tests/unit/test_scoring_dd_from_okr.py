"""đ read from the unit's OKR progress: bands as rule-set data, the default unchanged, the source explained."""
import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from webapp.scoring import Flags, PersonPeriodFacts, load_ruleset, score_person
from webapp.scoring.errors import RuleSetError

SEED = Path(__file__).resolve().parents[2] / "seeds" / "rulesets" / "nd-335-2025.json"
CRITERIA = {"I.1": Decimal(5), "I.2": Decimal(5), **{f"{g}.{n}": Decimal("2.5") for g in ("II", "III")
                                                      for n in range(1, 5)}}


def _data() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def _leader(**kw) -> PersonPeriodFacts:
    return PersonPeriodFacts(True, (), (), CRITERIA, Flags(), managed_bands=(), **kw)


def _dd(rules, facts):
    return next(step for step in score_person(rules, facts).steps if step.code == "dd")


def test_the_seeded_rule_set_carries_the_okr_bands_with_their_legal_reference():
    factor = next(f for f in load_ruleset(_data()).leader_factors if f.code == "dd")
    bands = [(b.min_progress, b.value) for b in factor.okr_bands]
    assert bands == [(Decimal(1), Decimal(1)), (Decimal(0), Decimal("0.5"))]
    assert "NĐ 335/2025" in factor.okr_reference


@pytest.mark.parametrize("progress, value", [("1", "1"), ("1.2", "1"), ("0.9999", "0.5"), ("0", "0.5")])
def test_with_okr_progress_given_dd_is_the_value_of_its_band(progress, value):
    step = _dd(load_ruleset(_data()), _leader(unit_okr_progress=Decimal(progress)))
    assert step.value == Decimal(value) and "theo tiến độ OKR của đơn vị" in step.formula and step.ref


def test_the_source_is_shown_the_vietnamese_way():
    step = _dd(load_ruleset(_data()), _leader(unit_okr_progress=Decimal("0.875")))
    assert step.formula == "đ = 50,00 % (theo tiến độ OKR của đơn vị: 87,50 %)"


def test_without_okr_progress_dd_stays_what_the_evaluator_recorded():
    rules = load_ruleset(_data())
    assert _dd(rules, _leader(unit_plan_done=False)).formula == "đ = 50,00 % (không đạt)"
    assert _dd(rules, _leader(unit_plan_done=True)).value == Decimal(1)


def test_a_configured_partial_band_is_data():
    data = copy.deepcopy(_data())
    data["leader_factors"]["dd"]["from_okr"]["bands"] = [
        {"min_progress": "1", "value": "1"}, {"min_progress": "0.8", "value": "0.75"},
        {"min_progress": "0", "value": "0.5"}]
    rules = load_ruleset(data)
    values = [_dd(rules, _leader(unit_okr_progress=Decimal(p))).value for p in ("1", "0.85", "0.8", "0.79")]
    assert values == [Decimal(1), Decimal("0.75"), Decimal("0.75"), Decimal("0.5")]


@pytest.mark.parametrize("bands, message", [
    ([{"min_progress": "0.5", "value": "1"}, {"min_progress": "0.8", "value": "0.5"}], "giảm dần"),
    ([{"min_progress": "1", "value": "1"}], "ngưỡng cuối cùng"),
    ([{"min_progress": "0", "value": "1.5"}], "value"),
])
def test_bands_out_of_order_not_ending_at_zero_or_above_100_percent_are_refused(bands, message):
    data = copy.deepcopy(_data())
    data["leader_factors"]["dd"]["from_okr"]["bands"] = bands
    with pytest.raises(RuleSetError, match=message):
        load_ruleset(data)


def test_a_rule_set_without_okr_bands_ignores_the_okr_progress():
    data = copy.deepcopy(_data())
    del data["leader_factors"]["dd"]["from_okr"]
    step = _dd(load_ruleset(data), _leader(unit_plan_done=True, unit_okr_progress=Decimal("0.2")))
    assert step.value == Decimal(1) and "OKR" not in step.formula
