"""Stale key results on the to-do lists: no check-in and no new approved work for the configured days."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..models import Objective
from .queries import load_views

SHOWN = 20


@dataclass(frozen=True)
class StaleKeyResult:
    """A key result gone stale, whose objective the actor owns (to check in) or reviews (to follow up)."""

    objective_id: int
    objective_title: str
    key_result_title: str
    as_owner: bool


def stale_for(session: Session, actor: Actor, today: date, stale_days: int) -> list[StaleKeyResult]:
    """The stale key results of running objectives the actor owns or reviews, owned ones first."""
    objectives = session.exec(select(Objective).where(
        or_(Objective.owner_id == actor.account_id, Objective.reviewer_id == actor.account_id),
        Objective.state != "closed", Objective.starts_on <= today).order_by(Objective.ends_on, Objective.id)
        .limit(200)).all()
    found = []
    for view in load_views(session, list(objectives), stale_days, today).values():
        owner = view.objective.owner_id == actor.account_id
        found += [StaleKeyResult(view.objective.id, view.objective.title, kr.key_result.title, owner)
                  for kr in view.key_results if kr.stale]
    return sorted(found, key=lambda s: not s.as_owner)[:SHOWN]
