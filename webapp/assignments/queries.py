"""Reading assignments with their progress: converted done (Σ approved quantity × K of the linked
entries) against converted assigned (quantity × the item's K), and the overdue flag."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, false, func
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import managed_condition
from ..errors import Forbidden, NotFound
from ..models import Assignment, CatalogueItem, DiaryEntry, Division, Person
from ..text import vn_name_key
from ..worklog.queries import managed_people
from .service import ASSIGNERS

LIST_LIMIT = 300
SHOW = {"active": "Đang theo dõi", "overdue": "Quá hạn", "done": "Đã hoàn thành", "cancelled": "Đã hủy",
        "declared": "Tự kê khai đã duyệt", "all": "Tất cả"}
STATE_LABELS = {"open": "Đang thực hiện", "overdue": "Quá hạn", "done": "Hoàn thành", "cancelled": "Đã hủy"}
ZERO = Decimal(0)


@dataclass(frozen=True)
class AssignmentView:
    """One assignment with its item, its person and what the approved entries have done of it."""

    assignment: Assignment
    item: CatalogueItem
    person: Person
    today: date
    done: Decimal = ZERO  # approved quantity
    done_converted: Decimal = ZERO  # approved quantity × the entries' K
    waiting: Decimal = ZERO  # quantity submitted, not yet approved

    @property
    def converted(self) -> Decimal:
        """Quy đổi giao: quantity × K."""
        return self.assignment.quantity * self.k

    @property
    def k(self) -> Decimal:
        """The K the assignment was given with (the item's for rows older than that)."""
        return self.assignment.coefficient if self.assignment.coefficient is not None else self.item.coefficient

    @property
    def percent(self) -> Decimal:
        """Converted done over converted assigned, in per cent (may pass 100)."""
        return (self.done_converted * 100 / self.converted).quantize(Decimal(1)) if self.converted else ZERO

    @property
    def complete(self) -> bool:
        """Converted done reaches converted assigned."""
        return self.done_converted >= self.converted

    @property
    def state(self) -> str:
        """cancelled, done, overdue (deadline passed, not complete) or open."""
        if self.assignment.cancelled_at is not None:
            return "cancelled"
        if self.complete:
            return "done"
        return "overdue" if self.assignment.deadline < self.today else "open"

    @property
    def overdue(self) -> bool:
        """Deadline passed and not complete."""
        return self.state == "overdue"

    @property
    def cancellable(self) -> bool:
        """A given (not declared) assignment still running."""
        return self.assignment.cancelled_at is None and self.assignment.source != "declared"


def may_assign(actor: Actor) -> bool:
    """Managers and heads give work."""
    return actor.role in ASSIGNERS


def _scope(actor: Actor):
    """SQL condition on Person: managers and heads see whom they manage, others their own work."""
    if may_assign(actor):
        return managed_condition(actor)
    if actor.role == "personnel" and actor.unit_id:
        return Person.unit_id == actor.unit_id
    if actor.person_id:
        return Person.id == actor.person_id
    return false()


def listing(session: Session, actor: Actor, today: date, person_id: int | None = None,
            show: str = "active") -> list[AssignmentView]:
    """Assignments in the actor's scope, nearest deadline first, with their progress."""
    if actor.role not in (*ASSIGNERS, "personnel") and not actor.person_id:
        raise Forbidden("Chức năng này không dành cho vai trò của bạn.")
    query = (select(Assignment, CatalogueItem, Person)
             .join(CatalogueItem, CatalogueItem.id == Assignment.item_id)
             .join(Person, Person.id == Assignment.person_id).where(_scope(actor)))
    if person_id:
        query = query.where(Assignment.person_id == person_id)
    if show == "cancelled":
        query = query.where(Assignment.cancelled_at.is_not(None))
    elif show == "declared":
        query = query.where(Assignment.source == "declared")
    elif show != "all":
        query = query.where(Assignment.cancelled_at.is_(None), Assignment.source != "declared")
    if show == "overdue":
        query = query.where(Assignment.deadline < today)
    descending = show in ("cancelled", "declared", "done", "all")
    order = (Assignment.deadline.desc(), Assignment.id.desc()) if descending else (Assignment.deadline, Assignment.id)
    rows = session.exec(query.order_by(*order).limit(LIST_LIMIT)).all()
    views = _with_progress(session, rows, today)
    if show in ("overdue", "done"):
        views = [v for v in views if v.state == show]
    return views


def one(session: Session, actor: Actor, assignment_id: int, today: date) -> AssignmentView:
    """One assignment in the actor's scope, for re-rendering its row."""
    row = session.exec(select(Assignment, CatalogueItem, Person)
                       .join(CatalogueItem, CatalogueItem.id == Assignment.item_id)
                       .join(Person, Person.id == Assignment.person_id)
                       .where(Assignment.id == assignment_id, _scope(actor))).first()
    if row is None:
        raise NotFound("Không tìm thấy việc được giao.")
    return _with_progress(session, [row], today)[0]


def _with_progress(session: Session, rows, today: date) -> list[AssignmentView]:
    """Sum the linked entries of these assignments only (one grouped query on the indexed link)."""
    ids = [assignment.id for assignment, _, _ in rows]
    approved = DiaryEntry.status == "approved"
    sums = {}
    if ids:
        sums = {row[0]: row[1:] for row in session.exec(
            select(DiaryEntry.assignment_id,
                   func.sum(case((approved, DiaryEntry.quantity), else_=0)),
                   func.sum(case((approved, DiaryEntry.quantity * DiaryEntry.coefficient), else_=0)),
                   func.sum(case((DiaryEntry.status == "submitted", DiaryEntry.quantity), else_=0)))
            .where(DiaryEntry.assignment_id.in_(ids)).group_by(DiaryEntry.assignment_id)).all()}
    views = []
    for assignment, item, person in rows:
        done, converted, waiting = (Decimal(value or 0) for value in sums.get(assignment.id, (0, 0, 0)))
        views.append(AssignmentView(assignment, item, person, today, done, converted, waiting))
    return views


def assignable_people(session: Session, actor: Actor) -> list[tuple[Person, Division | None]]:
    """Whom the actor may give work to, with their division (the head sees the whole unit)."""
    people = managed_people(session, actor) if may_assign(actor) else []
    divisions = {d.id: d for d in session.exec(select(Division).where(Division.unit_id == actor.unit_id)).all()}
    people.sort(key=lambda p: (divisions[p.division_id].sort_order if p.division_id in divisions else 0,
                               p.division_id or 0, not p.is_leader, vn_name_key(p.full_name)))
    return [(p, divisions.get(p.division_id)) for p in people]
