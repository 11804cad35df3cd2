"""What the pages and the reports read: the index of units for a month with bloc and province roll-ups, one unit's
divisions, and a unit's trend. Only the summary rows are read (never the diary); scope is checked here.

Roll-ups follow indicators.roll_up, always from the unit rows themselves: a bloc from its units, the province
from every unit (not from the blocs, so a unit's weight never depends on how its bloc's figures came out).
"""
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import require_role, require_unit
from ..errors import Forbidden, NotFound
from ..models import Bloc, Division, PerformanceSummary, Unit
from ..months import month_key
from .indicators import STAGES, Figures, roll_up
from .refresh import refreshed_at

VIEWERS = ("admin", "organiser", "head", "personnel")
PROVINCE_ROLES = ("admin", "organiser")
PROVINCE = "Toàn tỉnh"


@dataclass(frozen=True)
class IndexRow:
    """One line of the index: a unit, a division, a bloc or the province, with its figures."""

    kind: str  # "unit", "division", "bloc", "province"
    label: str
    figures: Figures
    unit_id: int | None = None
    unit_code: str | None = None
    division_id: int | None = None
    bloc_id: int | None = None
    full_name: str = ""  # a unit's full name (the label is its short name)


@dataclass(frozen=True)
class IndexTable:
    """The units of a month in scope, their blocs' roll-ups and (for the whole province) the province's."""

    month: date
    units: list[IndexRow]
    blocs: list[IndexRow]
    province: IndexRow | None
    refreshed_at: datetime | None


@dataclass(frozen=True)
class TrendPoint:
    """A unit's figures for one month of its trend (None: no summary for that month)."""

    month: date
    figures: Figures | None


def figures_of(row) -> Figures:
    """A stored row (a PerformanceSummary or a plain row of its columns) as the pure module's figures."""
    stages = {state: getattr(row, state) for state in STAGES}
    return Figures(
        headcount=row.headcount, stages=stages, no_sheet=row.no_sheet, evaluated=row.evaluated,
        evaluated_share=row.evaluated_share, points_sum=row.points_sum, average_points=row.average_points,
        bands=dict(row.bands or {}), top_count=row.top_count, top_share=row.top_share, cap_base=row.cap_base,
        cap_allowed=row.cap_allowed, cap_over=row.cap_over, units_over_cap=1 if row.cap_over else 0,
        assigned=row.assigned, completed=row.completed, completion=row.completion, entries=row.entries,
        on_time=row.on_time, on_time_share=row.on_time_share, overdue=row.overdue, working_days=row.working_days,
        diary_days=row.diary_days, coverage=row.coverage, okr_progress=row.okr_progress, okr_pace=row.okr_pace)


def plain_rows(result) -> list[SimpleNamespace]:
    """A result's rows as plain objects: a Row's attribute lookup by name costs ~1 µs, and a page of 166 units reads
    40 of them a row (5 ms of the province page)."""
    keys = list(result.keys())
    return [SimpleNamespace(**dict(zip(keys, values))) for values in result.all()]


def require_province_viewer(actor: Actor) -> None:
    """The index across units is for the province's organisers (their bloc) and the administrator (all)."""
    require_role(actor, *PROVINCE_ROLES)
    if actor.role == "organiser" and not actor.bloc_id:
        raise Forbidden("Tài khoản của bạn không gắn với khối nào.")


def index_table(session: Session, actor: Actor, month: date, bloc_id: int | None = None) -> IndexTable:
    """The month's unit rows in scope (an organiser: their bloc whatever is asked; the admin: all or one bloc),
    by unit id (the page sorts them by name or figure; the database's collation cost a millisecond), with one
    roll-up per bloc and the province's when every bloc is shown."""
    require_province_viewer(actor)
    if actor.role == "organiser":
        if bloc_id is not None and bloc_id != actor.bloc_id:
            raise Forbidden("Cơ quan tổ chức chỉ xem được các cơ quan, đơn vị thuộc khối của mình.")
        bloc_id = actor.bloc_id
    # Plain rows, not ORM objects: 166 units × 40 columns as entities cost more than the rest of the page.
    query = (select(*PerformanceSummary.__table__.c, Unit.short_name, Unit.name, Unit.code,
                    Unit.bloc_id.label("unit_bloc_id"))
             .join(Unit, Unit.id == PerformanceSummary.unit_id)
             .where(PerformanceSummary.month == month_key(month), PerformanceSummary.division_key == 0, Unit.active)
             .order_by(Unit.id))
    if bloc_id is not None:
        query = query.where(Unit.bloc_id == bloc_id)
    found = plain_rows(session.connection().execute(query))
    units = [IndexRow("unit", row.short_name, figures_of(row), row.unit_id, row.code, None, row.unit_bloc_id,
                      row.name) for row in found]
    blocs = []
    for bloc in session.exec(select(Bloc).order_by(Bloc.id)).all():
        members = [r.figures for r in units if r.bloc_id == bloc.id]
        if members:
            blocs.append(IndexRow("bloc", bloc.name, roll_up(members), bloc_id=bloc.id))
    province = IndexRow("province", PROVINCE, roll_up(r.figures for r in units)) if bloc_id is None and units else None
    stamps = [row.refreshed_at for row in found]
    return IndexTable(month, units, blocs, province, min(stamps) if stamps else None)


def unit_index(session: Session, actor: Actor, unit_id: int, month: date) -> tuple[IndexRow | None, list[IndexRow]]:
    """A unit's row and its divisions' rows for the month, within scope (organiser: their bloc; head and
    personnel officer: their own unit)."""
    require_role(actor, *VIEWERS)
    unit = require_unit(actor, session.get(Unit, unit_id))
    found = session.exec(select(PerformanceSummary, Division).outerjoin(
        Division, Division.id == PerformanceSummary.division_id).where(
        PerformanceSummary.unit_id == unit.id, PerformanceSummary.month == month_key(month))
        .order_by(PerformanceSummary.division_key)).all()
    own, divisions = None, []
    for row, division in found:
        if division is None:
            own = IndexRow("unit", unit.short_name, figures_of(row), unit.id, unit.code, None, unit.bloc_id, unit.name)
        else:
            divisions.append(IndexRow("division", division.name, figures_of(row), unit.id, unit.code, division.id,
                                      unit.bloc_id))
    divisions.sort(key=lambda r: r.label)
    return own, divisions


def refreshed(session: Session, month: date, unit_ids: list[int]) -> datetime | None:
    """When the month's rows of these units were written (the oldest of them); None when never."""
    return refreshed_at(session, month_key(month), unit_ids)


def trend_months(last_month: date, months: int) -> list[date]:
    """The first days of the `months` months ending with last_month's, oldest first."""
    index = last_month.year * 12 + last_month.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def unit_trend(session: Session, actor: Actor, unit_id: int, last_month: date, months: int = 12) -> list[TrendPoint]:
    """The unit's figures for each of the `months` months ending with last_month (within scope)."""
    require_role(actor, *VIEWERS)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy cơ quan, đơn vị.")
    require_unit(actor, unit)
    wanted = trend_months(last_month, months)
    rows = session.exec(select(PerformanceSummary).where(
        PerformanceSummary.unit_id == unit.id, PerformanceSummary.division_key == 0,
        PerformanceSummary.month >= month_key(wanted[0]), PerformanceSummary.month <= month_key(wanted[-1]))).all()
    by_month = {row.month: figures_of(row) for row in rows}
    return [TrendPoint(first, by_month.get(month_key(first))) for first in wanted]
