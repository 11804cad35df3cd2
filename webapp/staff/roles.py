"""Changing an account's role: the admin any role, a unit's officer the unit roles within their unit only."""
from sqlmodel import Session

from ..audit import record
from ..auth.accounts import managed_account
from ..auth.actor import Actor
from ..errors import DomainError, Forbidden
from ..models import Unit, UserAccount
from ..models.people import ROLES
from ..org.lines import reset_default_lines
from .access import OFFICER_ROLES


def change_role(session: Session, actor: Actor, account_id: int, role: str) -> UserAccount:
    """Give the account another role (never one's own account; the officer never admin or organiser, nor
    over such an account); audited before/after."""
    account = managed_account(session, actor, account_id)  # scope, and never the actor's own account
    if role not in ROLES:
        raise DomainError("Vai trò không hợp lệ.", field="role")
    if actor.role != "admin" and (role not in OFFICER_ROLES or account.role not in OFFICER_ROLES):
        raise Forbidden("Cán bộ tổ chức chỉ giao các vai trò cán bộ, lãnh đạo phòng, thủ trưởng và cán bộ tổ chức.")
    if role == account.role:
        return account
    before = {"role": account.role, "bloc_id": account.bloc_id}
    account.role = role
    if role == "organiser" and account.unit_id:  # an organiser's scope is the bloc of their unit
        account.bloc_id = session.get(Unit, account.unit_id).bloc_id
    record(session, actor, "account_role", account, before=before, after={"role": role, "bloc_id": account.bloc_id})
    if account.unit_id:  # a new manager or head changes the default lines (its query flushes the role first)
        reset_default_lines(session, account.unit_id)
    session.commit()
    return account
