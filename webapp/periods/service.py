"""Evaluation periods: the monthly period of a date, and its state transitions."""
import calendar
from datetime import date

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import require_role
from ..clock import utcnow
from ..errors import Conflict, DomainError, Forbidden
from ..models import Period, PeriodReopening
from ..months import month_key
from ..webhooks import events as webhook_events

STATE_LABELS = {"open": "Đang mở", "closing": "Chốt số liệu", "closed": "Đã khóa"}
NEXT_STATE = {"open": "closing", "closing": "closed"}


def month_label(period: Period) -> str:
    """"tháng 11/2026"."""
    return f"tháng {period.starts_on.month:02d}/{period.starts_on.year}"


def last_day_of_month(day: date) -> date:
    """The last day of the day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def find_periods(session: Session, day: date, unit_ids: list[int]) -> list[Period]:
    """The existing monthly periods of the day's month for the units (reading opens nothing)."""
    return list(session.exec(select(Period).where(Period.key == month_key(day), Period.unit_id.in_(unit_ids))))


def month_periods(session: Session, day: date, unit_ids: list[int]) -> list[Period]:
    """The monthly period of the day's month for each unit, in order, opened when missing."""
    found = {p.unit_id: p for p in find_periods(session, day, unit_ids)}
    for unit_id in unit_ids:
        if unit_id not in found:
            found[unit_id] = insert_period(session, Period(
                unit_id=unit_id, kind="month", key=month_key(day), starts_on=day.replace(day=1),
                ends_on=last_day_of_month(day)))
    return [found[unit_id] for unit_id in unit_ids]


def month_period(session: Session, unit_id: int, day: date) -> Period:
    """The unit's monthly period containing the day, opened on first use."""
    return month_periods(session, day, [unit_id])[0]


def insert_period(session: Session, period: Period) -> Period:
    """Insert a period; if another request opened the same one a moment earlier, use theirs.
    (On the 1st of a month many people write at once; the unique (unit, key) decides.)"""
    try:
        with session.begin_nested():
            session.add(period)
    except IntegrityError:
        return session.exec(select(Period).where(Period.unit_id == period.unit_id, Period.key == period.key)).one()
    return period


def require_open(session: Session, unit_id: int, day: date) -> Period:
    """Refuse any write into a period that is closing or closed (opening the month on its first write)."""
    period = month_period(session, unit_id, day)
    check_open(period.state, day)
    return period


def check_open(state: str, day: date) -> None:
    """Refuse a write into the day's month when its period is closing or closed."""
    if state != "open":
        raise DomainError(
            f"Kỳ đánh giá tháng {day.month:02d}/{day.year} đang ở trạng thái “{STATE_LABELS[state]}”: "
            "không thể thêm hoặc thay đổi dữ liệu."
        )


def step(session: Session, actor: Actor, period: Period) -> Period:
    """Open → closing (chốt số liệu) → closed, one transition with its one audit record, by the head or the
    personnel officer of the unit, in the caller's transaction (the caller commits)."""
    _require_unit_officer(actor, period)
    if period.state not in NEXT_STATE:
        raise DomainError("Kỳ đánh giá đã khóa.")
    before = snapshot(period, ("state",))
    if not move(session, period, period.state, NEXT_STATE[period.state]):
        raise stale_period()
    if period.state == "closed":
        period.closed_at = utcnow()
    record(session, actor, "period_" + period.state, period, before, snapshot(period, ("state",)))
    if period.state == "closed":
        webhook_events.period_closed(session, period)  # in the caller's transaction: never lost, never early
    return period


def move(session: Session, period: Period, source: str, target: str) -> bool:
    """One transition by a conditional UPDATE: True when this request moved the period (a request at once with
    it waits for the row, then finds it moved and gets False)."""
    taken = session.execute(update(Period).where(Period.id == period.id, Period.state == source)
                            .values(state=target).execution_options(synchronize_session=False)).rowcount
    if taken == 1:
        period.state = target
    return taken == 1


def stale_period() -> Conflict:
    """The loser of two transitions of one period at once."""
    return Conflict("Kỳ đánh giá vừa được người khác chuyển trạng thái trong lúc bạn thao tác. "
                    "Vui lòng tải lại trang để xem thông tin mới nhất.")


def close_when_locked(session: Session, actor: Actor, period: Period, unlocked: int) -> bool:
    """Once every sheet of the period is locked, the period goes to closed (through closing if still open)."""
    if unlocked or period.state == "closed":
        return False
    while period.state != "closed":
        step(session, actor, period)
    return True


def reopen(session: Session, actor: Actor, period: Period, reason: str) -> Period:
    """Reopen a closing or closed period, with a reason that is kept and audited."""
    _require_unit_officer(actor, period)
    if not reason.strip():
        raise DomainError("Vui lòng nêu lý do mở lại kỳ đánh giá.", field="reason")
    if period.state == "open":
        raise DomainError("Kỳ đánh giá đang mở.")
    before = snapshot(period, ("state",))
    if not move(session, period, period.state, "open"):
        raise stale_period()
    period.closed_at = None
    session.add(PeriodReopening(period_id=period.id, reopened_by_id=actor.account_id, reason=reason.strip()))
    record(session, actor, "period_reopened", period, before, snapshot(period, ("state",)), reason=reason.strip())
    session.commit()
    return period


def _require_unit_officer(actor: Actor, period: Period) -> None:
    """Only the head or the personnel officer of the period's unit."""
    require_role(actor, "head", "personnel")
    if actor.unit_id != period.unit_id:
        raise Forbidden("Bạn không có quyền với kỳ đánh giá của cơ quan, đơn vị khác.")
