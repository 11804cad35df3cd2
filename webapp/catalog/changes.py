"""Reading catalogue drafts for the approval page and the to-do lists: each draft as before → after per field."""
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, func, select

from ..auth.actor import Actor
from ..clock import utcnow
from ..models import CatalogueBatch, CatalogueDraft, JobPosition, Unit, UserAccount
from .versions import ALL_POSITIONS

FIELD_LABELS = {"code": "Mã", "name": "Tên", "unit_of_measure": "Đơn vị tính", "task_group": "Nhóm",
                "coefficient": "Hệ số K", "standard_hours": "Giờ chuẩn", "positions": "Vị trí việc làm áp dụng"}
READERS = ("head", "personnel", "admin", "organiser")  # who reads the drafts (the organiser: read-only)
DECIDED_SHOWN = 50
RECENT = timedelta(days=30)


@dataclass(frozen=True)
class FieldChange:
    """One field of a draft: its label, the value before and after, and whether it changes."""

    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class DraftView:
    """A draft with its field changes."""

    draft: CatalogueDraft
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class BatchView:
    """A batch, who proposed it, and its drafts."""

    batch: CatalogueBatch
    proposer: str
    drafts: tuple[DraftView, ...]

    @property
    def pending(self) -> int:
        """Drafts still waiting for the head."""
        return sum(d.draft.state == "pending" for d in self.drafts)


def batches(session: Session, unit: Unit, pending: bool) -> list[BatchView]:
    """The unit's batches with pending drafts (oldest first), or its latest decided ones (newest first)."""
    query = select(CatalogueDraft).where(CatalogueDraft.unit_id == unit.id)
    query = query.where(CatalogueDraft.state == "pending") if pending else query.where(
        CatalogueDraft.state != "pending").order_by(CatalogueDraft.decided_at.desc()).limit(DECIDED_SHOWN)
    drafts = list(session.exec(query.order_by(CatalogueDraft.id)))
    ids = sorted({d.batch_id for d in drafts}, reverse=not pending)
    found = {b.id: b for b in session.exec(select(CatalogueBatch).where(CatalogueBatch.id.in_(ids)))} if ids else {}
    names = _names(session, {b.proposed_by_id for b in found.values()})
    labels = position_names(session, unit)
    return [BatchView(found[i], names.get(found[i].proposed_by_id, ""),
                      tuple(_view(d, labels) for d in drafts if d.batch_id == i)) for i in ids]


def one_batch(session: Session, batch: CatalogueBatch, unit: Unit) -> BatchView:
    """One batch with all its drafts (after a decision)."""
    drafts = session.exec(select(CatalogueDraft).where(CatalogueDraft.batch_id == batch.id)
                          .order_by(CatalogueDraft.id)).all()
    labels = position_names(session, unit)
    return BatchView(batch, _names(session, {batch.proposed_by_id}).get(batch.proposed_by_id, ""),
                     tuple(_view(d, labels) for d in drafts))


def unit_pending(session: Session, unit: Unit) -> int:
    """Drafts of the unit waiting for the head."""
    return session.exec(select(func.count(CatalogueDraft.id)).where(CatalogueDraft.unit_id == unit.id,
                                                                     CatalogueDraft.state == "pending")).one()


def pending_for_head(session: Session, actor: Actor) -> int:
    """Drafts of the actor's unit waiting for them (the head's to-do); 0 for other roles."""
    if actor.role != "head" or not actor.unit_id:
        return 0
    return session.exec(select(func.count(CatalogueDraft.id)).where(CatalogueDraft.unit_id == actor.unit_id,
                                                                     CatalogueDraft.state == "pending")).one()


def recently_decided(session: Session, actor: Actor) -> list[CatalogueDraft]:
    """The proposer's drafts decided in the last 30 days (the officer's to-do), newest first."""
    if actor.role not in ("personnel", "admin"):
        return []
    return list(session.exec(
        select(CatalogueDraft).join(CatalogueBatch, CatalogueBatch.id == CatalogueDraft.batch_id)
        .where(CatalogueBatch.proposed_by_id == actor.account_id, CatalogueDraft.state.in_(("approved", "rejected")),
               CatalogueDraft.decided_at >= utcnow() - RECENT)
        .order_by(CatalogueDraft.decided_at.desc()).limit(20)))


def position_names(session: Session, unit: Unit) -> dict[str, str]:
    """Position code → name for the unit."""
    return dict(session.exec(select(JobPosition.code, JobPosition.name).where(JobPosition.unit_id == unit.id)).all())


def _names(session: Session, account_ids: set[int]) -> dict[int, str]:
    """Display names of accounts."""
    if not account_ids:
        return {}
    return dict(session.exec(select(UserAccount.id, UserAccount.display_name)
                             .where(UserAccount.id.in_(account_ids))).all())


def _view(draft: CatalogueDraft, labels: dict[str, str]) -> DraftView:
    """Before → after of each field (a retired item: after is empty)."""
    return DraftView(draft, tuple(
        FieldChange(label, shown(name, draft.before.get(name), labels), shown(name, draft.after.get(name), labels))
        for name, label in FIELD_LABELS.items()))


def shown(name: str, value, labels: dict[str, str]) -> str:
    """A stored value as the page shows it: decimals with a comma, positions by name."""
    if value is None or value == "":
        return ""
    if name == "positions":
        return "Tất cả vị trí" if value == [ALL_POSITIONS] else "; ".join(labels.get(c, c) for c in value)
    if name in ("coefficient", "standard_hours"):
        return str(value).replace(".", ",")
    return str(value)
