"""The OKR part of the home page: the person's running objectives, and the stale key results (no check-in and no
new approved work for the configured days) of objectives the actor owns or reviews — from one query."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, false, or_
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..models import Objective
from .queries import ObjectiveView, load_views

SHOWN = 20


@dataclass(frozen=True)
class StaleKeyResult:
    """A key result gone stale, whose objective the actor owns (to check in) or reviews (to follow up)."""

    objective_id: int
    objective_title: str
    key_result_title: str
    as_owner: bool


@dataclass(frozen=True)
class HomeOkr:
    """The person's running objectives and the actor's stale key results."""

    own: list[ObjectiveView] = field(default_factory=list)
    stale: list[StaleKeyResult] = field(default_factory=list)


def home_okr(session: Session, actor: Actor, person_id: int | None, today: date, stale_days: int) -> HomeOkr:
    """One query for the objectives the home page needs, then their key results only if there are any."""
    mine = or_(Objective.owner_id == actor.account_id, Objective.reviewer_id == actor.account_id)
    running = and_(Objective.state != "closed", Objective.starts_on <= today)
    own = and_(Objective.level == "person", Objective.person_id == person_id) if person_id else false()
    objectives = session.exec(select(Objective).where(
        or_(and_(mine, running), and_(own, Objective.starts_on <= today, Objective.ends_on >= today)))
        .order_by(Objective.starts_on, Objective.id).limit(200)).all()
    views = load_views(session, list(objectives), stale_days, today)
    found = []
    for view in views.values():
        objective = view.objective
        if objective.state != "closed" and (objective.owner_id == actor.account_id
                                            or objective.reviewer_id == actor.account_id):
            owner = objective.owner_id == actor.account_id
            found += [StaleKeyResult(objective.id, objective.title, kr.key_result.title, owner)
                      for kr in view.key_results if kr.stale]
    shown = [v for v in views.values() if v.objective.level == "person" and v.objective.person_id == person_id
             and v.objective.starts_on <= today <= v.objective.ends_on]
    return HomeOkr(shown, sorted(found, key=lambda s: not s.as_owner)[:SHOWN])
