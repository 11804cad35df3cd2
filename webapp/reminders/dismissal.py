"""Ẩn lời nhắc, for every kind of reminder: only one's own, and dismissing twice (or twice at once) records one
change. The rule is a conditional UPDATE, not a read before a write."""
from collections.abc import Callable

from sqlalchemy import update
from sqlmodel import Session

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import Forbidden, NotFound

FIELDS = ("dismissed_at",)


def dismiss_own(session: Session, actor: Actor, model, row_id: int, owned: Callable[[object], bool], action: str):
    """Set the reminder's dismissed_at if it is the actor's and still shown; audited as `action`; the row."""
    reminder = session.get(model, row_id)
    if reminder is None:
        raise NotFound("Không tìm thấy lời nhắc.")
    if not owned(reminder):
        raise Forbidden("Chỉ người được nhắc mới ẩn được lời nhắc này.")
    table = model.__table__
    before = snapshot(reminder, FIELDS)
    changed = session.execute(update(table).where(table.c.id == reminder.id, table.c.dismissed_at.is_(None))
                              .values(dismissed_at=utcnow())).rowcount
    session.expire(reminder, FIELDS)  # read back what the database holds, ours or the first click's
    if changed:
        record(session, actor, action, reminder, before, snapshot(reminder, FIELDS))
    session.commit()
    return reminder
