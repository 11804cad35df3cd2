"""Who calls the API: the integration client behind the bearer token, its scopes and units, and its audit trail."""
import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import g, request
from sqlalchemy import bindparam, or_, update
from sqlmodel import Session, select

from .. import audit
from ..clock import as_utc, utcnow
from ..models import ApiClient, ApiClientUnit
from . import tokens
from .problems import ApiProblem

log = logging.getLogger("webapp.api")
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most once a minute per client


@dataclass(frozen=True)
class ApiCaller:
    """An authenticated integration client, as the services see it (it has no account of its own)."""

    client_id: int
    name: str
    scopes: frozenset[str]
    unit_ids: frozenset[int]
    rate_limit_per_minute: int
    account_id: None = None  # audit.write reads these two of any actor
    unit_id: None = None

    @property
    def reason(self) -> str:
        """What every audit record of the client says about who acted."""
        return f"Hệ thống tích hợp: {self.name}"


def current_caller() -> ApiCaller:
    """The caller of this request (set by the route wrapper before the view runs)."""
    return g.api_caller


def authenticate(session: Session) -> ApiCaller:
    """The client of the request's bearer token, or a 401 problem (missing, malformed, unknown, revoked)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiProblem(401, "missing_token", "Thiếu mã truy cập: gửi tiêu đề Authorization: Bearer <mã>.",
                         headers={"WWW-Authenticate": 'Bearer realm="okr-kpi"'})
    token = token.strip()
    prefix = tokens.prefix_of(token)
    # The client and its units in one round trip: a row per unit (one row with NULL when it has none).
    rows = session.execute(_BY_PREFIX, {"prefix": prefix}).all() if prefix else []
    if not rows or not tokens.matches(token, rows[0].token_hash):
        raise _invalid("invalid_token", "Mã truy cập không đúng hoặc đã được cấp lại (đổi mã).")
    client = rows[0]
    if client.revoked_at is not None:
        raise _invalid("revoked_token", "Mã truy cập của hệ thống tích hợp này đã bị thu hồi.")
    if client.last_used_at is None or as_utc(client.last_used_at) < utcnow() - LAST_USED_RESOLUTION:
        _touch(session, client.id)
    return ApiCaller(client.id, client.name, frozenset(client.scopes or ()),
                     frozenset(row.unit_id for row in rows if row.unit_id is not None), client.rate_limit_per_minute)


_BY_PREFIX = (select(ApiClient.id, ApiClient.name, ApiClient.token_hash, ApiClient.scopes, ApiClient.revoked_at,
                     ApiClient.last_used_at, ApiClient.rate_limit_per_minute, ApiClientUnit.unit_id)
              .outerjoin(ApiClientUnit, ApiClientUnit.client_id == ApiClient.id)
              .where(ApiClient.token_prefix == bindparam("prefix")))


def _invalid(code: str, detail: str) -> ApiProblem:
    """A 401 problem naming the bearer scheme."""
    return ApiProblem(401, code, detail, headers={"WWW-Authenticate": 'Bearer realm="okr-kpi", error="invalid_token"'})


def _touch(session: Session, client_id: int) -> None:
    """Note the call on the client (a conditional UPDATE at most once a minute, committed at once)."""
    now = utcnow()
    result = session.connection().execute(
        update(ApiClient).where(ApiClient.id == client_id, or_(ApiClient.last_used_at.is_(None),
                                                               ApiClient.last_used_at < now - LAST_USED_RESOLUTION))
        .values(last_used_at=now))
    if result.rowcount:
        session.commit()


def require_scope(caller: ApiCaller, scope: str | None) -> None:
    """A 403 problem unless the client holds the scope."""
    if scope and scope not in caller.scopes:
        raise ApiProblem(403, "insufficient_scope", f"Hệ thống tích hợp không có phạm vi “{scope}”.")


def require_unit(caller: ApiCaller, unit_id: int, field: str | None = None) -> None:
    """A 403 problem unless the client may act for the unit."""
    if unit_id not in caller.unit_ids:
        errors = [{"field": field, "code": "unit_not_allowed", "detail": "Ngoài các đơn vị được phép."}] if field else []
        raise ApiProblem(403, "unit_not_allowed",
                         "Hệ thống tích hợp không được phép truy cập cơ quan, đơn vị này.", errors)


def audit_call(session: Session, caller: ApiCaller, action: str, entity: str, entity_id: int | None,
               unit_id: int | None, before: dict, after: dict) -> None:
    """One audit record of a state-changing call, naming the client (in `reason` and `after.api_client`)."""
    audit.write(session, caller, action, entity, entity_id, unit_id, before,
                {**after, "api_client": caller.name}, caller.reason)


def audit_columns(caller: ApiCaller, action: str, entity: str, unit_id: int | None, before: dict,
                  after: dict) -> dict:
    """The columns of audit_call's record, for a caller that inserts it in its own statement (add entity_id)."""
    return audit.columns(caller, action, entity, unit_id, before, {**after, "api_client": caller.name}, caller.reason)


def log_call(status: int) -> None:
    """Every call in the application log with the client's name (reads get no audit row)."""
    caller = g.get("api_caller")
    log.info("API %s %s %s client=%s", request.method, request.path, status, caller.name if caller else "-")
