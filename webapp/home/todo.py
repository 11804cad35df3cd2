"""Việc cần làm: what waits for the signed-in person, each list from one aggregate query."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import managed_condition
from ..catalog.changes import pending_for_head, recently_decided
from ..evaluations import roles
from ..models import CatalogueDraft, CatalogueItem, DiaryEntry, EvaluationSheet, Period, Person, Unit, UserAccount
from ..okr.stale import StaleKeyResult
from ..org.line_problems import problem_count
from ..reminders.service import REVIEWERS, Missing, MissingDay, days_without_diary, missing_for
from ..standing.remind import ReminderDue, reminders_of
from ..text import vn_name_key

SHOWN = 20


@dataclass(frozen=True)
class Returned:
    """An entry sent back to its author, with the reason."""

    entry_id: int
    day: date
    code: str
    name: str
    reason: str


@dataclass(frozen=True)
class DraftDay:
    """A day with entries not yet sent (Gửi duyệt)."""

    day: date
    count: int


@dataclass(frozen=True)
class SheetDue:
    """A sheet waiting for someone: whose, for which month, at which step."""

    sheet_id: int
    month: date
    state: str
    person_name: str = ""


@dataclass(frozen=True)
class Waiting:
    """A person's diary entries waiting for the reviewer."""

    person_id: int
    name: str
    count: int
    oldest: date


@dataclass(frozen=True)
class Todo:
    """Việc cần làm of one person; the reviewers' lists stay None for staff."""

    returned: list[Returned] = field(default_factory=list)
    missing_days: list[MissingDay] = field(default_factory=list)
    drafts: list[DraftDay] = field(default_factory=list)
    own_sheets: list[SheetDue] = field(default_factory=list)
    to_review: list[Waiting] | None = None
    sheets_to_review: list[SheetDue] | None = None
    missing_people: Missing | None = None
    line_problems: int | None = None  # the personnel officer's: problems of the unit's reporting lines
    stale_key_results: list[StaleKeyResult] = field(default_factory=list)
    catalogue_pending: int = 0  # the head: catalogue drafts of the unit to decide
    catalogue_decided: list[CatalogueDraft] = field(default_factory=list)  # the proposer: drafts decided lately
    sheet_reminders: list[ReminderDue] = field(default_factory=list)  # Nhắc việc about late sheets waiting on me

    @property
    def draft_count(self) -> int:
        """Entries not yet sent, over every day."""
        return sum(d.count for d in self.drafts)

    @property
    def review_count(self) -> int:
        """Entries waiting for the reviewer, over every person."""
        return sum(w.count for w in self.to_review or ())


def todo_of(session: Session, actor: Actor, person: Person | None, window: int,
            stale: list[StaleKeyResult] | None = None) -> Todo:
    """The actor's to-do lists: their own diary and sheet; their people's for managers and the head; the stale
    key results of objectives they own or review (okr.stale.home_okr)."""
    own = {"stale_key_results": stale or []}
    if person is not None:
        own |= {"returned": returned(session, person), "missing_days": days_without_diary(session, person, window),
               "drafts": drafts(session, person), "own_sheets": own_sheets(session, person)}
    own |= {"catalogue_pending": pending_for_head(session, actor),
            "catalogue_decided": recently_decided(session, actor), "sheet_reminders": reminders_of(session, actor)}
    if actor.role == "personnel" and actor.unit_id:
        return Todo(**own, line_problems=problem_count(session, actor.unit_id))
    if actor.role not in REVIEWERS:
        return Todo(**own)
    return Todo(**own, to_review=waiting_entries(session, actor), sheets_to_review=waiting_sheets(session, actor),
                missing_people=missing_for(session, actor))


def returned(session: Session, person: Person) -> list[Returned]:
    """The person's entries sent back, oldest day first."""
    rows = session.exec(
        select(DiaryEntry.id, DiaryEntry.work_date, CatalogueItem.code, CatalogueItem.name, DiaryEntry.return_reason)
        .join(CatalogueItem, CatalogueItem.id == DiaryEntry.item_id)
        .where(DiaryEntry.person_id == person.id, DiaryEntry.status == "returned")
        .order_by(DiaryEntry.work_date, DiaryEntry.id).limit(SHOWN)).all()
    return [Returned(*row) for row in rows]


def drafts(session: Session, person: Person) -> list[DraftDay]:
    """Days with drafts not yet sent, and how many."""
    rows = session.exec(
        select(DiaryEntry.work_date, func.count(DiaryEntry.id))
        .where(DiaryEntry.person_id == person.id, DiaryEntry.status == "draft")
        .group_by(DiaryEntry.work_date).order_by(DiaryEntry.work_date).limit(SHOWN)).all()
    return [DraftDay(*row) for row in rows]


def own_sheets(session: Session, person: Person) -> list[SheetDue]:
    """The person's sheets still to self-assess, in months not closed."""
    rows = session.exec(
        select(EvaluationSheet.id, Period.starts_on, EvaluationSheet.state)
        .join(Period, Period.id == EvaluationSheet.period_id)
        .where(EvaluationSheet.person_id == person.id, EvaluationSheet.state == "draft", Period.state != "closed")
        .order_by(Period.starts_on)).all()
    return [SheetDue(*row) for row in rows]


def waiting_entries(session: Session, actor: Actor) -> list[Waiting]:
    """Per person the reviewer manages: submitted entries waiting, and the oldest day."""
    rows = session.exec(
        select(Person.id, Person.full_name, func.count(DiaryEntry.id), func.min(DiaryEntry.work_date))
        .join(Person, Person.id == DiaryEntry.person_id)
        .where(DiaryEntry.status == "submitted", managed_condition(actor))
        .group_by(Person.id, Person.full_name).order_by(func.min(DiaryEntry.work_date), Person.id)).all()
    return [Waiting(*row) for row in sorted(rows, key=lambda row: (row[3], vn_name_key(row[1])))]


def waiting_sheets(session: Session, actor: Actor) -> list[SheetDue]:
    """Sheets of the actor's unit, in months not closed, whose next step is the actor's (review or approval)."""
    rows = session.exec(
        select(EvaluationSheet.id, Period.starts_on, EvaluationSheet.state, Person, UserAccount.role, Unit)
        .join(Period, Period.id == EvaluationSheet.period_id)
        .join(Person, Person.id == EvaluationSheet.person_id)
        .outerjoin(UserAccount, UserAccount.person_id == Person.id)
        .join(Unit, Unit.id == EvaluationSheet.unit_id)
        .where(or_(EvaluationSheet.unit_id == actor.unit_id, Unit.superior_evaluator_id == actor.account_id),
               Period.state != "closed",
               EvaluationSheet.state.in_(("self_assessed", "reviewed")))
        .order_by(Period.starts_on, Person.id)).all()
    due = []
    for sheet_id, month, state, person, role, unit in sorted(rows, key=lambda r: (r[1], vn_name_key(r[3].full_name))):
        check = roles.is_reviewer if state == "self_assessed" else roles.is_approver
        if check(actor, person, role or "staff", unit):
            due.append(SheetDue(sheet_id, month, state, person.full_name))
    return due
