"""What the OKR pages show: objectives with their key results, values, progress and staleness, loaded in a few
batched queries, and the tree of a unit and period from the province down to people."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, or_
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..clock import LOCAL_TZ, local_today
from ..models import CheckIn, KeyResult, Objective, ObjectiveAlignment, Unit, UserAccount
from .access import visible_condition
from .measure import WorkFigure, work_figures
from .progress import Measured, key_result_progress, objective_progress

LEVEL_ORDER = {"province": 0, "bloc": 1, "unit": 2, "division": 3, "person": 4}


@dataclass
class KeyResultView:
    """A key result with its current value, progress, last check-in and whether it has gone stale."""

    key_result: KeyResult
    value: Decimal | None
    progress: Fraction
    last_check_in: CheckIn | None
    work: WorkFigure | None
    stale: bool


@dataclass
class ObjectiveView:
    """An objective with its key results, progress, names and its place in the alignment tree."""

    objective: Objective
    owner_name: str
    reviewer_name: str
    key_results: list[KeyResultView]
    progress: Fraction | None
    supports: list[int] = field(default_factory=list)
    supported_by: list[int] = field(default_factory=list)

    @property
    def stale_count(self) -> int:
        """Key results gone stale."""
        return sum(kr.stale for kr in self.key_results)


@dataclass
class Tree:
    """A unit's OKR for a period: the roots (the province's objectives), the unaligned ones, every view by id."""

    views: dict[int, ObjectiveView]
    roots: list[int]
    unaligned: list[int]

    def children(self, objective_id: int) -> list[ObjectiveView]:
        """The shown objectives supporting one, by level then title."""
        return _ordered(self.views[i] for i in self.views[objective_id].supported_by if i in self.views)


def _ordered(views) -> list[ObjectiveView]:
    """Views by level, then id (the order they were set)."""
    return sorted(views, key=lambda v: (LEVEL_ORDER[v.objective.level], v.objective.id))


def load_views(session: Session, objectives: list[Objective], stale_days: int, today: date | None = None
               ) -> dict[int, ObjectiveView]:
    """Views of the objectives: key results, values and progress in four batched queries."""
    today = today or local_today()
    ids = [o.id for o in objectives]
    if not ids:
        return {}
    key_results = session.exec(select(KeyResult).where(KeyResult.objective_id.in_(ids))
                               .order_by(KeyResult.sort_order, KeyResult.id)).all()
    figures = work_figures(session, [kr.id for kr in key_results if kr.measured_by == "items"])
    latest = latest_check_ins(session, [kr.id for kr in key_results])
    by_objective = defaultdict(list)
    objectives_by_id = {o.id: o for o in objectives}
    for kr in key_results:
        objective = objectives_by_id[kr.objective_id]
        by_objective[kr.objective_id].append(
            key_result_view(kr, figures.get(kr.id), latest.get(kr.id), objective, stale_days, today))
    names = _account_names(session, {o.owner_id for o in objectives} | {o.reviewer_id for o in objectives})
    views = {o.id: ObjectiveView(o, names.get(o.owner_id, ""), names.get(o.reviewer_id, ""), by_objective[o.id],
                                 objective_progress(Measured(v.key_result.weight, v.progress)
                                                    for v in by_objective[o.id]))
             for o in objectives}
    alignments = select(ObjectiveAlignment.objective_id, ObjectiveAlignment.supports_id).where(
        or_(ObjectiveAlignment.objective_id.in_(ids), ObjectiveAlignment.supports_id.in_(ids)))
    for objective_id, supports_id in session.exec(alignments).all():
        if objective_id in views:
            views[objective_id].supports.append(supports_id)
        if supports_id in views:
            views[supports_id].supported_by.append(objective_id)
    return views


def key_result_view(kr: KeyResult, work: WorkFigure | None, last: CheckIn | None, objective: Objective,
                    stale_days: int, today: date) -> KeyResultView:
    """One key result's value (from work, or the last check-in), progress and staleness."""
    value = work.value if kr.measured_by == "items" else (last.value if last else None)
    progress = key_result_progress(kr.baseline, kr.target, value, kr.allow_over)
    return KeyResultView(kr, value, progress, last, work, is_stale(kr, work, last, objective, stale_days, today))


def is_stale(kr: KeyResult, work: WorkFigure | None, last: CheckIn | None, objective: Objective, stale_days: int,
             today: date) -> bool:
    """No check-in and no new approved work for stale_days, in a running (not closed) objective's period."""
    if objective.state == "closed" or today < objective.starts_on:
        return False
    moments = [kr.created_at, last.created_at if last else None, work.last_approved if work else None]
    newest = max(_as_date(m) for m in moments if m is not None)
    return newest < today - timedelta(days=stale_days)


def _as_date(moment: datetime) -> date:
    """The local day of a stored UTC moment (SQLite gives it back without its zone)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(LOCAL_TZ).date()


def latest_check_ins(session: Session, key_result_ids: list[int]) -> dict[int, CheckIn]:
    """The latest check-in of each key result, in one query."""
    if not key_result_ids:
        return {}
    newest = (select(func.max(CheckIn.id)).where(CheckIn.key_result_id.in_(key_result_ids))
              .group_by(CheckIn.key_result_id))
    return {c.key_result_id: c for c in session.exec(select(CheckIn).where(CheckIn.id.in_(newest))).all()}


def check_in_history(session: Session, key_result_ids: list[int]) -> dict[int, list[CheckIn]]:
    """Every check-in of the key results, newest first."""
    history = defaultdict(list)
    if key_result_ids:
        for row in session.exec(select(CheckIn).where(CheckIn.key_result_id.in_(key_result_ids))
                                .order_by(CheckIn.id.desc())).all():
            history[row.key_result_id].append(row)
    return history


def _account_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Display names of accounts."""
    rows = session.exec(select(UserAccount.id, UserAccount.display_name, UserAccount.username)
                        .where(UserAccount.id.in_(ids))).all()
    return {i: name or username for i, name, username in rows}


def unit_tree(session: Session, actor: Actor, unit: Unit, first: date, last: date, stale_days: int) -> Tree:
    """The unit's OKR over a period: the province's and its bloc's objectives, the unit's, its divisions' and
    people's, as far as the actor may see them, with the alignments between them."""
    relevant = or_(Objective.level == "province", (Objective.level == "bloc") & (Objective.bloc_id == unit.bloc_id),
                   Objective.unit_id == unit.id)
    objectives = session.exec(select(Objective).where(
        relevant, visible_condition(session, actor), Objective.starts_on <= last, Objective.ends_on >= first)
        .order_by(Objective.id)).all()
    views = load_views(session, list(objectives), stale_days)
    roots = [v.objective.id for v in _ordered(views.values()) if v.objective.level == "province"]
    unaligned = [v.objective.id for v in _ordered(views.values())
                 if v.objective.level != "province" and not v.supports]
    return Tree(views, roots, unaligned)


def unit_level_views(session: Session, unit_id: int, first: date, last: date, stale_days: int) -> list[ObjectiveView]:
    """The unit-level objectives of a unit over a period, with their progress (what the head's đ may be taken
    from; no actor: the caller has checked the scope)."""
    objectives = session.exec(select(Objective).where(
        Objective.level == "unit", Objective.unit_id == unit_id, Objective.starts_on <= last,
        Objective.ends_on >= first).order_by(Objective.id)).all()
    return _ordered(load_views(session, list(objectives), stale_days).values())
