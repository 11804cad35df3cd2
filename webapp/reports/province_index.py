"""The reports' reading of the unit performance index: the unit rows of webapp.performance's summary table.

Only the summary rows are read (never the diary or the sheets). What the index does not keep, the report
derives here from the same rows rather than in the index: whether a unit is late in evaluating a month (not
every person evaluated once the month's due date has passed, EVALUATION_DUE_DAY of the next month) and where
its missing sheets wait.
"""
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlmodel import Session, select

from ..clock import local_today
from ..models import PerformanceSummary
from ..months import month_key
from .province_figures import BAND_CODES, MonthRow


def month_firsts(first: date, last: date) -> list[date]:
    """The first day of every month from first to last."""
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def due_date(month: date) -> date:
    """The day by which a month's sheets should be approved: EVALUATION_DUE_DAY of the following month."""
    after = month_firsts(month, date(month.year + month.month // 12, month.month % 12 + 1, 1))[-1]
    return after.replace(day=min(current_app.config.get("EVALUATION_DUE_DAY", 10), 28))


def _row(summary: PerformanceSummary, month: date, today: date) -> MonthRow:
    """One unit-month of the index as the report adds it up."""
    bands = summary.bands or {}
    incomplete = summary.evaluated < summary.headcount
    okr = summary.okr_progress
    return MonthRow(
        unit_id=summary.unit_id, month=month, headcount=summary.headcount, due=summary.headcount,
        evaluated=summary.evaluated, points_sum=Decimal(summary.points_sum or 0), points_count=summary.evaluated,
        bands=tuple(int(bands.get(code, 0)) for code in BAND_CODES), work_done=Decimal(summary.completed or 0),
        work_assigned=Decimal(summary.assigned or 0), on_time=Decimal(summary.on_time),
        completed=Decimal(summary.entries),
        overdue=summary.overdue, diary_days=summary.diary_days, working_days=summary.working_days,
        okr_percent=None if okr is None else Decimal(okr) * 100,
        late=incomplete and today > due_date(month), over_cap=summary.cap_over > 0,
        waiting=(summary.no_sheet + summary.draft, summary.self_assessed, summary.reviewed))


def month_rows(session: Session, unit_ids: list[int], first: date, last: date,
               today: date | None = None) -> list[MonthRow]:
    """The index's unit rows (not the divisions') of these units for the months from first to last."""
    if not unit_ids:
        return []
    keys = {month_key(day): day for day in month_firsts(first, last)}
    rows = session.exec(select(PerformanceSummary).where(
        PerformanceSummary.month.in_(list(keys)), PerformanceSummary.unit_id.in_(unit_ids),
        PerformanceSummary.division_key == 0))
    today = today or local_today()
    return [_row(summary, keys[summary.month], today) for summary in rows]
