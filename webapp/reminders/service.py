"""Reminders: the daily job finds the people with no diary entry on the previous working day and
reminds them (once: running it twice adds nothing, and a unique key stops two runs at once); they
dismiss the reminder; managers see who is missing in their division (the head: in the unit)."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, DateTime, and_, exists, insert, literal, or_
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import managed_condition
from ..clock import local_today, utcnow
from ..errors import Forbidden, NotFound
from ..models import AuditLog, DiaryEntry, Person, Reminder, UserAccount
from ..workdays import previous_working_day
from ..worklog.queries import WEEKDAYS

REVIEWERS = ("manager", "head")
SHOWN = 10


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


def own_reminders(session: Session, actor: Actor) -> list[Reminder]:
    """The actor's reminders not dismissed and still true (no entry written for the day since)."""
    if not actor.person_id:
        return []
    written = exists().where(DiaryEntry.person_id == Reminder.person_id, DiaryEntry.work_date == Reminder.work_date)
    return list(session.exec(
        select(Reminder).where(Reminder.person_id == actor.person_id, Reminder.dismissed_at.is_(None), ~written)
        .order_by(Reminder.work_date.desc()).limit(SHOWN)).all())


def dismiss(session: Session, actor: Actor, reminder_id: int) -> Reminder:
    """Ẩn lời nhắc: only one's own; dismissing twice changes nothing."""
    reminder = session.get(Reminder, reminder_id)
    if reminder is None:
        raise NotFound("Không tìm thấy lời nhắc.")
    if reminder.person_id != actor.person_id:
        raise Forbidden("Chỉ người được nhắc mới ẩn được lời nhắc này.")
    if reminder.dismissed_at is None:
        before = snapshot(reminder, ("dismissed_at",))
        reminder.dismissed_at = utcnow()
        record(session, actor, "reminder_dismissed", reminder, before, snapshot(reminder, ("dismissed_at",)))
        session.commit()
    return reminder


def missing_for(session: Session, actor: Actor, today: date | None = None) -> Missing | None:
    """For a manager (their division) or the head (the unit): who wrote nothing on the previous working day."""
    if actor.role not in REVIEWERS:
        return None
    day = previous_working_day(session, today or local_today())
    people = session.exec(select(Person).where(managed_condition(actor), keeps_diary(day), no_entry_on(day))
                          .order_by(Person.full_name)).all()
    return Missing(day, list(people))
