"""Moving a person to another unit: what was written in the old unit stays there (sheets, entries and
assignments keep their unit_id); open work of the old unit is listed before the move, open assignments cancelled."""
from dataclasses import dataclass

from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import local_today, utcnow
from ..errors import DomainError
from ..models import Assignment, DiaryEntry, EvaluationSheet, Period, Person, Unit, UserAccount
from ..org.divisions import open_division
from ..org.lines import reset_default_lines
from ..worklog.queries import period_state
from .access import OFFICER_ROLES
from .service import managed_person

OPEN_ENTRY_STATES = ("draft", "returned", "submitted")
OPEN_SHEET_STATES = ("draft", "self_assessed", "reviewed")  # not yet approved by the head
MOVED_FIELDS = ("unit_id", "division_id", "position_id", "is_leader")


@dataclass(frozen=True)
class OpenWork:
    """What the person leaves unfinished in the old unit."""

    entries: list[DiaryEntry]
    assignments: list[Assignment]
    sheets: list[tuple[EvaluationSheet, Period]]


def open_work(session: Session, actor: Actor, person_id: int) -> OpenWork:
    """The person's unapproved diary entries and running assignments in their current unit."""
    person, unit = managed_person(session, actor, person_id)
    entries = session.exec(select(DiaryEntry).where(DiaryEntry.person_id == person.id, DiaryEntry.unit_id == unit.id,
                                                    DiaryEntry.status.in_(OPEN_ENTRY_STATES))
                           .order_by(DiaryEntry.work_date, DiaryEntry.id)).all()
    sheets = session.exec(select(EvaluationSheet, Period).join(Period, Period.id == EvaluationSheet.period_id)
                          .where(EvaluationSheet.person_id == person.id, EvaluationSheet.unit_id == unit.id,
                                 EvaluationSheet.state.in_(OPEN_SHEET_STATES)).order_by(Period.starts_on)).all()
    return OpenWork(list(entries), _open_assignments(session, person, unit), list(sheets))


def _open_assignments(session: Session, person: Person, unit: Unit) -> list[Assignment]:
    """Assignments of the old unit still running (not cancelled, deadline not past)."""
    return list(session.exec(select(Assignment).where(
        Assignment.person_id == person.id, Assignment.unit_id == unit.id, Assignment.cancelled_at.is_(None),
        Assignment.source != "declared",  # declared work, once approved, is a result: never cancelled
        Assignment.deadline >= local_today()).order_by(Assignment.deadline, Assignment.id)).all())


def target_unit(session: Session, code: str) -> Unit:
    """The unit a person may be moved to (any active unit: the officer hands over to it)."""
    unit = session.exec(select(Unit).where(Unit.code == code[:64], Unit.active)).first()
    if unit is None:
        raise DomainError("Vui lòng chọn cơ quan, đơn vị chuyển đến.", field="unit")
    return unit


def move_person(session: Session, actor: Actor, person_id: int, unit_code: str, division_id: int | None) -> Person:
    """Move the person (and their account) to another unit: the old unit's running assignments are cancelled,
    a unit role (manager, head, officer) falls back to staff; past rows keep their unit; audited, one commit."""
    person, old_unit = managed_person(session, actor, person_id, lock=True)
    new_unit = target_unit(session, unit_code)
    if new_unit.id == old_unit.id:
        raise DomainError("Cán bộ đang thuộc cơ quan, đơn vị này.", field="unit")
    if division_id:
        open_division(session, new_unit.id, division_id)  # open, of the new unit, share-locked until commit
    if not person.active:
        raise DomainError("Cán bộ đã thôi việc: không chuyển công tác được.")
    _cancel_assignments(session, actor, person, old_unit)
    before = snapshot(person, MOVED_FIELDS)
    person.unit_id, person.division_id, person.position_id, person.is_leader = new_unit.id, division_id, None, False
    person.manager_override_id = None  # the old unit's choice of manager does not follow them
    record(session, actor, "person_move", person, before=before, after=snapshot(person, MOVED_FIELDS))
    _move_account(session, actor, person)
    reset_default_lines(session, old_unit.id)
    reset_default_lines(session, new_unit.id)
    session.commit()
    return person


def _cancel_assignments(session: Session, actor: Actor, person: Person, unit: Unit) -> None:
    """The old unit's running assignments end with the move (their manager no longer manages the person); those
    of a month being closed or closed stay as they are (closed periods never change)."""
    for assignment in _open_assignments(session, person, unit):
        if period_state(session, unit.id, assignment.deadline) != "open":
            continue
        assignment.cancelled_at = utcnow()
        record(session, actor, "assignment_cancel", assignment, before={"cancelled_at": None},
               after={"cancelled_at": assignment.cancelled_at}, reason="Chuyển công tác")


def _move_account(session: Session, actor: Actor, person: Person) -> None:
    """The account follows: its unit and division; a unit role becomes staff (the new unit gives roles)."""
    account = session.exec(select(UserAccount).where(UserAccount.person_id == person.id).with_for_update()).first()
    if account is None:
        return
    before = snapshot(account, ("unit_id", "division_id", "role"))
    account.unit_id, account.division_id = person.unit_id, person.division_id
    if account.role in OFFICER_ROLES:
        account.role = "staff"
    record(session, actor, "account_move", account, before=before,
           after=snapshot(account, ("unit_id", "division_id", "role")))


def find_unit(session: Session, code: str) -> Unit | None:
    """The active unit with this code, if any (the move page's choice)."""
    return session.exec(select(Unit).where(Unit.code == code[:64], Unit.active)).first() if code else None


def units_to_move_to(session: Session, unit: Unit) -> list[Unit]:
    """Every other active unit."""
    return list(session.exec(select(Unit).where(Unit.active, Unit.id != unit.id).order_by(Unit.name)).all())
