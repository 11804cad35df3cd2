"""The personnel officer (their unit) and the admin (any unit) reset passwords and (de)activate accounts."""
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record
from ..clock import utcnow
from ..errors import Forbidden, NotFound
from ..models import PasswordResetLink, Unit, UserAccount
from ..org.lines import reset_default_lines
from .actor import Actor
from .scope import require_role
from .service import end_sessions, hash_password, temporary_password

MANAGERS_OF_ACCOUNTS = ("personnel", "admin")


def accounts_in_scope(session: Session, actor: Actor, unit_code: str = "") -> list[tuple[UserAccount, str | None]]:
    """The accounts the actor manages, with their unit's name: the officer's unit; for the admin one unit
    at a time (a province holds tens of thousands of accounts), or those of no unit (admins, organisers)."""
    require_role(actor, *MANAGERS_OF_ACCOUNTS)
    query = select(UserAccount, Unit.name).outerjoin(Unit, Unit.id == UserAccount.unit_id)
    if actor.role == "personnel":
        query = query.where(UserAccount.unit_id == actor.unit_id, UserAccount.role != "admin")
    elif unit_code:
        query = query.where(Unit.code == unit_code)
    else:
        query = query.where(UserAccount.unit_id.is_(None))
    return list(session.exec(query.order_by(UserAccount.username)).all())


def units_to_pick(session: Session, actor: Actor) -> list[Unit]:
    """The units whose accounts the admin may list (none for the officer: their own unit only)."""
    if actor.role != "admin":
        return []
    return list(session.exec(select(Unit).where(Unit.active).order_by(Unit.name)).all())


def managed_account(session: Session, actor: Actor, account_id: int) -> UserAccount:
    """The account, or a refusal unless the actor may manage it (never their own through this path)."""
    require_role(actor, *MANAGERS_OF_ACCOUNTS)
    account = session.get(UserAccount, account_id)
    if account is None:
        raise NotFound("Không tìm thấy tài khoản.")
    if account.id == actor.account_id:
        raise Forbidden("Không thể tự thao tác trên tài khoản của chính mình ở đây: hãy dùng trang Đổi mật khẩu.")
    if actor.role == "personnel" and (account.role == "admin" or actor.unit_id is None
                                      or account.unit_id != actor.unit_id):
        raise Forbidden("Tài khoản này không thuộc cơ quan, đơn vị của bạn.")
    return account


def reset_password(session: Session, actor: Actor, account_id: int) -> tuple[UserAccount, str]:
    """Give the account a temporary password to change at next login, ending its sessions; the password,
    to show once."""
    account = managed_account(session, actor, account_id)
    password = temporary_password()
    before = {"must_change_password": account.must_change_password}
    account.password_hash = hash_password(password)
    account.must_change_password = True
    record(session, actor, "password_reset", account, before=before, after={"must_change_password": True})
    end_sessions(session, account.id, actor, reason="Đặt lại mật khẩu")
    session.commit()
    return account, password


def set_active(session: Session, actor: Actor, account_id: int, active: bool) -> UserAccount:
    """Deactivate (ending its sessions) or reactivate an account, never deleted; audited."""
    account = managed_account(session, actor, account_id)
    if account.active != active:
        record(session, actor, "account_reactivate" if active else "account_deactivate", account,
               before={"active": account.active}, after={"active": active})
        account.active = active
        if not active:  # a cookie of before the lock must not come back to life when the account is unlocked
            end_sessions(session, account.id, actor, reason="Khóa tài khoản")
            void_links(session, account.id)
        if account.unit_id:  # a locked manager no longer is anyone's default line
            reset_default_lines(session, account.unit_id)
        session.commit()
    return account


def void_links(session: Session, account_id: int) -> int:
    """Make every unused link of the account void (a newer link, a lock); how many. The caller commits."""
    return session.connection().execute(
        update(PasswordResetLink).where(PasswordResetLink.account_id == account_id,
                                        PasswordResetLink.used_at.is_(None), PasswordResetLink.voided_at.is_(None))
        .values(voided_at=utcnow())).rowcount
