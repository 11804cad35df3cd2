"""The context of each OKR page: what the views render, built from the queries and the access rules."""
from datetime import date

from flask import current_app
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import require_unit, units_in_scope
from ..clock import local_today
from ..errors import DomainError, NotFound
from ..models import CatalogueItem, KeyResult, KeyResultItem, Objective, Unit
from ..reports.periods import PeriodRange, parse_period
from .access import ABOVE, LEVEL_LABELS, reviewer_candidates, scope_name, scope_of_new, visible, visible_condition
from .measure import counted_entries
from .queries import check_in_history, load_views, unit_tree
from .service import same_branch

DRILL_SHOWN = 500


def stale_days() -> int:
    """The configured number of days after which a key result without news is stale."""
    return int(current_app.config.get("OKR_STALE_DAYS", 14))


def quarter_of(day: date) -> str:
    """The key of the day's quarter ("2026-Q4")."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def okr_period(text: str | None) -> PeriodRange:
    """The quarter or year typed or linked (this quarter when none)."""
    span = parse_period(text or quarter_of(local_today()))
    if span.kind not in ("quarter", "year"):
        raise DomainError("Mục tiêu theo dõi theo quý hoặc năm (ví dụ: Quý 4/2026 hoặc 2026).", field="period")
    return span


def home_unit(session: Session, actor: Actor, code: str | None = None) -> Unit | None:
    """The unit chosen by code, or the one the navigation opens: the actor's own, or the first of their bloc."""
    if code:
        return require_unit(actor, session.exec(select(Unit).where(Unit.code == code[:64])).first())
    if actor.unit_id:
        return session.get(Unit, actor.unit_id)
    return session.exec(units_in_scope(actor).order_by(Unit.name)).scalars().first()  # a plain Select: rows


def unit_page(session: Session, actor: Actor, code: str, period_text: str | None) -> dict:
    """Mục tiêu và kết quả then chốt of a unit and period: the tree and the unaligned list."""
    unit = require_unit(actor, session.exec(select(Unit).where(Unit.code == code)).first())
    span = okr_period(period_text)
    tree = unit_tree(session, actor, unit, span.first, span.last, stale_days())
    return {"unit": unit, "span": span, "tree": tree, "levels": settable_levels(session, actor),
            "units": session.exec(units_in_scope(actor).order_by(Unit.name)).scalars().all()
            if actor.role in ("organiser", "admin") else []}


def settable_levels(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """The levels the actor may set objectives at."""
    levels = []
    for level, label in LEVEL_LABELS.items():
        try:
            scope_of_new(session, actor, level)
        except DomainError:
            continue
        levels.append((level, label))
    return levels


def new_objective(session: Session, actor: Actor, level: str) -> dict:
    """The new-objective form's choices: the reviewers allowed at the level."""
    if level not in LEVEL_LABELS:
        raise NotFound("Cấp của mục tiêu không hợp lệ.")
    scope = scope_of_new(session, actor, level)
    return {"level": level, "level_label": LEVEL_LABELS[level],
            "reviewers": reviewer_candidates(session, level, scope, actor.account_id)}


def objective_page(session: Session, actor: Actor, objective_id: int) -> dict:
    """An objective's page: its key results with history, what it supports and what supports it."""
    objective = visible(session, actor, objective_id)
    view = load_views(session, [objective], stale_days())[objective.id]
    neighbours = visible_objectives(session, actor, view.supports + view.supported_by)
    neighbour_views = load_views(session, neighbours, stale_days())
    return {
        "view": view, "scope_name": scope_name(session, objective), "level_label": LEVEL_LABELS[objective.level],
        "supports": [neighbour_views[i] for i in view.supports if i in neighbour_views],
        "supported_by": [neighbour_views[i] for i in view.supported_by if i in neighbour_views],
        "history": check_in_history(session, [kr.key_result.id for kr in view.key_results]),
        "is_owner": objective.owner_id == actor.account_id, "is_reviewer": objective.reviewer_id == actor.account_id,
        "align_choices": align_choices(session, actor, objective, set(view.supports)),
        "items": unit_items(session, objective),
        "linked": linked_items(session, [kr.key_result.id for kr in view.key_results]),
        "reviewers": reviewer_candidates(session, objective.level, _scope(objective), objective.owner_id),
        "home": session.get(Unit, objective.unit_id) if objective.unit_id else None,
    }


def visible_objectives(session: Session, actor: Actor, ids: list[int]) -> list[Objective]:
    """The objectives of the ids the actor may see."""
    if not ids:
        return []
    return list(session.exec(select(Objective).where(Objective.id.in_(ids), visible_condition(session, actor))).all())


def align_choices(session: Session, actor: Actor, objective: Objective, taken: set[int]) -> list[Objective]:
    """Objectives of the level above this one may support (visible, running, same branch, period containing)."""
    level = ABOVE.get(objective.level)
    if level is None or objective.owner_id != actor.account_id or objective.state == "closed":
        return []
    rows = session.exec(select(Objective).where(
        Objective.level == level, Objective.state != "closed", Objective.starts_on <= objective.starts_on,
        Objective.ends_on >= objective.ends_on, visible_condition(session, actor)).order_by(Objective.id)).all()
    return [o for o in rows if o.id not in taken and same_branch(session, objective, o)]


def unit_items(session: Session, objective: Objective) -> list[CatalogueItem]:
    """The active catalogue items of the objective's unit (what a key result from work may link)."""
    if objective.unit_id is None:
        return []
    return list(session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == objective.unit_id,
                                                         CatalogueItem.active).order_by(CatalogueItem.code)).all())


def linked_items(session: Session, key_result_ids: list[int]) -> dict[int, list[CatalogueItem]]:
    """The items linked to each key result."""
    linked: dict[int, list[CatalogueItem]] = {i: [] for i in key_result_ids}
    if key_result_ids:
        for kr_id, item in session.exec(select(KeyResultItem.key_result_id, CatalogueItem)
                                        .join(CatalogueItem, CatalogueItem.id == KeyResultItem.item_id)
                                        .where(KeyResultItem.key_result_id.in_(key_result_ids))
                                        .order_by(CatalogueItem.code)).all():
            linked[kr_id].append(item)
    return linked


def drill_down(session: Session, actor: Actor, key_result_id: int) -> dict:
    """The approved entries a key result from work counts (the first DRILL_SHOWN), within the actor's sight."""
    key_result = session.get(KeyResult, key_result_id)
    if key_result is None:
        raise NotFound("Không tìm thấy kết quả then chốt.")
    objective = visible(session, actor, key_result.objective_id)
    view = load_views(session, [objective], stale_days())[objective.id]
    kr_view = next(v for v in view.key_results if v.key_result.id == key_result.id)
    return {"kr": kr_view, "objective": objective, "entries": counted_entries(session, key_result.id, DRILL_SHOWN),
            "shown": DRILL_SHOWN}


def key_result_block(session: Session, actor: Actor, key_result_id: int) -> dict:
    """One key result's block on its objective's page (after an inline check-in or a link)."""
    key_result = session.get(KeyResult, key_result_id)
    if key_result is None:
        raise NotFound("Không tìm thấy kết quả then chốt.")
    objective = visible(session, actor, key_result.objective_id)
    view = load_views(session, [objective], stale_days())[objective.id]
    return {"view": view, "kr": next(v for v in view.key_results if v.key_result.id == key_result.id),
            "history": check_in_history(session, [key_result.id]), "linked": linked_items(session, [key_result.id]),
            "items": unit_items(session, objective), "is_owner": objective.owner_id == actor.account_id}


def _scope(objective: Objective) -> dict:
    """The objective's scope columns."""
    return {"bloc_id": objective.bloc_id, "unit_id": objective.unit_id, "division_id": objective.division_id,
            "person_id": objective.person_id}
