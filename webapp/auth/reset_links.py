"""One-time password reset links: the officer or admin makes one, its owner opens it once to set a password.

Only the SHA-256 of the token is stored (the token carries 256 random bits, so no slow hash is needed). A link
is usable once, until it expires (RESET_LINK_HOURS), and is made void by a newer link or by locking the account.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record, write
from ..clock import as_utc, utcnow
from ..errors import DomainError, NotFound
from ..models import PasswordResetLink, UserAccount
from .accounts import managed_account, void_links
from .actor import Actor
from .policy import password_problem
from .service import end_sessions, hash_password

TOKEN_MAX_LENGTH = 64  # token_urlsafe(32) is 43 characters; longer paths are not ours
INVALID = "Liên kết đặt lại mật khẩu không hợp lệ, đã được dùng, đã hết hạn hoặc đã bị thay bằng liên kết mới."


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def make_link(session: Session, actor: Actor, account_id: int) -> tuple[UserAccount, str]:
    """A new link for the account (earlier ones become void), audited; the token, to show once."""
    account = managed_account(session, actor, account_id)
    if not account.active:
        raise DomainError("Tài khoản đang bị khóa: hãy mở khóa trước khi tạo liên kết đặt lại mật khẩu.")
    voided = void_links(session, account.id)
    token = secrets.token_urlsafe(32)
    hours = current_app.config.get("RESET_LINK_HOURS", 24)
    link = PasswordResetLink(account_id=account.id, token_hash=token_hash(token), created_by_id=actor.account_id,
                             expires_at=utcnow() + timedelta(hours=hours))
    session.add(link)
    session.flush()
    record(session, actor, "reset_link_made", account, before={"voided_links": voided},
           after={"link_id": link.id, "expires_at": link.expires_at})
    session.commit()
    return account, token


def usable_link(session: Session, token: str) -> tuple[PasswordResetLink, UserAccount]:
    """The link of this token with its account, or NotFound when it is unknown, used, void or expired."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise NotFound(INVALID)
    row = session.exec(select(PasswordResetLink, UserAccount)
                       .join(UserAccount, UserAccount.id == PasswordResetLink.account_id)
                       .where(PasswordResetLink.token_hash == token_hash(token))).first()
    if row is None:
        raise NotFound(INVALID)
    link, account = row
    if link.used_at or link.voided_at or as_utc(link.expires_at) <= utcnow() or not account.active:
        raise NotFound(INVALID)
    return link, account


def use_link(session: Session, token: str, new: str, repeated: str) -> UserAccount:
    """Set the account's password through the link (once: a conditional UPDATE claims it), ending every
    session of the account; audited."""
    link, account = usable_link(session, token)
    if new != repeated:
        raise DomainError("Hai lần nhập mật khẩu mới không khớp.", field="repeated_password")
    problem = password_problem(new, account.username)
    if problem:
        raise DomainError(problem, field="new_password")
    now = utcnow()
    claimed = session.connection().execute(
        update(PasswordResetLink).where(PasswordResetLink.id == link.id, PasswordResetLink.used_at.is_(None),
                                        PasswordResetLink.voided_at.is_(None), PasswordResetLink.expires_at > now)
        .values(used_at=now)).rowcount
    if claimed != 1:  # another request used it (or a newer link voided it) since it was read: nothing changed
        raise NotFound(INVALID)
    before = {"must_change_password": account.must_change_password}
    account.password_hash = hash_password(new)
    account.must_change_password = False
    write(session, None, "password_set_by_link", "useraccount", account.id, account.unit_id, before,
          {"must_change_password": False, "link_id": link.id})
    end_sessions(session, account.id, None, reason="Đặt mật khẩu qua liên kết")
    session.commit()
    return account
