"""Working days: Monday to Friday, less the public holidays of the calendar table."""
from datetime import date, timedelta

from sqlmodel import Session, select

from .models import Holiday


def holidays_between(session: Session, start: date, end: date) -> set[date]:
    """Holiday dates within [start, end]."""
    return set(session.exec(select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end)).all())


def is_working_day(day: date, holidays: set[date]) -> bool:
    """A weekday that is not a holiday."""
    return day.weekday() < 5 and day not in holidays


def working_days(session: Session, start: date, end: date) -> list[date]:
    """Every working day within [start, end]."""
    holidays = holidays_between(session, start, end)
    days = (start + timedelta(n) for n in range((end - start).days + 1))
    return [d for d in days if is_working_day(d, holidays)]


def holiday_lookback(window: int) -> int:
    """How many calendar days back `window` working days can reach (weekends and Tết included)."""
    return window * 3 + 30


def earliest_allowed(session: Session, today: date, window: int) -> date:
    """The earliest date `window` working days before today (today counts as day 0)."""
    holidays = holidays_between(session, today - timedelta(days=holiday_lookback(window)), today)
    return earliest_among(holidays, today, window)


def earliest_among(holidays: set[date] | frozenset[date], today: date, window: int) -> date:
    """The earliest date `window` working days before today, given the holidays around it."""
    day, remaining = today, window
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def previous_working_day(session: Session, today: date) -> date:
    """The last working day before today."""
    return earliest_allowed(session, today, 1)
