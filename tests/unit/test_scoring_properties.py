"""Properties of the scoring engine over random work (hypothesis)."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.scoring import AssignedWork, CompletedWork, PersonPeriodFacts, score_person

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
