"""Periods: the first write of a month opens its period, even when two requests race for it."""
from datetime import date

from sqlmodel import select

from webapp.models import Period, Unit
from webapp.periods.service import insert_period, month_period


def test_a_period_opened_by_someone_else_a_moment_earlier_is_reused(session):
    unit = session.exec(select(Unit).where(Unit.code == "dong-son")).one()
    theirs = month_period(session, unit.id, date(2027, 3, 10))
    mine = insert_period(session, Period(unit_id=unit.id, kind="month", key="2027-03", starts_on=date(2027, 3, 1),
                                         ends_on=date(2027, 3, 31)))
    assert mine.id == theirs.id
    assert len(session.exec(select(Period).where(Period.unit_id == unit.id, Period.key == "2027-03")).all()) == 1
