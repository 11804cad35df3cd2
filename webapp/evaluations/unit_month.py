"""The unit's month as a whole: publishing and locking every sheet at once, the cap of Hoàn thành xuất sắc over
the unit and the head's decision to keep it. One sheet's own steps are in workflow."""
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlmodel import Session, select

from ..agency.cap import outstanding_unit
from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import as_utc, utcnow
from ..errors import DomainError, Forbidden
from ..models import Appeal, EvaluationSheet, Period, Person
from ..periods import service as periods
from ..scoring import CapMember, check_cap
from ..text import vn_name_key
from ..webhooks import events as webhook_events
from . import roles
from .rulesets import default_ruleset_row, rules_of
from .workflow import AUDITED


def require_unit_officer(actor: Actor, period: Period) -> None:
    """Publish and lock: the head or the personnel officer of the period's unit, checked first."""
    if not roles.is_unit_officer(actor, period.unit_id):
        raise Forbidden("Chỉ thủ trưởng hoặc cán bộ tổ chức của đơn vị mới thực hiện thao tác này.")


def publish(session: Session, actor: Actor, period: Period) -> int:
    """Công khai: every approved sheet of the unit's period becomes visible within the unit; refused while the
    unit is over the cap of Hoàn thành xuất sắc unless the head recorded a decision with its reason."""
    require_unit_officer(actor, period)
    if period.state != "closed" and not period.cap_decision and any(not c.within for c in unit_caps(session, period)):
        raise DomainError("Đơn vị đang vượt tỷ lệ Hoàn thành xuất sắc: thủ trưởng điều chỉnh mức xếp loại trên phiếu "
                          "hoặc ghi quyết định (kèm lý do) giữ kết quả trước khi công khai.")
    count = _bulk(session, actor, period, "approved", "published", "sheet_published", commit=False)
    if count:
        webhook_events.sheets_published(session, period, count)  # in this transaction: never lost, never early
    session.commit()
    return count


@dataclass(frozen=True)
class LockSummary:
    """What a lock did: sheets locked, sheets left unlocked, whether the period closed."""

    locked: int
    unlocked: int
    period_closed: bool


def lock(session: Session, actor: Actor, period: Period) -> LockSummary:
    """Lock published sheets once the appeal window has passed and every appeal is answered; when every sheet
    of the period is locked, the period is closed through the periods service."""
    require_unit_officer(actor, period)
    sheets = _unit_sheets(session, period, "published")
    window = timedelta(days=current_app.config["APPEAL_WINDOW_DAYS"])
    if any(s.published_at and utcnow() - as_utc(s.published_at) < window for s in sheets):
        raise DomainError("Chưa hết thời hạn kiến nghị: chưa thể khóa phiếu.")
    if open_appeals(session, [s.id for s in sheets]):
        raise DomainError("Còn kiến nghị chưa được trả lời: chưa thể khóa phiếu.")
    locked = _bulk(session, actor, period, "published", "locked", "sheet_locked", commit=False)
    states = session.exec(select(EvaluationSheet.state).where(EvaluationSheet.period_id == period.id)).all()
    unlocked = sum(1 for state in states if state != "locked")
    closed = periods.close_when_locked(session, actor, period, unlocked) if states else False  # no sheet: stays
    session.commit()
    return LockSummary(locked, unlocked, closed)


def unit_members(session: Session, period: Period) -> list[tuple[EvaluationSheet, Person]]:
    """The period's sheets with their people."""
    rows = session.exec(select(EvaluationSheet, Person).join(Person, Person.id == EvaluationSheet.person_id)
                        .where(EvaluationSheet.period_id == period.id).order_by(Person.id)).all()
    return sorted(rows, key=lambda row: vn_name_key(row[1].full_name))


def unit_caps(session: Session, period: Period) -> tuple:
    """The cap checks of the unit's month over every sheet with a band."""
    rules = rules_of(default_ruleset_row(session, period.starts_on))
    members = tuple(CapMember(str(s.id), p.full_name, s.band, s.total_points, s.position_group_key)
                    for s, p in unit_members(session, period) if s.band)
    outstanding = outstanding_unit(session, rules, period.unit_id, period.starts_on.year) if members else False
    return check_cap(rules, members, outstanding) if members else ()


def require_cap_decider(actor: Actor, unit_id: int) -> None:
    """Only the unit's head decides about the cap."""
    if not (actor.role == "head" and actor.unit_id == unit_id):
        raise Forbidden("Chỉ thủ trưởng cơ quan, đơn vị mới quyết định về tỷ lệ Hoàn thành xuất sắc.")


def decide_cap(session: Session, actor: Actor, period: Period, reason: str) -> Period:
    """The head's recorded decision to keep a month over the cap (with its reason), which lets it be published."""
    require_cap_decider(actor, period.unit_id)
    if period.state == "closed":
        raise DomainError("Kỳ đánh giá đã khóa.")
    if not reason.strip():
        raise DomainError("Vui lòng nêu lý do quyết định.", field="reason")
    if all(c.within for c in unit_caps(session, period)):
        raise DomainError("Đơn vị không vượt tỷ lệ Hoàn thành xuất sắc: không cần quyết định.")
    before = snapshot(period, ("cap_decision",))
    period.cap_decision, period.cap_decided_at = reason.strip(), utcnow()
    record(session, actor, "period_cap_decided", period, before, snapshot(period, ("cap_decision",)),
           reason=reason.strip())
    session.commit()
    return period


def _unit_sheets(session: Session, period: Period, state: str) -> list[EvaluationSheet]:
    """The period's sheets in one state."""
    return list(session.exec(select(EvaluationSheet).where(
        EvaluationSheet.period_id == period.id, EvaluationSheet.state == state)
        .with_for_update().execution_options(populate_existing=True)))  # a second publish finds none left


def _bulk(session: Session, actor: Actor, period: Period, source: str, target: str, action: str,
          commit: bool = True) -> int:
    """Move every sheet of the period from one state to the next, one audit record each (the callers checked
    the role first)."""
    if period.state == "closed":
        raise DomainError("Kỳ đánh giá đã khóa.")
    sheets = _unit_sheets(session, period, source)
    for sheet in sheets:
        before = snapshot(sheet, AUDITED)
        sheet.state, sheet.version = target, sheet.version + 1
        setattr(sheet, f"{target}_at", utcnow())
        record(session, actor, action, sheet, before, snapshot(sheet, AUDITED))
    if commit:
        session.commit()
    return len(sheets)


def open_appeals(session: Session, sheet_ids: list[int]) -> list[Appeal]:
    """Appeals not yet answered."""
    if not sheet_ids:
        return []
    return list(session.exec(select(Appeal).where(Appeal.sheet_id.in_(sheet_ids), Appeal.answered_at.is_(None))))
