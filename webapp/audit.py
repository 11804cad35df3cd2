"""Writing the append-only audit log inside the caller's transaction."""
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from .models import AuditLog
from .models._base import utcnow

_INSERT = AuditLog.__table__.insert()


def snapshot(row, fields: tuple[str, ...] | None = None) -> dict:
    """A JSON-safe dict of a row's columns (or of the named fields)."""
    names = fields or tuple(row.__class__.model_fields)
    return {name: _json_safe(getattr(row, name)) for name in names}


def _json_safe(value):
    """Decimals and dates as strings so the log keeps them exactly."""
    if isinstance(value, (Decimal, date, datetime)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value


def record(session: Session, actor, action: str, row, before: dict, after: dict, reason: str = "") -> None:
    """Write one audit record for a change to a row, in the caller's transaction; the caller commits."""
    if getattr(row, "id", 0) is None:
        session.flush()  # a new row gets its id before the record names it
    write(session, actor, action, row.__class__.__tablename__, getattr(row, "id", None),
          getattr(row, "unit_id", None), before, after, reason)


def write(session: Session, actor, action: str, entity: str, entity_id: int | None, unit_id: int | None,
          before: dict, after: dict, reason: str = "") -> None:
    """Write one audit record about an entity named by table and id; the caller commits."""
    # A plain INSERT, not an ORM object: the log is append-only and never read back in the request,
    # so the unit of work would only add cost to every write of the application.
    session.connection().execute(_INSERT, {
        "created_at": utcnow(),
        "actor_id": getattr(actor, "account_id", None),
        "unit_id": unit_id or getattr(actor, "unit_id", None),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": _json_safe(before),
        "after": _json_safe(after),
        "reason": reason,
    })
