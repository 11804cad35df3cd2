"""Signing in and out: password checks with scrypt, throttling, session versions and the login audit;
changing one's own password."""
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import record, write
from ..clock import local_today, utcnow
from ..errors import DomainError
from ..forms import INT_MAX
from ..models import Person, Unit, UserAccount
from . import throttle
from .actor import Actor
from .policy import password_problem

# A hash to compare against when the username is unknown, so both paths take the same time.
_DUMMY_HASH = generate_password_hash("không-có-tài-khoản")


def hash_password(password: str) -> str:
    """Hash with werkzeug's scrypt."""
    return generate_password_hash(password, method="scrypt")


@dataclass(frozen=True)
class LoginOutcome:
    """The actor signed in, or how many seconds the attempt must wait (0: the credentials were wrong)."""

    actor: Actor | None = None
    retry_after: int = 0


def attempt_login(session: Session, username: str, password: str, address: str) -> LoginOutcome:
    """Check throttling, then the credentials; a failure is counted and audited, never the password."""
    username = username.strip().lower()
    limits = throttle.limits_for(username, address)
    wait = throttle.reserve(session, limits)
    session.commit()  # the count holds even if this request dies, and no row lock waits for scrypt
    if wait:
        _audit_failure(session, username, address, throttled=True)
        session.commit()
        return LoginOutcome(retry_after=wait)
    actor = authenticate(session, username, password)
    if actor:
        throttle.forget(session, limits[0])
        throttle.release(session, limits[1])  # the address's earlier failures stay: one address, many accounts
        session.commit()
        return LoginOutcome(actor)
    _audit_failure(session, username, address, throttled=False)
    session.commit()
    return LoginOutcome()


def _audit_failure(session: Session, username: str, address: str, throttled: bool) -> None:
    """Record a refused login: the username tried and the address, never the password."""
    account = session.exec(select(UserAccount.id, UserAccount.unit_id).where(UserAccount.username == username)).first()
    write(session, None, "login_failed", "useraccount", account.id if account else None,
          account.unit_id if account else None, {}, {"username": username[:64], "address": address[:64],
                                                     "throttled": throttled})


# No 0/O, 1/l/I: a temporary password is read off a screen and typed by hand.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """A random 12-character password (about 69 bits) that passes the policy."""
    while True:
        password = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(12))
        if password_problem(password, "") is None:
            return password


def change_password(session: Session, actor: Actor, current: str, new: str, repeated: str) -> Actor:
    """Change the actor's own password after checking the current one and the policy, ending the account's
    other sessions; audited. The actor of this browser's new session."""
    account = session.get(UserAccount, actor.account_id)
    if account is None or not check_password_hash(account.password_hash, current):
        raise DomainError("Mật khẩu hiện tại không đúng.", field="current_password")
    if new != repeated:
        raise DomainError("Hai lần nhập mật khẩu mới không khớp.", field="repeated_password")
    if new == current:
        raise DomainError("Mật khẩu mới phải khác mật khẩu hiện tại.", field="new_password")
    problem = password_problem(new, account.username)
    if problem:
        raise DomainError(problem, field="new_password")
    before = {"must_change_password": account.must_change_password}
    account.password_hash = hash_password(new)
    account.must_change_password = False
    record(session, actor, "password_change", account, before=before, after={"must_change_password": False})
    version = end_sessions(session, account.id, actor, reason="Đổi mật khẩu")
    session.commit()
    return replace(actor, session_version=version, must_change_password=False)


def authenticate(session: Session, username: str, password: str) -> Actor | None:
    """Return the actor for valid credentials of an active account, else None; the caller commits."""
    row = session.exec(_account_query().where(UserAccount.username == username.strip().lower())).first()
    account, unit_code = row if row else (None, None)
    if account is None or not account.active or _service_ended(session, account):
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(account.password_hash, password):
        return None
    account.last_login_at = utcnow()
    actor = Actor.from_account(account, unit_code)
    record(session, actor, "login", account, before={}, after={"username": account.username})
    return actor


def _service_ended(session: Session, account: UserAccount) -> bool:
    """The account's person reached their end date and the sweep has not locked the account yet."""
    if account.person_id is None:
        return False
    left_on = session.exec(select(Person.left_on).where(Person.id == account.person_id)).first()
    return left_on is not None and left_on <= local_today()


def end_sessions(session: Session, account_id: int, actor: Actor | None = None, action: str = "sessions_ended",
                 reason: str = "") -> int:
    """End every session of an account (bump its session version, audited); the new version. The caller commits."""
    version = session.connection().execute(
        update(UserAccount).where(UserAccount.id == account_id)
        .values(session_version=UserAccount.session_version + 1).returning(UserAccount.session_version)).scalar_one()
    unit_id = session.exec(select(UserAccount.unit_id).where(UserAccount.id == account_id)).one()
    write(session, actor, action, "useraccount", account_id, unit_id, {"session_version": version - 1},
          {"session_version": version}, reason)
    return version


def logout(session: Session, actor: Actor) -> None:
    """Sign out for real: the cookie of this browser and of every other one stops working."""
    end_sessions(session, actor.account_id, actor, action="logout")
    session.commit()


def load_actor(session: Session, user_id: str) -> Actor | None:
    """Flask-Login's loader: the active account of the session cookie, if its session version is current."""
    account_id, _, version = user_id.partition(":")
    if not (account_id.isdigit() and version.isdigit()) or int(account_id) > INT_MAX or int(version) > INT_MAX:
        return None
    # Every request runs this: plain columns, no ORM object (measured in bench/diary_post.py).
    row = session.connection().execute(_ACTOR_QUERY, {"account_id": int(account_id), "version": int(version)}).first()
    return Actor(*row) if row else None


_ACTOR_QUERY = (
    select(UserAccount.id, UserAccount.username, UserAccount.role,
           func.coalesce(func.nullif(UserAccount.display_name, ""), UserAccount.username), UserAccount.person_id,
           UserAccount.unit_id, UserAccount.division_id, UserAccount.bloc_id, Unit.code, UserAccount.session_version,
           UserAccount.must_change_password)
    .outerjoin(Unit, Unit.id == UserAccount.unit_id)
    .where(UserAccount.id == bindparam("account_id"), UserAccount.active,
           UserAccount.session_version == bindparam("version"))
)


def _account_query():
    """An account with its unit's code (for links), in one query."""
    return select(UserAccount, Unit.code).outerjoin(Unit, Unit.id == UserAccount.unit_id)
