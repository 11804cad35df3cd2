"""Who sees whose working hours, and for which month; the figures come from the report's aggregation
(reports.documents.hours_summary), so the page and the printed form never disagree."""
from datetime import date

from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import own_and_managed_ids, require_role
from ..clock import local_today
from ..errors import DomainError, Forbidden, NotFound
from ..models import Division, Unit
from ..months import parse_month
from ..periods.service import last_day_of_month
from ..reports.documents import LONG_DAY, hours_summary
from .cells import day_cells

VIEWERS = ("manager", "head", "personnel")


def hours_month(text: str | None, today: date) -> date:
    """"11/2026" (or "2026-11") → 1 Nov 2026 (default: this month); never a month still to come."""
    if not text:
        return today.replace(day=1)
    first = parse_month(text, field="month")
    if first > today:
        raise DomainError("Chưa có giờ làm việc của tháng chưa đến.", field="month")
    return first


def divisions_in_view(session: Session, actor: Actor) -> list[Division]:
    """The divisions the actor may choose: a manager their own, the head and personnel any of the unit."""
    query = select(Division).where(Division.unit_id == actor.unit_id).order_by(Division.sort_order, Division.name)
    if actor.role == "manager":
        query = query.where(Division.id == actor.division_id)
    return list(session.exec(query).all())


def summary(session: Session, actor: Actor, month: str | None = None, division_id: int | None = None) -> dict:
    """Hours per person per day of a division (or, for the head and personnel, the whole unit) and a
    month, against 8 h per working day; days above 10 h and totals below half the standard flagged.
    The current month counts up to today, so its standard is the standard to date."""
    require_role(actor, *VIEWERS)
    unit = session.get(Unit, actor.unit_id) if actor.unit_id else None
    if unit is None:
        raise Forbidden("Tài khoản của bạn không gắn với cơ quan, đơn vị nào.")
    today = local_today()
    first = hours_month(month, today)
    last = last_day_of_month(first)
    end = min(last, today)
    division = _division(session, actor, division_id)
    reach = own_and_managed_ids(session, actor, division.id) if actor.role == "manager" else None
    data = hours_summary(session, unit, first, end, division, reach)
    return {"summary": data, "day_cells": day_cells, "month": first,
            "to_date": end < last, "end": end, "today": today, "long_day": LONG_DAY,
            "division": division, "divisions": divisions_in_view(session, actor),
            "unit_wide": actor.role != "manager"}


def _division(session: Session, actor: Actor, division_id: int | None) -> Division | None:
    """The chosen division within scope; a manager always gets their own."""
    if actor.role == "manager":
        if division_id and division_id != actor.division_id:
            raise Forbidden("Lãnh đạo phòng chỉ xem được bảng giờ làm việc của phòng mình.")
        division = session.get(Division, actor.division_id) if actor.division_id else None
        if division is None:
            raise Forbidden("Tài khoản của bạn không gắn với phòng, ban nào.")
        return division
    if not division_id:
        return None
    division = session.get(Division, division_id)
    if division is None or division.unit_id != actor.unit_id:
        raise NotFound("Không tìm thấy phòng, ban trong cơ quan, đơn vị của bạn.")
    return division
