"""Catalogue drafts of Sở Nội vụ: its officer, head and staff as actors, and proposals in plain values."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from webapp.auth.actor import Actor
from webapp.catalog import decisions, drafts
from webapp.catalog.drafts import Proposal
from webapp.models import CatalogueItem, Unit, UserAccount

UNIT = "so-noi-vu"


@dataclass
class Office:
    """The unit with its personnel officer, head and a staff member (accounts)."""

    unit: Unit
    officer: UserAccount
    head: UserAccount
    staff: UserAccount


def office(session: Session, code: str = UNIT) -> Office:
    """The seeded unit's officer, head and first staff member."""
    unit = session.exec(select(Unit).where(Unit.code == code)).one()
    accounts = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id).order_by(UserAccount.id)).all()
    first = {role: next(a for a in accounts if a.role == role) for role in ("personnel", "head", "staff")}
    return Office(unit, first["personnel"], first["head"], first["staff"])


def actor(account: UserAccount, unit_code: str = UNIT) -> Actor:
    """The service-level actor of an account."""
    return Actor.from_account(account, unit_code)


def item(session: Session, unit: Unit, code: str = "SNV-001") -> CatalogueItem:
    """A seeded item by code (SNV-001: every position, K = 1,00)."""
    return session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id, CatalogueItem.code == code)).one()


def new_item(code: str = "SNV-NEW-1", k: str = "1.20", **kw) -> Proposal:
    """A new item for every position."""
    values = {"name": "Thẩm định đề án vị trí việc làm", "unit_of_measure": "hồ sơ", "task_group": "C",
              "coefficient": Decimal(k), "standard_hours": Decimal("6"), "positions": ("*",), **kw}
    return Proposal(kind="new", code=code, **values)


def new_k(code: str, k: str) -> Proposal:
    """A change of K only."""
    return Proposal(kind="change", code=code, coefficient=Decimal(k))


def approved_change(session: Session, o: Office, proposal: Proposal, day: date, reason: str = "Rà soát danh mục"):
    """Proposed by the officer and approved by the head; the batch."""
    batch = drafts.propose(session, actor(o.officer), o.unit, proposal, day, reason)
    decisions.approve(session, actor(o.head), batch.id)
    return batch
