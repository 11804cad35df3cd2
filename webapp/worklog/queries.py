"""Reading diaries and the approval queue within the actor's scope."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import managed_condition
from ..clock import local_today
from ..errors import DomainError, NotFound
from ..models import Assignment, CatalogueItem, DiaryEntry, EvidenceFile, Period, Person
from ..months import month_key
from ..text import vn_name_key
from ..workdays import earliest_allowed
from .facts import EDITABLE, AssignmentFacts, DayTotals, ItemFacts, Totals
from .review import reviewable
from .rules import check_date
from .service import author_of

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
QUEUE_LIMIT = 200


@dataclass(frozen=True)
class EntryView:
    """An entry with its catalogue item, its assignment, its evidence file and (in the queue) its author."""

    entry: DiaryEntry
    item: CatalogueItem | ItemFacts
    assignment: Assignment | AssignmentFacts | None = None
    evidence: EvidenceFile | None = None
    person: Person | None = None

    @property
    def converted(self) -> Decimal:
        """Số lượng quy đổi: quantity × K."""
        return self.entry.quantity * self.entry.coefficient

    @property
    def editable(self) -> bool:
        """The author may still change it."""
        return self.entry.status in EDITABLE


def totals_of(rows: list[EntryView]) -> Totals:
    """The totals of some diary rows."""
    return Totals(sum((r.entry.hours for r in rows), Decimal(0)), sum((r.converted for r in rows), Decimal(0)),
                  len(rows), sum(1 for r in rows if r.editable))


def day_totals(session: Session, person: Person, day: date) -> DayTotals:
    """The day's totals from four columns of its entries (no ORM rows: this runs on every add and edit)."""
    rows = session.exec(select(DiaryEntry.hours, DiaryEntry.quantity, DiaryEntry.coefficient, DiaryEntry.status)
                        .where(DiaryEntry.person_id == person.id, DiaryEntry.work_date == day)).all()
    return DayTotals(day, Totals(sum((hours for hours, _, _, _ in rows), Decimal(0)),
                                 sum((quantity * k for _, quantity, k, _ in rows), Decimal(0)),
                                 len(rows), sum(1 for *_, status in rows if status in EDITABLE)))


@dataclass(frozen=True)
class DayView:
    """One day of a diary."""

    day: date
    rows: list[EntryView]

    @property
    def totals(self) -> Totals:
        """The day's totals."""
        return totals_of(self.rows)

    @property
    def weekday(self) -> str:
        """Thứ Hai … Chủ nhật."""
        return WEEKDAYS[self.day.weekday()]


def entry_query():
    """Entries with their item, assignment and evidence file."""
    return (select(DiaryEntry, CatalogueItem, Assignment, EvidenceFile)
            .join(CatalogueItem, CatalogueItem.id == DiaryEntry.item_id)
            .outerjoin(Assignment, Assignment.id == DiaryEntry.assignment_id)
            .outerjoin(EvidenceFile, EvidenceFile.id == DiaryEntry.evidence_file_id))


def own_days(session: Session, actor: Actor, start: date, end: date) -> list[DayView]:
    """The actor's diary from start to end, one DayView per calendar day."""
    person = author_of(session, actor)
    rows = session.exec(
        entry_query().where(DiaryEntry.person_id == person.id, DiaryEntry.work_date >= start,
                             DiaryEntry.work_date <= end).order_by(DiaryEntry.work_date, DiaryEntry.id)
    ).all()
    views = [EntryView(*row) for row in rows]
    days = [start + timedelta(n) for n in range((end - start).days + 1)]
    return [DayView(day, [v for v in views if v.entry.work_date == day]) for day in days]


def own_day(session: Session, actor: Actor, day: date) -> DayView:
    """One day of the actor's diary."""
    return own_days(session, actor, day, day)[0]


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the day's week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def own_entry(session: Session, actor: Actor, entry_id: int) -> EntryView:
    """One entry of the actor's own diary; others' entries are not found."""
    person = author_of(session, actor)
    row = session.exec(entry_query().where(DiaryEntry.id == entry_id)).first()
    if row is None or row[0].person_id != person.id:
        raise NotFound("Không tìm thấy mục nhật ký.")
    return EntryView(*row)


def open_assignments(session: Session, person: Person) -> list[tuple[Assignment, CatalogueItem]]:
    """The person's assignments still to work on (not declared, not cancelled), nearest deadline first."""
    return list(session.exec(
        select(Assignment, CatalogueItem).join(CatalogueItem, CatalogueItem.id == Assignment.item_id)
        .where(Assignment.person_id == person.id, Assignment.cancelled_at.is_(None),
               Assignment.source != "declared")
        .order_by(Assignment.deadline).limit(50)
    ).all())


def period_state(session: Session, unit_id: int, day: date) -> str:
    """The state of the unit's month containing the day ("open" when not created yet)."""
    state = session.exec(select(Period.state).where(Period.unit_id == unit_id, Period.key == month_key(day))).first()
    return state or "open"


# --- the manager's queue ------------------------------------------------------------------------


def managed_people(session: Session, actor: Actor) -> list[Person]:
    """People whose diaries the actor reviews, for the filter."""
    people = session.exec(select(Person).where(managed_condition(actor), Person.active).order_by(Person.id)).all()
    return sorted(people, key=lambda p: vn_name_key(p.full_name))


def pending_count(session: Session, actor: Actor) -> int:
    """How many submitted entries wait for the actor."""
    return session.exec(
        select(func.count(DiaryEntry.id)).join(Person, Person.id == DiaryEntry.person_id)
        .where(DiaryEntry.status == "submitted", managed_condition(actor))
    ).one()


def queue(session: Session, actor: Actor, person_id: int | None = None, day: date | None = None) -> list[EntryView]:
    """Submitted entries of the people the actor manages, oldest first, filtered by person and date."""
    query = (entry_query().add_columns(Person).join(Person, Person.id == DiaryEntry.person_id)
             .where(DiaryEntry.status == "submitted", managed_condition(actor)))
    if person_id:
        query = query.where(DiaryEntry.person_id == person_id)
    if day:
        query = query.where(DiaryEntry.work_date == day)
    # The limit cuts by day and id; within the page, people of a day are put in Vietnamese order. SQL cannot
    # sort by vn_name_key: a queue paged by person would need a stored sort key column.
    rows = session.exec(query.order_by(DiaryEntry.work_date, DiaryEntry.id).limit(QUEUE_LIMIT)).all()
    return [EntryView(*row) for row in sorted(rows, key=lambda r: (r[0].work_date, vn_name_key(r[-1].full_name)))]


def queue_row(session: Session, actor: Actor, entry_id: int) -> EntryView:
    """One entry of the queue, for re-rendering its row."""
    entry, person = reviewable(session, actor, entry_id)
    item = session.get(CatalogueItem, entry.item_id)
    assignment = session.get(Assignment, entry.assignment_id) if entry.assignment_id else None
    file = session.get(EvidenceFile, entry.evidence_file_id) if entry.evidence_file_id else None
    return EntryView(entry, item, assignment, file, person)


def day_notice(session: Session, person: Person, day: date, window: int) -> str:
    """Why entries cannot be added for the day ("" when they can)."""
    today = local_today()
    try:
        check_date(day, today, earliest_allowed(session, today, window), window)
    except DomainError as refusal:
        return refusal.message
    if period_state(session, person.unit_id, day) != "open":
        return "Kỳ đánh giá của tháng này đã chốt số liệu hoặc đã khóa: không thể thêm hoặc sửa nhật ký."
    return ""
