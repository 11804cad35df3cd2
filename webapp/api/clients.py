"""Integration clients, kept by the administrator: register (the token is shown once), rotate, revoke."""
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import DomainError, Forbidden, NotFound
from ..models import ApiClient, ApiClientUnit, Unit
from ..models.api import API_SCOPES
from ..text import tidy
from . import tokens

FIELDS = ("name", "scopes", "rate_limit_per_minute", "revoked_at", "rotated_at")
SCOPE_LABELS = {
    "work:write": "Gửi công việc (văn bản, nhiệm vụ hoàn thành)",
    "assignments:write": "Gửi giao việc",
    "results:read": "Đọc kết quả đánh giá đã công khai",
    "catalogue:read": "Đọc danh mục sản phẩm",
}
MAX_RATE = 100_000


@dataclass(frozen=True)
class Issued:
    """A client with the token just made for it (shown once, never stored)."""

    client: ApiClient
    token: str


def _require_admin(actor: Actor) -> None:
    """Only the system administrator keeps integration clients."""
    if actor.role != "admin":
        raise Forbidden("Chỉ quản trị hệ thống được quản lý hệ thống tích hợp.")


def listing(session: Session, actor: Actor) -> list[tuple[ApiClient, list[Unit]]]:
    """Every client with its units, newest first."""
    _require_admin(actor)
    clients = session.exec(select(ApiClient).order_by(ApiClient.id.desc())).all()
    pairs = session.exec(select(ApiClientUnit.client_id, Unit).join(Unit, Unit.id == ApiClientUnit.unit_id)
                         .order_by(Unit.name)).all()
    units: dict[int, list[Unit]] = {}
    for client_id, unit in pairs:
        units.setdefault(client_id, []).append(unit)
    return [(client, units.get(client.id, [])) for client in clients]


def register(session: Session, actor: Actor, name: str, unit_ids: list[int], scopes: list[str],
             rate_limit: int = 600) -> Issued:
    """A new client for the units and scopes; its token, shown once."""
    _require_admin(actor)
    name = _checked(session, name, unit_ids, scopes, rate_limit)
    token, prefix, digest = tokens.new_token()
    client = ApiClient(name=name, token_prefix=prefix, token_hash=digest, scopes=sorted(set(scopes)),
                       rate_limit_per_minute=rate_limit, created_by_id=actor.account_id)
    session.add(client)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DomainError("Đã có hệ thống tích hợp cùng tên.", field="name") from None
    for unit_id in sorted(set(unit_ids)):
        session.add(ApiClientUnit(client_id=client.id, unit_id=unit_id))
    record(session, actor, "api_client_registered", client, {},
           {**snapshot(client, FIELDS), "unit_ids": sorted(set(unit_ids))})
    session.commit()
    return Issued(client, token)


def rotate(session: Session, actor: Actor, client_id: int) -> Issued:
    """A new token for the client: the old one stops working at once."""
    client = _locked(session, actor, client_id)
    if client.revoked_at is not None:
        raise DomainError("Hệ thống tích hợp đã bị thu hồi; hãy đăng ký mới.")
    before = snapshot(client, FIELDS)
    token, client.token_prefix, client.token_hash = tokens.new_token()
    client.rotated_at = utcnow()
    record(session, actor, "api_client_rotated", client, before, snapshot(client, FIELDS))
    session.commit()
    return Issued(client, token)


def revoke(session: Session, actor: Actor, client_id: int) -> ApiClient:
    """Revoke the client's token for good (a second revoke changes nothing)."""
    client = _locked(session, actor, client_id)
    if client.revoked_at is None:
        before = snapshot(client, FIELDS)
        client.revoked_at = utcnow()
        record(session, actor, "api_client_revoked", client, before, snapshot(client, FIELDS))
        session.commit()
    return client


def set_units(session: Session, actor: Actor, client_id: int, unit_ids: list[int]) -> ApiClient:
    """Replace the units the client may act for."""
    client = _locked(session, actor, client_id)
    _check_units(session, unit_ids)
    before = sorted(session.exec(select(ApiClientUnit.unit_id).where(ApiClientUnit.client_id == client.id)).all())
    session.execute(delete(ApiClientUnit).where(ApiClientUnit.client_id == client.id))
    for unit_id in sorted(set(unit_ids)):
        session.add(ApiClientUnit(client_id=client.id, unit_id=unit_id))
    record(session, actor, "api_client_units_changed", client, {"unit_ids": before}, {"unit_ids": sorted(set(unit_ids))})
    session.commit()
    return client


def _locked(session: Session, actor: Actor, client_id: int) -> ApiClient:
    """The client row, locked until commit."""
    _require_admin(actor)
    client = session.exec(select(ApiClient).where(ApiClient.id == client_id).with_for_update()
                          .execution_options(populate_existing=True)).first()
    if client is None:
        raise NotFound("Không tìm thấy hệ thống tích hợp.")
    return client


def _checked(session: Session, name: str, unit_ids: list[int], scopes: list[str], rate_limit: int) -> str:
    """The tidy name, after checking every input."""
    name = tidy(name or "").strip()
    if not name or len(name) > 200:
        raise DomainError("Vui lòng nhập tên hệ thống (tối đa 200 ký tự).", field="name")
    if not scopes or any(scope not in API_SCOPES for scope in scopes):
        raise DomainError("Vui lòng chọn ít nhất một phạm vi hợp lệ.", field="scopes")
    if not 1 <= rate_limit <= MAX_RATE:
        raise DomainError(f"Giới hạn từ 1 đến {MAX_RATE:,} yêu cầu mỗi phút.".replace(",", "."), field="rate_limit")
    _check_units(session, unit_ids)
    return name


def _check_units(session: Session, unit_ids: list[int]) -> None:
    """At least one unit, every one existing."""
    wanted = set(unit_ids)
    if not wanted:
        raise DomainError("Vui lòng chọn ít nhất một cơ quan, đơn vị.", field="unit_ids")
    found = set(session.exec(select(Unit.id).where(Unit.id.in_(wanted))).all())
    if found != wanted:
        raise DomainError("Có cơ quan, đơn vị không tồn tại.", field="unit_ids")
