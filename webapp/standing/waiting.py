"""Whom each unfinished sheet waits on: the person (self-assessment), their direct manager (Person.reports_to_id,
org.lines) for the review, the unit's head for the approval; a head's own sheet waits on the unit's superior
evaluator, or on the bloc's organisers while none is chosen (evaluations.roles.is_superior)."""
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import and_, exists, literal, null, or_, union_all
from sqlmodel import Session, select

from ..models import Division, EvaluationSheet, Period, Person, Unit, UserAccount
from .deadlines import STAGE_OF_STATE

NO_WAITER = {"self_assessment": "chưa có tài khoản đang hoạt động",
             "review": "chưa có lãnh đạo trực tiếp (xem Quan hệ báo cáo)",
             "approval": "đơn vị chưa có tài khoản thủ trưởng", "moved": "đã chuyển công tác"}


@dataclass(frozen=True)
class Waiter:
    """An account someone waits on, with the name shown."""

    account_id: int
    name: str


@dataclass(frozen=True)
class Pending:
    """A person of a unit's month whose sheet is unfinished (sheet_id None: not opened yet)."""

    sheet_id: int | None
    state: str
    person: Person
    role: str
    account_id: int | None
    account_active: bool
    unit: Unit
    division: str
    waiters: tuple[Waiter, ...] = ()
    why_nobody: str = ""

    @property
    def stage(self) -> str | None:
        """The stage the sheet stands at (None once approved: it waits on no one's evaluation)."""
        return STAGE_OF_STATE.get(self.state)


def pending_rows(session: Session, key: str, unit_ids, states: list[str]) -> list[Pending]:
    """The month's sheets of the units in `states` ("none": active people without a sheet), with person, role,
    unit and division: one query."""
    sheet_states = [s for s in states if s != "none"]
    parts = [select(EvaluationSheet.id.label("sheet_id"), EvaluationSheet.state.label("state"),
                    EvaluationSheet.person_id.label("person_id"), EvaluationSheet.unit_id.label("unit_id"))
             .join(Period, Period.id == EvaluationSheet.period_id)
             .where(Period.key == key, Period.unit_id.in_(unit_ids), EvaluationSheet.state.in_(sheet_states))]
    if "none" in states:
        has_sheet = (exists().where(EvaluationSheet.person_id == Person.id, EvaluationSheet.period_id == Period.id)
                     .where(Period.unit_id == Person.unit_id, Period.key == key))
        parts.append(select(null().label("sheet_id"), literal("none").label("state"), Person.id.label("person_id"),
                            Person.unit_id.label("unit_id"))
                     .where(Person.active, Person.unit_id.in_(unit_ids), ~has_sheet))
    rows = union_all(*parts).subquery("pending") if len(parts) > 1 else parts[0].subquery("pending")
    query = (select(rows.c.sheet_id, rows.c.state, Person, UserAccount.role, UserAccount.id, UserAccount.active, Unit,
                    Division.name)
             .join(Person, Person.id == rows.c.person_id).join(Unit, Unit.id == rows.c.unit_id)
             .outerjoin(UserAccount, UserAccount.person_id == Person.id)
             .outerjoin(Division, Division.id == Person.division_id))
    return [Pending(sid, state, person, role or "staff", aid, bool(active), unit, division or "")
            for sid, state, person, role, aid, active, unit, division in session.exec(query)]


def _accounts_of_people(session: Session, person_ids: set[int]) -> dict[int, Waiter]:
    """Person id → their active account, named by the person."""
    if not person_ids:
        return {}
    rows = session.exec(select(UserAccount.person_id, UserAccount.id, Person.full_name)
                        .join(Person, Person.id == UserAccount.person_id)
                        .where(UserAccount.person_id.in_(person_ids), UserAccount.active)).all()
    return {pid: Waiter(aid, name) for pid, aid, name in rows}


def _heads(session: Session, unit_ids: set[int]) -> dict[int, list[tuple[int | None, Waiter]]]:
    """Unit id → its active head accounts (with their person id)."""
    rows = session.exec(select(UserAccount.unit_id, UserAccount.person_id, UserAccount.id, UserAccount.display_name)
                        .where(UserAccount.unit_id.in_(unit_ids), UserAccount.role == "head", UserAccount.active)
                        .order_by(UserAccount.id)).all() if unit_ids else []
    heads = defaultdict(list)
    for unit_id, person_id, account_id, name in rows:
        heads[unit_id].append((person_id, Waiter(account_id, name)))
    return heads


def _superiors(session: Session, units: list[Unit]) -> dict[int, list[Waiter]]:
    """Unit id → who evaluates its head: the superior evaluator (if active), else the bloc's active organisers."""
    chosen = {u.superior_evaluator_id for u in units if u.superior_evaluator_id}
    blocs = {u.bloc_id for u in units}
    organiser = and_(UserAccount.role == "organiser", UserAccount.bloc_id.in_(blocs))
    accounts = session.exec(select(UserAccount).where(UserAccount.active, or_(UserAccount.id.in_(chosen), organiser))
                            ).all() if units else []
    by_id = {a.id: a for a in accounts}
    organisers = defaultdict(list)
    for a in accounts:
        if a.role == "organiser":
            organisers[a.bloc_id].append(Waiter(a.id, a.display_name or a.username))
    result = {}
    for u in units:
        if u.superior_evaluator_id:
            a = by_id.get(u.superior_evaluator_id)
            result[u.id] = [Waiter(a.id, a.display_name or a.username)] if a else []
        else:
            result[u.id] = organisers[u.bloc_id]
    return result


def with_waiters(session: Session, rows: list[Pending]) -> list[Pending]:
    """Each row with whom it waits on (three small queries for every row at once), or why nobody."""
    units = list({r.unit.id: r.unit for r in rows}.values())
    managers = _accounts_of_people(session, {r.person.reports_to_id for r in rows if r.person.reports_to_id})
    heads = _heads(session, {u.id for u in units})
    with_heads = {r.unit.id for r in rows if r.role == "head"}
    superiors = _superiors(session, [u for u in units if u.id in with_heads])
    result = []
    for r in rows:
        waiters, why = _resolve(r, managers, heads, superiors)
        result.append(replace(r, waiters=tuple(waiters), why_nobody="" if waiters else why))
    return result


def _resolve(r: Pending, managers, heads, superiors) -> tuple[list[Waiter], str]:
    """The waiters of one row and, when there are none, the reason shown."""
    if r.person.unit_id != r.unit.id:  # a moved person's old sheet: nobody of their new unit acts on it
        return [], NO_WAITER["moved"]
    stage = r.stage
    if stage is None:
        return [], ""
    if stage == "self_assessment":
        own = [Waiter(r.account_id, r.person.full_name)] if r.account_id and r.account_active else []
        return own, NO_WAITER[stage]
    if r.role == "head":
        return superiors.get(r.unit.id, []), "chưa chọn cấp trên đánh giá thủ trưởng"
    if stage == "review":
        manager = managers.get(r.person.reports_to_id)
        return ([manager] if manager else []), NO_WAITER[stage]
    return [w for pid, w in heads.get(r.unit.id, []) if pid != r.person.id], NO_WAITER[stage]
