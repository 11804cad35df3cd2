"""Writing the append-only audit log inside the caller's transaction."""
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from sqlalchemy import JSON, bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Session

from .clock import utcnow
from .models import AuditLog

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
    session.connection().execute(_INSERT, {**_params(actor, action, entity, unit_id, before, after, reason),
                                           "entity_id": entity_id})


def columns(actor, action: str, entity: str, unit_id: int | None, before: dict, after: dict, reason: str = "") -> dict:
    """An audit record's columns apart from the entity's id, for a caller that inserts it in its own statement."""
    return _params(actor, action, entity, unit_id, before, after, reason)


def _params(actor, action: str, entity: str, unit_id: int | None, before: dict, after: dict, reason: str) -> dict:
    """An audit record's columns, apart from the entity's id."""
    return {"created_at": utcnow(), "actor_id": getattr(actor, "account_id", None),
            "unit_id": unit_id or getattr(actor, "unit_id", None), "action": action, "entity": entity,
            "before": _json_safe(before), "after": _json_safe(after), "reason": reason}


def insert_recorded(session: Session, actor, action: str, table, values: dict) -> int:
    """Insert a row and its audit record (after = the row with its new id); the new id.

    PostgreSQL does both in one statement (a data-modifying CTE), saving a round trip on the
    diary's hot path; other databases take two.
    """
    if session.get_bind().dialect.name == "postgresql":
        audit = _params(actor, action, table.name, values.get("unit_id"), {}, values, "")
        return session.connection().execute(_recorded_insert(table), {**values, **_prefixed(audit)}).scalar_one()
    new_id = session.connection().execute(table.insert().returning(table.c.id), values).scalar_one()
    write(session, actor, action, table.name, new_id, values.get("unit_id"), {}, {"id": new_id, **values})
    return new_id


def _prefixed(audit: dict) -> dict:
    """The audit record's parameters, apart from the row's own."""
    return {f"audit_{name}": value for name, value in audit.items()}


@cache
def _recorded_insert(table):
    """INSERT the row … RETURNING id, then INSERT its audit record from it, as one PostgreSQL statement."""
    log = AuditLog.__table__
    new = (table.insert().values({c.name: bindparam(c.name, type_=c.type) for c in table.columns if c.name != "id"})
           .returning(table.c.id).cte("new_row"))
    after = cast(cast(bindparam("audit_after", type_=JSON), JSONB).op("||")(func.jsonb_build_object("id", new.c.id)),
                 JSON)
    names = ("created_at", "actor_id", "unit_id", "action", "entity", "before", "reason")
    row = select(*(bindparam(f"audit_{name}", type_=log.c[name].type) for name in names), new.c.id, after)
    return log.insert().from_select([*names, "entity_id", "after"], row).returning(log.c.entity_id)
