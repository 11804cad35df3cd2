"""Nhắc việc about late sheets: everyone the late sheets of the scope wait on gets one reminder per month and
stage (a conditional insert under the unique key: a double click, or two clicks at once, adds nothing more);
they see it on their home page and dismiss it."""
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from ..audit import write
from ..auth.actor import Actor
from ..auth.scope import require_unit, units_in_scope
from ..clock import utcnow
from ..errors import DomainError
from ..models import SheetReminder, Unit
from ..months import month_key
from ..reminders.dismissal import dismiss_own
from .deadlines import deadlines
from .service import require_viewer
from .waiting import pending_rows, with_waiters

SHOWN = 20


@dataclass(frozen=True)
class Sent:
    """What a click did: reminders added, people already reminded, late sheets that wait on nobody."""

    added: int
    already: int
    nobody: int

    @property
    def message(self) -> str:
        """The outcome in Vietnamese."""
        parts = [f"Đã gửi {self.added} lời nhắc việc."]
        if self.already:
            parts.append(f"{self.already} người đã được nhắc về tháng và bước này trước đó.")
        if self.nobody:
            parts.append(f"{self.nobody} phiếu trễ hạn chưa xác định được người xử lý (xem danh sách của đơn vị).")
        return " ".join(parts)


def _scope(actor: Actor, unit: Unit | None):
    """The unit ids the click reminds for: the actor's scope, or one unit of it."""
    if unit is not None:
        require_unit(actor, unit)
        return [unit.id]
    return units_in_scope(actor).with_only_columns(Unit.id)


def _insert(session: Session):
    """INSERT … ON CONFLICT DO NOTHING in the database's dialect."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(SheetReminder.__table__)


def send(session: Session, actor: Actor, first: date, today: date, unit: Unit | None = None) -> Sent:
    """Remind everyone the month's late sheets in scope wait on; audited, one transaction."""
    require_viewer(actor)
    dates = deadlines(session, current_app.config, first, today)
    late = dates.late_states()
    if not late:
        raise DomainError(f"Tháng {first:%m/%Y} chưa có bước đánh giá nào quá hạn: chưa cần nhắc việc.")
    rows = with_waiters(session, pending_rows(session, month_key(first), _scope(actor, unit), late))
    # the one pressing the button is not reminded of their own work (a head reminding the unit)
    targets = Counter((w.account_id, r.stage) for r in rows for w in r.waiters if w.account_id != actor.account_id)
    nobody = sum(1 for r in rows if not r.waiters)
    if not targets:
        return Sent(0, 0, nobody)
    now, key = utcnow(), month_key(first)
    values = [{"account_id": account, "month": key, "stage": stage, "sheets": count, "created_by_id": actor.account_id,
               "created_at": now} for (account, stage), count in sorted(targets.items())]
    table = SheetReminder.__table__
    added = session.execute(_insert(session).values(values).on_conflict_do_nothing(
        index_elements=["account_id", "month", "stage"]).returning(table.c.account_id, table.c.stage)).all()
    if added:
        write(session, actor, "sheet_reminders_sent", "sheetreminder", None, unit.id if unit else None, {},
              {"month": key, "reminded": [{"account_id": a, "stage": s} for a, s in added]})
    session.commit()
    return Sent(len(added), len(targets) - len(added), nobody)


STAGE_TODO = {"self_assessment": "chờ bạn tự đánh giá", "review": "chờ bạn đánh giá (lãnh đạo trực tiếp)",
              "approval": "chờ bạn phê duyệt"}


@dataclass(frozen=True)
class ReminderDue:
    """A reminder on the home page: the month, the stage, how many sheets, when it was sent."""

    id: int
    key: str
    stage: str
    sheets: int
    created_at: datetime

    @property
    def month(self) -> date:
        """The month's first day."""
        return date(int(self.key[:4]), int(self.key[5:7]), 1)

    @property
    def text(self) -> str:
        """What waits, in Vietnamese."""
        return f"{self.sheets} phiếu {STAGE_TODO[self.stage]}"


def reminders_of(session: Session, actor: Actor) -> list[ReminderDue]:
    """The actor's reminders not dismissed, newest month first."""
    rows = session.exec(select(SheetReminder.id, SheetReminder.month, SheetReminder.stage, SheetReminder.sheets,
                               SheetReminder.created_at)
                        .where(SheetReminder.account_id == actor.account_id, SheetReminder.dismissed_at.is_(None))
                        .order_by(SheetReminder.month.desc(), SheetReminder.id).limit(SHOWN)).all()
    return [ReminderDue(*row) for row in rows]


def dismiss(session: Session, actor: Actor, reminder_id: int) -> SheetReminder:
    """Ẩn lời nhắc: only one's own; twice changes nothing."""
    return dismiss_own(session, actor, SheetReminder, reminder_id, lambda r: r.account_id == actor.account_id,
                       "sheet_reminder_dismissed")
