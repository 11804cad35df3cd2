"""Reminders: the daily job finds the people with no diary entry on the previous working day and
reminds them (once: running it twice adds nothing, and a unique key stops two runs at once); they
dismiss the reminder; managers see who is missing in their division (the head: in the unit)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, DateTime, and_, exists, insert, literal, or_
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import managed_condition
from ..clock import local_today, utcnow
from ..models import AuditLog, DiaryEntry, Period, Person, Reminder, UserAccount
from ..months import month_key
from ..text import vn_name_key
from ..workdays import earliest_among, holiday_lookback, holidays_between, is_working_day, previous_working_day
from ..worklog.queries import WEEKDAYS
from .dismissal import dismiss_own

REVIEWERS = ("manager", "head")


@dataclass(frozen=True)
class Missing:
    """Who has no diary for a working day."""

    day: date
    people: list[Person]

    @property
    def weekday(self) -> str:
        """Thứ Hai … Chủ nhật."""
        return WEEKDAYS[self.day.weekday()]


def keeps_diary(day: date):
    """SQL condition on Person: active on the day, with an active account to write the diary with."""
    account = exists().where(UserAccount.person_id == Person.id, UserAccount.active)
    return and_(Person.active, account, or_(Person.started_on.is_(None), Person.started_on <= day),
                or_(Person.left_on.is_(None), Person.left_on >= day))


def no_entry_on(day: date):
    """SQL condition on Person: not a single diary entry on the day, whatever its status."""
    return ~exists().where(DiaryEntry.person_id == Person.id, DiaryEntry.work_date == day)


def remind(session: Session, today: date | None = None) -> tuple[date, int]:
    """For `today`, remind everyone who wrote nothing on the previous working day; returns that day and
    how many reminders were added. Set-based, and idempotent: people already reminded are skipped."""
    day = previous_working_day(session, today or local_today())
    reminded = exists().where(Reminder.person_id == Person.id, Reminder.work_date == day)
    people = select(Person.id, literal(day, Date()), literal(utcnow(), DateTime(timezone=True))).where(
        keeps_diary(day), no_entry_on(day), ~reminded)
    # RETURNING counts the rows (psycopg reports no rowcount for INSERT … SELECT through SQLAlchemy).
    added = len(session.execute(insert(Reminder.__table__).from_select(
        ["person_id", "work_date", "created_at"], people).returning(Reminder.__table__.c.id)).all())
    if added:  # the daily job's own trace in the audit log (no person acted)
        session.add(AuditLog(action="reminders_created", entity="reminder",
                             after={"work_date": day.isoformat(), "count": added}))
    session.commit()
    return day, added


@dataclass(frozen=True)
class MissingDay:
    """A working day the person can still write and has not (with the reminder sent for it, if any)."""

    day: date
    reminder_id: int | None = None

    @property
    def weekday(self) -> str:
        """Thứ Hai … Chủ nhật."""
        return WEEKDAYS[self.day.weekday()]


def days_without_diary(session: Session, person: Person, window: int, today: date | None = None) -> list[MissingDay]:
    """The working days before today, within the diary's window, in an open month, with no entry and no
    dismissed reminder (the person said they were away), most recent first. Four small queries."""
    today = today or local_today()
    holidays = holidays_between(session, today - timedelta(days=holiday_lookback(window)), today)
    start = max(earliest_among(holidays, today, window), person.started_on or date.min)
    days = [start + timedelta(n) for n in range((today - start).days)]
    days = [d for d in days if is_working_day(d, holidays) and (person.left_on is None or d <= person.left_on)]
    if not days:
        return []
    written = set(session.exec(select(DiaryEntry.work_date).where(
        DiaryEntry.person_id == person.id, DiaryEntry.work_date >= days[0], DiaryEntry.work_date <= days[-1])
        .distinct()).all())
    reminders = {day: (rid, dismissed) for rid, day, dismissed in session.exec(
        select(Reminder.id, Reminder.work_date, Reminder.dismissed_at).where(
            Reminder.person_id == person.id, Reminder.work_date >= days[0], Reminder.work_date <= days[-1])).all()}
    closed = set(session.exec(select(Period.key).where(
        Period.unit_id == person.unit_id, Period.key.in_({month_key(d) for d in days}), Period.state != "open")).all())
    return [MissingDay(d, reminders.get(d, (None,))[0]) for d in reversed(days)
            if d not in written and month_key(d) not in closed and not (d in reminders and reminders[d][1])]


def dismiss(session: Session, actor: Actor, reminder_id: int) -> Reminder:
    """Ẩn lời nhắc: only one's own; dismissing twice changes nothing."""
    return dismiss_own(session, actor, Reminder, reminder_id, lambda r: r.person_id == actor.person_id,
                       "reminder_dismissed")


def missing_for(session: Session, actor: Actor, today: date | None = None) -> Missing | None:
    """For a manager (their division) or the head (the unit): who wrote nothing on the previous working day."""
    if actor.role not in REVIEWERS:
        return None
    day = previous_working_day(session, today or local_today())
    people = session.exec(select(Person).where(managed_condition(actor), keeps_diary(day), no_entry_on(day))
                          .order_by(Person.id)).all()
    return Missing(day, sorted(people, key=lambda p: vn_name_key(p.full_name)))
