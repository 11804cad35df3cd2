"""The history of a catalogue item: its approved versions, each with its values and the dates it is in force."""
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

from ..models import CatalogueItem, CatalogueItemPosition, CatalogueItemVersion, JobPosition, UserAccount

VALUE_FIELDS = ("name", "unit_of_measure", "task_group", "coefficient", "standard_hours", "applies_to_all")
ALL_POSITIONS = "*"


def position_codes(session: Session, item: CatalogueItem) -> list[str]:
    """The codes of the positions the item applies to (["*"] for every position), sorted."""
    if item.applies_to_all:
        return [ALL_POSITIONS]
    return sorted(session.exec(
        select(JobPosition.code).join(CatalogueItemPosition, CatalogueItemPosition.position_id == JobPosition.id)
        .where(CatalogueItemPosition.item_id == item.id)).all())


def values_of(session: Session, item: CatalogueItem) -> dict:
    """The item's current values as a draft shows them (positions by code)."""
    return {"code": item.code, **{name: getattr(item, name) for name in VALUE_FIELDS},
            "positions": position_codes(session, item), "version": item.version}


def latest(session: Session, item_id: int) -> CatalogueItemVersion | None:
    """The item's newest version (the one a new change closes)."""
    return session.exec(select(CatalogueItemVersion).where(CatalogueItemVersion.item_id == item_id)
                        .order_by(CatalogueItemVersion.version.desc())).first()


def ensure_baseline(session: Session, item: CatalogueItem, approved_by_id: int | None = None,
                    approved_at: datetime | None = None) -> CatalogueItemVersion:
    """The item's newest version, recording its current values as the first one when it has no history yet
    (items seeded or made before the history existed)."""
    found = latest(session, item.id)
    if found is not None:
        return found
    version = CatalogueItemVersion(
        item_id=item.id, version=item.version, **{name: getattr(item, name) for name in VALUE_FIELDS},
        position_codes=position_codes(session, item), effective_from=item.effective_from,
        effective_to=item.effective_to, approved_by_id=approved_by_id, approved_at=approved_at or item.approved_at)
    session.add(version)
    session.flush()
    return version


def history(session: Session, item: CatalogueItem) -> list[tuple[CatalogueItemVersion, str]]:
    """The item's versions, newest first, each with the name of who approved it ("" for seeded ones)."""
    rows = session.exec(
        select(CatalogueItemVersion, UserAccount.display_name)
        .outerjoin(UserAccount, UserAccount.id == CatalogueItemVersion.approved_by_id)
        .where(CatalogueItemVersion.item_id == item.id).order_by(CatalogueItemVersion.version.desc())).all()
    return [(version, name or "") for version, name in rows]


def coefficient_on(session: Session, item: CatalogueItem, day: date) -> Decimal:
    """The K of the item's version in force on the day (the item's own K when no version covers it)."""
    version = in_force_on(session, item.id, day)
    # An open-ended version older than the row: a change written outside the drafts (facts.py says why).
    current = version is None or (version.effective_to is None and version.version != item.version)
    return item.coefficient if current else version.coefficient


def in_force_on(session: Session, item_id: int, day: date) -> CatalogueItemVersion | None:
    """The item's version in force on the day, if any."""
    for version in session.exec(select(CatalogueItemVersion).where(
            CatalogueItemVersion.item_id == item_id, CatalogueItemVersion.effective_from <= day)
            .order_by(CatalogueItemVersion.version.desc())):
        if version.effective_to is None or version.effective_to >= day:
            return version
    return None
