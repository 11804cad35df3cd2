"""Signing in: password checks with scrypt and the login audit."""
from sqlalchemy import bindparam, func
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import record
from ..clock import utcnow
from ..models import Unit, UserAccount
from .actor import Actor

# A hash to compare against when the username is unknown, so both paths take the same time.
_DUMMY_HASH = generate_password_hash("không-có-tài-khoản")


def hash_password(password: str) -> str:
    """Hash with werkzeug's scrypt."""
    return generate_password_hash(password, method="scrypt")


def authenticate(session: Session, username: str, password: str) -> Actor | None:
    """Return the actor for valid credentials of an active account, else None."""
    row = session.exec(_account_query().where(UserAccount.username == username.strip().lower())).first()
    account, unit_code = row if row else (None, None)
    if account is None or not account.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(account.password_hash, password):
        return None
    account.last_login_at = utcnow()
    actor = Actor.from_account(account, unit_code)
    record(session, actor, "login", account, before={}, after={"username": account.username})
    session.commit()
    return actor


def load_actor(session: Session, account_id: str) -> Actor | None:
    """Flask-Login's loader: the active account of the session cookie."""
    if not account_id.isdigit():
        return None
    # Every request runs this: plain columns, no ORM object (measured in bench/diary_post.py).
    row = session.connection().execute(_ACTOR_QUERY, {"account_id": int(account_id)}).first()
    return Actor(*row) if row else None


_ACTOR_QUERY = (
    select(UserAccount.id, UserAccount.username, UserAccount.role,
           func.coalesce(func.nullif(UserAccount.display_name, ""), UserAccount.username), UserAccount.person_id,
           UserAccount.unit_id, UserAccount.division_id, UserAccount.bloc_id, Unit.code)
    .outerjoin(Unit, Unit.id == UserAccount.unit_id)
    .where(UserAccount.id == bindparam("account_id"), UserAccount.active)
)


def _account_query():
    """An account with its unit's code (for links), in one query."""
    return select(UserAccount, Unit.code).outerjoin(Unit, Unit.id == UserAccount.unit_id)
