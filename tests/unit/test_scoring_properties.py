"""Properties of the scoring engine over random work (hypothesis)."""
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.scoring import AssignedWork, CompletedWork, Flags, PersonPeriodFacts, score_person

from .scoring_data import criteria, ruleset

K = st.sampled_from([Decimal(k) for k in ("0.80", "1.00", "1.25", "1.50", "2.00")])
QTY = st.integers(min_value=0, max_value=40).map(Decimal)
ROW = st.tuples(K, QTY, QTY, st.integers(0, 5), st.integers(0, 3))
GENERAL = st.sampled_from(["0", "12.5", "20", "27.75", "30"])


def _facts(rows, general, leader=False, extra=None) -> PersonPeriodFacts:
    """Assigned and completed rows from (K, assigned, done, errors, delays)."""
    assigned = tuple(AssignedWork(f"g{n}", f"I{n}", k, q) for n, (k, q, _, _, _) in enumerate(rows) if q)
    completed = [CompletedWork(f"c{n}", f"I{n}", k, d, e, 0, l, 0) for n, (k, _, d, e, l) in enumerate(rows) if d]
    if extra:
        completed.append(extra)
    return PersonPeriodFacts(leader, assigned, tuple(completed), criteria(general),
                             managed_bands=("tot",) if leader else None)


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, max_size=6), GENERAL, st.booleans())
def test_points_stay_between_0_and_100(rows, general, leader):
    score = score_person(ruleset(), _facts(rows, general, leader))
    assert 0 <= score.total <= 100 and 0 <= score.task_points <= 70


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=6), GENERAL, K, st.integers(1, 20).map(Decimal))
def test_more_approved_work_never_lowers_points(rows, general, k, quantity):
    before = score_person(ruleset(), _facts(rows, general))
    more = score_person(ruleset(), _facts(rows, general, extra=CompletedWork("x", "I0", k, quantity)))
    assert more.total_raw >= before.total_raw


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=6), GENERAL, st.integers(0, 5), st.booleans())
def test_a_deduction_never_raises_points(rows, general, which, is_delay):
    index = which % len(rows)
    k, q, d, e, l = rows[index]
    worse = list(rows)
    worse[index] = (k, q, d, e + (not is_delay), l + is_delay)
    assert score_person(ruleset(), _facts(worse, general)).total_raw <= score_person(ruleset(), _facts(rows, general)).total_raw


CODES = st.sampled_from(["nd-335-2025", "hn-3814-qd-tu-2018", "qd-366-tw-2025"])
BANDS = st.lists(st.sampled_from(["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh", "chua_xep_loai"]), max_size=4)
EXEMPT_ROW = st.tuples(K, QTY, QTY, st.integers(0, 3), st.integers(0, 3), st.integers(0, 2), st.integers(0, 2))


def _any_facts(code, rows, leader, managed, flags, bonus) -> PersonPeriodFacts:
    """Facts with exemptions, flags, managed bands and a bonus, under any seeded rule set."""
    assigned = tuple(AssignedWork(f"g{n}", f"I{n % 3}", k, q) for n, (k, q, *_) in enumerate(rows) if q)
    completed = tuple(CompletedWork(f"c{n}", f"I{n % 3}", k, d, e + ee, ee, l + le, le)
                      for n, (k, _, d, e, l, ee, le) in enumerate(rows) if d)
    general = str(ruleset(code).general.max_points * 3 // 4)
    return PersonPeriodFacts(leader, assigned, completed, criteria(general, code), Flags(*flags),
                             tuple(managed) if leader else None, flags[0], flags[1], bonus)


@settings(max_examples=300, deadline=None)
@given(CODES, st.lists(EXEMPT_ROW, max_size=6), st.booleans(), BANDS, st.tuples(*[st.booleans()] * 3),
       st.integers(0, 12).map(Decimal), st.sampled_from(["period", "item"]), st.sampled_from(["total", "item"]))
def test_scoring_without_explanation_gives_exactly_the_same_result(code, rows, leader, managed, flags, bonus,
                                                                   cap_scope, exceeded_basis):
    rules = ruleset(code)
    rules = replace(rules, tasks=replace(rules.tasks, cap_scope=cap_scope, exceeded_basis=exceeded_basis))
    facts = _any_facts(code, rows, leader, managed, flags, bonus)
    explained = score_person(rules, facts)
    bare = score_person(rules, facts, explain=False)
    assert explained.steps and bare.steps == ()
    assert bare == replace(explained, steps=())
