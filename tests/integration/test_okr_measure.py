"""Key results measured from approved work: Σ quantity × K of the approved entries in scope and period, equal to
the sum of the drill-down's entries across random diaries; returned, draft and submitted entries never count."""
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.models import Division, Person
from webapp.okr import keyresults
from webapp.okr.measure import counted_entries, work_figures
from webapp.okr.queries import load_views, unit_level_views

from .okr_data import division_objective, entry, items_key_result, kr_input, okr_team, person_objective, unit_objective


@pytest.fixture
def t(make):
    return okr_team(make)


def test_approved_work_on_linked_items_in_the_period_counts_with_each_entrys_own_k(session, t):
    objective = unit_objective(session, t)
    key_result = items_key_result(session, t.head, objective, t.item)
    entry(session, t.person, t.item, "4", date(2026, 10, 5))  # 4 × 1,5
    entry(session, t.other_person, t.item, "2", date(2026, 12, 31), k="1.20")  # K frozen earlier: 2 × 1,2
    entry(session, t.person, t.item, "9", date(2026, 9, 30))  # before the quarter
    entry(session, t.person, t.item, "9", date(2027, 1, 1))  # after it
    entry(session, t.person, t.other_item, "9", date(2026, 10, 6))  # an item not linked
    for status in ("draft", "submitted", "returned"):
        entry(session, t.person, t.item, "9", date(2026, 10, 7), status=status)
    figure = work_figures(session, [key_result.id])[key_result.id]
    assert (figure.value, figure.entries) == (Decimal("8.4"), 2)
    listed = counted_entries(session, key_result.id)
    assert [e.converted for e in listed] == [Decimal("6.00"), Decimal("2.40")]


def test_a_division_counts_its_people_and_a_person_only_themselves(session, make, t):
    division, person = division_objective(session, t), person_objective(session, t)
    by_division = items_key_result(session, t.manager, division, t.item)
    by_person = items_key_result(session, t.staff, person, t.item)
    elsewhere, _ = make.person(t.unit, division=_second_division(session, t))
    entry(session, t.person, t.item, "2", date(2026, 11, 2))
    entry(session, t.other_person, t.item, "4", date(2026, 11, 2))
    entry(session, elsewhere, t.item, "8", date(2026, 11, 2))
    figures = work_figures(session, [by_division.id, by_person.id])
    assert figures[by_division.id].value == Decimal("9")  # (2 + 4) × 1,5
    assert figures[by_person.id].value == Decimal("3")


def _second_division(session, t):
    """A second division of the unit."""
    division = Division(unit_id=t.unit.id, code="p2", name="Phòng Nghiệp vụ")
    session.add(division)
    session.flush()
    return division


def test_work_of_another_unit_never_counts(session, make, t):
    objective = unit_objective(session, t)
    key_result = items_key_result(session, t.head, objective, t.item)
    stranger, _ = make.person(make.unit())
    row = entry(session, stranger, t.item, "5", date(2026, 10, 9))
    assert row.unit_id != t.unit.id
    assert work_figures(session, [key_result.id])[key_result.id].value == 0


def test_progress_from_work_moves_the_objective_by_the_key_results_weight(session, t):
    objective = unit_objective(session, t)
    items_key_result(session, t.head, objective, t.item, weight="60", target="20")
    keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "40"))
    entry(session, t.person, t.item, "5", date(2026, 10, 5))  # 7,5 of 20
    view = load_views(session, [objective], 14, date(2026, 10, 6))[objective.id]
    assert view.progress == Fraction(60, 100) * Fraction(75, 200)  # 60 % of 7,5 / 20; the check-in KR adds 0


DAYS = st.integers(min_value=-10, max_value=100)  # days from 1 Oct 2026: some before the quarter, some after
ENTRIES = st.lists(st.tuples(st.sampled_from(("staff", "other")), st.sampled_from(("item", "other_item")),
                             st.decimals(min_value="0.01", max_value="50", places=2),
                             st.sampled_from(("draft", "submitted", "approved", "returned")), DAYS,
                             st.sampled_from(("1.00", "1.20", "1.50", "2.00"))), max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(diary=ENTRIES)
def test_progress_from_approved_work_equals_the_sum_of_the_entries_it_lists(session, make, diary):
    t = _team(session, make)
    with session.begin_nested() as savepoint:
        expected = Decimal("0")
        for who, item_name, quantity, status, offset, k in diary:
            person: Person = t["people"][who]
            day = date(2026, 10, 1) + timedelta(days=offset)
            entry(session, person, t[item_name], str(quantity), day, status=status, k=k)
            if status == "approved" and item_name == "item" and date(2026, 10, 1) <= day <= date(2026, 12, 31):
                expected += quantity * Decimal(k)
        figure = work_figures(session, [t["kr"].id])[t["kr"].id]
        listed = counted_entries(session, t["kr"].id)
        assert figure.value == sum((e.converted for e in listed), Decimal("0")) == expected
        assert figure.entries == len(listed) == len({e.entry_id for e in listed})
        savepoint.rollback()


def _team(session, make):
    """One unit objective with a key result from work on one item, built once per test (kept on the session)."""
    if "okr_property_team" not in session.info:
        t = okr_team(make)
        objective = unit_objective(session, t)
        session.info["okr_property_team"] = {
            "kr": items_key_result(session, t.head, objective, t.item), "item": t.item, "other_item": t.other_item,
            "people": {"staff": t.person, "other": t.other_person}}
    return session.info["okr_property_team"]


def test_the_units_own_objectives_and_their_progress_are_read_for_a_period(session, t):
    objective = unit_objective(session, t)
    items_key_result(session, t.head, objective, t.item, weight="100", target="3")
    division_objective(session, t)
    entry(session, t.person, t.item, "1", date(2026, 11, 5))  # 1,5 of 3
    views = unit_level_views(session, t.unit.id, date(2026, 10, 1), date(2026, 12, 31), 14)
    assert [(v.objective.id, v.progress) for v in views] == [(objective.id, Fraction(1, 2))]
