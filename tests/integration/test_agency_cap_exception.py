"""A unit whose yearly evaluation the superior level approved at Hoàn thành xuất sắc nhiệm vụ has its staff's cap
checked at the rule set's higher share (25 % of those rated Hoàn thành tốt instead of 20 %), for that year's periods;
any other band, an unapproved result or another year leaves the cap as it was."""
from datetime import date
from decimal import Decimal

import pytest

from webapp.agency import service
from webapp.evaluations import unit_month
from webapp.evaluations.rulesets import default_ruleset_row
from webapp.evaluations.service import month_periods
from webapp.models import AgencyEvaluation, EvaluationSheet

from .agency_data import YEAR, agency_team, scores, year_of_work


@pytest.fixture
def t(make):
    return agency_team(make)


def _october(session, make, t):
    """October of the unit: 8 people rated Hoàn thành tốt, 2 Hoàn thành xuất sắc (20 % × 8 allows 1, 25 % allows 2)."""
    (period,) = month_periods(session, date(YEAR, 10, 1), [t.unit])
    ruleset_id = default_ruleset_row(session, period.starts_on).id
    for n in range(10):
        person, _ = make.person(t.unit)
        session.add(EvaluationSheet(period_id=period.id, person_id=person.id, unit_id=t.unit.id,
                                    rule_set_id=ruleset_id, state="approved", band="xuat_sac" if n < 2 else "tot",
                                    total_points=95 if n < 2 else 80, frozen_result={}))
    session.flush()
    return period


def _rated(session, t, band: str, state: str = "approved", year: int = YEAR):
    """The unit's yearly evaluation at a band and state (as the workflow leaves it)."""
    session.add(AgencyEvaluation(unit_id=t.unit.id, year=year, rule_set_id=default_ruleset_row(
        session, date(YEAR, 1, 1)).id, state=state, band=band))
    session.flush()


def _unit_check(session, period):
    return next(c for c in unit_month.unit_caps(session, period) if c.scope == "unit")


def test_without_an_agency_rating_the_unit_is_over_the_cap_at_20_percent(session, make, t):
    check = _unit_check(session, _october(session, make, t))
    assert (check.share, check.allowed, check.over_by) == (Decimal("0.2"), 1, 1)


def test_an_approved_outstanding_rating_lets_the_units_staff_use_the_higher_share(session, make, t):
    period = _october(session, make, t)
    _rated(session, t, "xuat_sac")
    check = _unit_check(session, period)
    assert (check.share, check.allowed, check.over_by) == (Decimal("0.25"), 2, 0)


@pytest.mark.parametrize("band, state, year", [("tot", "approved", YEAR), ("xuat_sac", "scored", YEAR),
                                               ("xuat_sac", "approved", YEAR - 1)])
def test_any_other_band_an_unapproved_result_or_another_year_keeps_the_cap(session, make, t, band, state, year):
    period = _october(session, make, t)
    _rated(session, t, band, state, year)
    assert _unit_check(session, period).allowed == 1


def test_the_exception_follows_the_real_workflow_and_is_shown_on_the_units_table(login, session, make, t):
    period = _october(session, make, t)
    year_of_work(session, make, t, done="4", okr_value="10")  # plan 100 %, OKR 100 %: 70 task points
    row = service.self_assess(session, t.head, t.unit.code, YEAR, 0, scores(*"66666"), "")
    row = service.score(session, t.organiser, t.unit.code, YEAR, row.version, scores(*"66666"), "Xuất sắc")
    assert (row.total_points, row.band) == (100, "xuat_sac")
    assert _unit_check(session, period).over_by == 1  # scored, not yet approved
    service.approve(session, t.organiser, t.unit.code, YEAR, row.version)
    assert _unit_check(session, period).over_by == 0
    page = login(t.head.username).get(f"/units/{t.unit.code}/evaluations?month={YEAR}-10").get_data(as_text=True)
    assert 'id="caps-exception"' in page and "tối đa 25 % số Hoàn thành tốt thay cho 20 %" in page
