"""The approval queue read as pages of person/day groups: compact rows, whole groups on a page."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, tuple_
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import managed_condition
from ..models import DiaryEntry, Person
from ..text import vn_name_key
from .facts import Totals
from .queries import EntryView, entry_query, totals_of

PAGE_ENTRIES = 50  # a page closes after the group that reaches this many entries (bench/approval_queue.py)


@dataclass(frozen=True)
class QueueGroup:
    """One person's submitted entries of one day."""

    person: Person
    day: date
    rows: list[EntryView]

    @property
    def key(self) -> str:
        """The group's id in the page (person id and ISO day without dashes)."""
        return f"{self.person.id}-{self.day:%Y%m%d}"

    @property
    def totals(self) -> Totals:
        """Hours, converted quantity and count of the group."""
        return totals_of(self.rows)


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue: its groups, where it sits, how many entries wait under the filter."""

    groups: list[QueueGroup]
    page: int
    pages: int
    waiting: int

    @property
    def rows(self) -> list[EntryView]:
        """Every entry of the page, in order."""
        return [row for group in self.groups for row in group.rows]


def _waiting(actor: Actor, person_id: int | None, day: date | None):
    """Conditions of a submitted entry the actor reviews, under the filter."""
    conditions = [DiaryEntry.status == "submitted", managed_condition(actor)]
    if person_id:
        conditions.append(DiaryEntry.person_id == person_id)
    if day:
        conditions.append(DiaryEntry.work_date == day)
    return conditions


def _group_counts(session: Session, actor: Actor, person_id: int | None, day: date | None):
    """(day, person id, entries) of every waiting group, in queue order (oldest day, then Vietnamese name
    order): every group is read, so the order is made here, before the pages are cut."""
    query = (select(DiaryEntry.work_date, DiaryEntry.person_id, func.count(DiaryEntry.id), Person.full_name)
             .join(Person, Person.id == DiaryEntry.person_id).where(*_waiting(actor, person_id, day))
             .group_by(DiaryEntry.work_date, DiaryEntry.person_id, Person.full_name)
             .order_by(DiaryEntry.work_date, DiaryEntry.person_id))
    rows = sorted(session.exec(query).all(), key=lambda row: (row[0], vn_name_key(row[3])))
    return [(work_date, person, count) for work_date, person, count, _ in rows]


def split_pages(counts: list[int], size: int | None = None) -> list[range]:
    """Group indexes of each page: a page takes whole groups until it holds at least `size` entries."""
    size = size or PAGE_ENTRIES
    pages, start, held = [], 0, 0
    for index, count in enumerate(counts):
        held += count
        if held >= size:
            pages.append(range(start, index + 1))
            start, held = index + 1, 0
    if start < len(counts) or not pages:
        pages.append(range(start, len(counts)))
    return pages


def queue_page(session: Session, actor: Actor, person_id: int | None = None, day: date | None = None,
               page: int = 1) -> QueuePage:
    """The page'th page (clamped) of the actor's queue under the filter."""
    groups = _group_counts(session, actor, person_id, day)
    pages = split_pages([count for *_, count in groups])
    page = min(max(page, 1), len(pages))
    keys = [(groups[i][0], groups[i][1]) for i in pages[page - 1]]
    return QueuePage(_groups_of(session, actor, keys), page, len(pages), sum(count for *_, count in groups))


def _groups_of(session: Session, actor: Actor, keys: list[tuple[date, int]]) -> list[QueueGroup]:
    """The entries of the given (day, person) groups, grouped in the given order."""
    if not keys:
        return []
    query = (entry_query().add_columns(Person).join(Person, Person.id == DiaryEntry.person_id)
             .where(*_waiting(actor, None, None), tuple_(DiaryEntry.work_date, DiaryEntry.person_id).in_(keys))
             .order_by(DiaryEntry.id))
    rows: dict[tuple[date, int], list[EntryView]] = {key: [] for key in keys}
    for row in session.exec(query).all():
        view = EntryView(*row)
        rows[(view.entry.work_date, view.person.id)].append(view)
    return [QueueGroup(group[0].person, key[0], group) for key, group in rows.items() if group]


def queue_group(session: Session, actor: Actor, person_id: int, day: date) -> QueueGroup | None:
    """One person/day group as it stands now (None once nothing of it waits)."""
    groups = _groups_of(session, actor, [(day, person_id)])
    return groups[0] if groups else None
