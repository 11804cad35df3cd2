"""Who may read the pilot review, and which units it holds.

The choice (issue #12, plan item 8): the review exists to compare all four pilot units at one conference, and the
plan names the Ban Tổ chức Tỉnh ủy, the Ủy ban MTTQ tỉnh and the Sở Nội vụ together as its hosts — the three
province-level organisers ("Cơ quan tổ chức cấp tỉnh"). So the administrator and every organiser see all the pilot
units, whatever their bloc; nobody else does (a pilot unit's own officers have their unit's reports). It holds
only per-unit aggregates and catalogue items, no person's data, so this widens no one's view of people.
"""
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..errors import Forbidden
from ..models import Unit

VIEWERS = ("admin", "organiser")
REFUSAL = "Báo cáo tổng kết thí điểm dành cho quản trị hệ thống và cơ quan tổ chức cấp tỉnh."


def may_view(actor: Actor) -> bool:
    """The administrator and the province-level organisers."""
    return actor.role in VIEWERS


def require_viewer(actor: Actor) -> None:
    """Refuse anyone else."""
    if not may_view(actor):
        raise Forbidden(REFUSAL)


def pilot_units(session: Session) -> list[Unit]:
    """The active pilot units, in the order the plan names them (the seeds' order)."""
    return list(session.exec(select(Unit).where(Unit.is_pilot, Unit.active).order_by(Unit.id)))
