"""Evaluation use cases: the months that may be evaluated, month close, a person's sheet, scopes."""
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import can_see_unit, units_in_scope
from ..clock import local_today
from ..errors import DomainError, Forbidden
from ..models import EvaluationSheet, Period, Person, Unit
from ..models import RuleSet as RuleSetRow
from ..months import month_key, parse_month
from ..periods import service as period_service
from .bulk import close_scores
from .compute import ensure_sheets, freeze, refresh, score_sheets, write_scores  # noqa: F401 (freeze, refresh: callers outside)
from . import roles
from .rulesets import default_ruleset_row
from .workflow import SheetContext, load

CLOSERS = {"head", "personnel", "organiser", "admin"}


def evaluation_month(session: Session, text: str) -> date:
    """A month that may be evaluated: from the rule set's start up to the current month (Asia/Ho_Chi_Minh)."""
    first = parse_month(text, field="month")
    current = local_today().replace(day=1)
    start = session.exec(select(func.min(RuleSetRow.effective_from)).where(RuleSetRow.is_default)).one()
    start = start.replace(day=1) if start else current
    if not start <= first <= current:
        raise DomainError(f"Tháng đánh giá phải từ {start:%m/%Y} (bộ quy tắc bắt đầu có hiệu lực) đến tháng hiện tại "
                          f"({current:%m/%Y}).", field="month")
    default_ruleset_row(session, first)  # a gap between rule sets is refused with its own message
    return first


def month_periods(session: Session, first: date, units: list[Unit]) -> list[Period]:
    """The month's period of each unit, opened when missing."""
    return period_service.month_periods(session, first, [u.id for u in units])


def compute_month(session: Session, periods: list[Period]) -> int:
    """Create the missing sheets and score every sheet that still follows approvals (no commit).
    PostgreSQL writes them all in one statement; other databases (the demo's SQLite) insert then update."""
    if session.get_bind().dialect.name == "postgresql":
        return close_scores(session, periods)
    ensure_sheets(session, periods)
    return write_scores(session, score_sheets(session, periods))


@dataclass(frozen=True)
class CloseSummary:
    """What a month close did."""

    units: int
    sheets: int
    periods_moved: int


def require_closer(actor: Actor, unit: Unit | None = None) -> None:
    """Chốt số liệu: heads, personnel officers, province organisers and admins, within their scope."""
    if actor.role not in CLOSERS:
        raise Forbidden("Chỉ thủ trưởng, cán bộ tổ chức hoặc cơ quan tổ chức cấp tỉnh mới chốt số liệu tháng.")
    if unit is not None and not can_see_unit(actor, unit):
        raise Forbidden("Bạn không có quyền chốt số liệu của cơ quan, đơn vị này.")


def require_month_action(actor: Actor, unit: Unit, action: str) -> None:
    """The role check of a unit's month action (close, publish, lock, reopen), before anything else is looked at."""
    if action == "close":
        require_closer(actor, unit)
    elif not roles.is_unit_officer(actor, unit.id):
        raise Forbidden("Chỉ thủ trưởng hoặc cán bộ tổ chức của đơn vị mới thực hiện thao tác này.")


def close_month(session: Session, actor: Actor, first: date, unit: Unit | None = None) -> CloseSummary:
    """Chốt số liệu: the month's open periods go to closing and every following sheet is scored."""
    require_closer(actor, unit)
    units = list(session.exec(units_in_scope(actor)).scalars()) if unit is None else [unit]
    periods = month_periods(session, first, units)
    moved = 0
    for period in periods:
        before = snapshot(period, ("state",))
        if period.state == "open" and period_service.move(session, period, "open", "closing"):  # once, at once too
            record(session, actor, "period_closing", period, before, snapshot(period, ("state",)))
            moved += 1
    sheets = compute_month(session, [p for p in periods if p.state != "closed"])  # closed periods are immutable
    session.commit()
    from ..performance.service import refresh_after_close  # the index follows the close (a job of its own)
    refresh_after_close(session, actor, first, unit)
    return CloseSummary(len(units), sheets, moved)



def find_periods(session: Session, first: date, units: list[Unit]) -> list[Period]:
    """The month's existing periods of the units (pages only read; opening a period is a write)."""
    return period_service.find_periods(session, first, [u.id for u in units])


def own_sheet(session: Session, actor: Actor, first: date, today: date) -> EvaluationSheet | None:
    """The actor's sheet for the month. In the current month, or a month whose period is open, the
    unit's missing sheets are created and scored on first visit (audited); other months are only read."""
    if actor.person_id is None:
        return None
    person = session.get(Person, actor.person_id)
    unit = session.get(Unit, person.unit_id)
    existing = find_periods(session, first, [unit])
    current = first == today.replace(day=1)
    if (not existing and not current) or (existing and existing[0].state == "closed"):
        return _sheet_of(session, existing, person) if existing else None
    (period,) = month_periods(session, first, [unit])
    sheet = _sheet_of(session, [period], person)
    if sheet is None:
        created = compute_month(session, [period])
        record(session, actor, "sheets_opened", period, {}, {"key": period.key, "sheets": created})
        session.commit()
        sheet = _sheet_of(session, [period], person)
    return sheet


def _sheet_of(session: Session, periods: list[Period], person: Person) -> EvaluationSheet | None:
    """The person's sheet in the period, if any."""
    return session.exec(select(EvaluationSheet).where(EvaluationSheet.period_id == periods[0].id,
                                                      EvaluationSheet.person_id == person.id)).first()


def sheet_context(session: Session, sheet_id: int) -> SheetContext:
    """The sheet with its person, unit and period."""
    return load(session, sheet_id)


def periods_of_actor(session: Session, actor: Actor, first: date) -> list[Period]:
    """The month's periods the actor acts in: their unit's, or their bloc's for a province organiser; and those
    of the units whose head's sheet the actor evaluates as the superior level."""
    own = []
    if actor.unit_id:
        own = find_periods(session, first, [session.get(Unit, actor.unit_id)])
    elif actor.role == "organiser":
        own = list(session.exec(select(Period).join(Unit, Unit.id == Period.unit_id).where(
            Unit.bloc_id == actor.bloc_id, Period.key == month_key(first))))
    superior = session.exec(select(Period).join(Unit, Unit.id == Period.unit_id).where(
        Unit.superior_evaluator_id == actor.account_id, Period.key == month_key(first))).all()
    return own + [p for p in superior if p.id not in {o.id for o in own}]


def unit_results_scope(actor: Actor, unit: Unit) -> str:
    """"all" for the unit's head and personnel officer, the bloc's organisers and admins; "division"
    for a division manager (their own division); "published" for the unit's staff (công khai trong
    nội bộ); anyone else is refused."""
    if actor.role in {"head", "personnel"} and actor.unit_id == unit.id:
        return "all"
    if actor.role == "manager" and actor.unit_id == unit.id:
        return "division"
    if actor.role == "admin" or (actor.role == "organiser" and actor.bloc_id == unit.bloc_id):
        return "all"
    if actor.role == "staff" and actor.unit_id == unit.id:
        return "published"
    raise Forbidden("Bạn không có quyền xem bảng tổng hợp đánh giá của cơ quan, đơn vị này.")


def month_counts(session: Session, period: Period) -> dict[str, int]:
    """How many of the period's sheets are in each state."""
    rows = session.exec(select(EvaluationSheet.state, func.count()).where(EvaluationSheet.period_id == period.id)
                        .group_by(EvaluationSheet.state)).all()
    return dict(rows)


def require_person_view(session: Session, actor: Actor, person: Person) -> None:
    """A person's scorecard: themselves, their managers, the unit's officers, the bloc, admins."""
    from ..auth.scope import manages_person
    if actor.person_id == person.id or manages_person(actor, person) or actor.role == "admin":
        return
    if actor.role == "personnel" and actor.unit_id == person.unit_id:
        return
    if actor.role == "organiser" and session.get(Unit, person.unit_id).bloc_id == actor.bloc_id:
        return
    raise Forbidden("Bạn không có quyền xem kết quả của người này.")
