"""The issue's example end to end: exact task points stored by the month close and shown on the sheet."""
from datetime import date
from decimal import Decimal

from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.evaluations import service
from webapp.evaluations.service import month_periods
from webapp.models import CriterionScore, EvaluationSheet, Period

from .evaluation_data import approved, assign, item, team

GENERAL_25 = {"I.1": "5", "I.2": "5", **{f"II.{n}": "2.5" for n in range(1, 5)}, **{f"III.{n}": "1.25" for n in range(1, 5)}}


def test_28_units_27_of_them_late_once_store_and_show_64_38_task_points_and_89_38(login, session):
    # c = (27 × 0,75 + 1) / 28 = 21,25 / 28; task points (1 + 1 + c) / 3 × 70 = 64,375 exactly → 64,38.
    t = team(session)
    k1 = item(session, t.unit, "1.00")
    work = assign(session, t.person, k1, "28", date(2026, 10, 20))
    approved(session, t.person, k1, "27", date(2026, 10, 21), work, late=True)
    approved(session, t.person, k1, "1", date(2026, 10, 12), work)
    month_periods(session, date(2026, 10, 1), [t.unit])
    session.commit()
    head = Actor.from_account(t.head)
    service.close_month(session, head, date(2026, 10, 1))
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.period_id == period.id,
                                                       EvaluationSheet.person_id == t.person.id)).one()
    assert sheet.task_points == Decimal("64.38")
    for code, score in GENERAL_25.items():
        session.add(CriterionScore(sheet_id=sheet.id, criterion_code=code, manager_score=Decimal(score)))
    sheet.state = "reviewed"
    session.commit()
    service.close_month(session, head, date(2026, 10, 1))  # the close scores the reviewed sheet again, with its total
    session.refresh(sheet)
    assert (sheet.task_points, sheet.general_points, sheet.total_points, sheet.band) == (
        Decimal("64.38"), Decimal("25.00"), Decimal("89.38"), "tot")
    page = login(t.head.username).get(f"/sheets/{sheet.id}").get_data(as_text=True)
    assert '<b id="task-points">64,38</b>' in page and "89,38" in page and "64,37" not in page
