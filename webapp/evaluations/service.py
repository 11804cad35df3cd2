"""Evaluation use cases: month close, a person's sheet, refresh and freeze of task points."""
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import can_see_unit, units_in_scope
from ..clock import utcnow
from ..errors import DomainError, Forbidden, NotFound
from ..models import EvaluationSheet, Period, Person, Unit
from ..months import month_key
from ..periods import service as period_service
from ..scoring.explain import to_plain
from .bulk import close_scores
from .compute import ensure_sheets, load_sheets, managed_by, score_sheets, write_scores
from .rulesets import default_ruleset_row
from .workflow import SheetContext, load

CLOSERS = {"head", "personnel", "organiser", "admin"}


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


def close_month(session: Session, actor: Actor, first: date, unit: Unit | None = None) -> CloseSummary:
    """Chốt số liệu: the month's open periods go to closing and every following sheet is scored."""
    if actor.role not in CLOSERS:
        raise Forbidden("Chỉ thủ trưởng, cán bộ tổ chức hoặc cơ quan tổ chức cấp tỉnh mới chốt số liệu tháng.")
    if unit is not None and not can_see_unit(actor, unit):
        raise Forbidden("Bạn không có quyền chốt số liệu của cơ quan, đơn vị này.")
    units = list(session.exec(units_in_scope(actor)).scalars()) if unit is None else [unit]
    periods = month_periods(session, first, units)
    moved = 0
    for period in periods:
        if period.state == "open":
            before = snapshot(period, ("state",))
            period.state = "closing"
            record(session, actor, "period_closing", period, before, snapshot(period, ("state",)))
            moved += 1
    sheets = compute_month(session, [p for p in periods if p.state != "closed"])  # closed periods are immutable
    session.commit()
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


def refresh(session: Session, ctx: SheetContext) -> None:
    """Rescore the unit's month (task points follow approvals) and update this sheet's row in place."""
    results = score_sheets(session, [ctx.period])
    mine = results.pop(ctx.sheet.id, None)
    write_scores(session, results)
    if mine is not None:
        _apply(ctx.sheet, mine.score, mine.reviewed)


def freeze(session: Session, ctx: SheetContext) -> None:
    """At the head's approval: the result, its steps, the rule-set version and the K values used."""
    results = score_sheets(session, [ctx.period], include_frozen=True)
    result = results[ctx.sheet.id]
    if not result.reviewed:
        raise DomainError("Lãnh đạo trực tiếp chưa chấm đủ các tiêu chí chung.")
    if ctx.sheet.is_leader:
        _require_managed_results(session, ctx)
    _apply(ctx.sheet, result.score, True)
    ruleset = default_ruleset_row(session, ctx.period.starts_on)
    ctx.sheet.rule_set_id = ruleset.id
    ctx.sheet.frozen_result = {
        "rule_set": {"code": ruleset.code, "version": ruleset.version, "legal_reference": ruleset.legal_reference},
        "score": to_plain(result.score),
        "frozen_at": utcnow().isoformat(),
    }


def _require_managed_results(session: Session, ctx: SheetContext) -> None:
    """A leader's d is read from the bands of the people they manage: all must be known first."""
    rows = load_sheets(session, [ctx.period.id])
    waiting = [r for r in managed_by(rows).get(ctx.sheet.id, []) if not r.band]
    if waiting:
        raise DomainError(f"Chưa thể phê duyệt: còn {len(waiting)} người thuộc quyền quản lý trực tiếp chưa có kết quả "
                          "đánh giá (hệ số d của lãnh đạo tính theo kết quả của họ).")


def _apply(sheet: EvaluationSheet, score, reviewed: bool) -> None:
    """Copy a score onto the sheet row."""
    sheet.task_points = score.task_points
    sheet.general_points = score.general_points if reviewed else None
    sheet.total_points = score.total if reviewed else None
    sheet.band = score.band if reviewed else ""


def sheet_context(session: Session, sheet_id: int) -> SheetContext:
    """The sheet with its person, unit and period."""
    return load(session, sheet_id)


def periods_of_actor(session: Session, actor: Actor, first: date) -> list[Period]:
    """The month's periods the actor acts in: their unit's, or their bloc's for a province organiser."""
    if actor.unit_id:
        return find_periods(session, first, [session.get(Unit, actor.unit_id)])
    if actor.role == "organiser":
        return list(session.exec(select(Period).join(Unit, Unit.id == Period.unit_id).where(
            Unit.bloc_id == actor.bloc_id, Period.key == month_key(first))))
    return []


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


def unit_action(session: Session, actor: Actor, unit: Unit, first: date, action: str) -> None:
    """close → chốt số liệu and score; publish → công khai; lock → khóa phiếu."""
    from . import workflow
    if action == "close":
        close_month(session, actor, first, unit)
        return
    (period,) = month_periods(session, first, [unit])
    if action == "publish":
        workflow.publish(session, actor, period)
    elif action == "lock":
        workflow.lock(session, actor, period)
    else:
        raise NotFound("Thao tác không tồn tại.")


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
