"""Read models of the agency evaluation pages: a unit's year with every number explained, the superior's list."""
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from ..auth.actor import Actor
from ..models import AgencyEvaluation, Bloc, Unit
from ..scoring.agency import AgencyFacts, score_agency
from ..text import vn_text_key
from . import access
from .figures import year_figures
from .service import STATE_LABELS, find, rules_for_year


TASK_STEPS = ("okr", "plan", "task_points")  # the steps that explain the 70 points


@dataclass(frozen=True)
class CriterionRow:
    """One agency criterion with the head's and the superior's scores."""

    code: str
    name: str
    max_points: Decimal
    self_score: Decimal | None
    score: Decimal | None


def _score(scores: dict, code: str) -> Decimal | None:
    """A stored score (an exact string) as a Decimal."""
    value = (scores or {}).get(code)
    return None if value is None else Decimal(value)


def actions(actor: Actor, unit: Unit, row: AgencyEvaluation | None) -> set[str]:
    """What the actor may do on the unit's year now."""
    state = row.state if row is not None else "draft"
    allowed = set()
    if state == "draft" and access.is_head(actor, unit):
        allowed.add("self_assess")
    if state in ("self_assessed", "scored") and access.is_superior(actor, unit):
        allowed |= {"score", "send_back"}
    if state == "scored" and access.is_superior(actor, unit):
        allowed.add("approve")
    return allowed


def unit_year(session: Session, actor: Actor, unit: Unit, year: int) -> dict:
    """The page's context: the row (or none yet), the criteria, the result as scored, the task part's figures."""
    row = find(session, unit.id, year)
    access.require_view(actor, unit, row)
    _, rules = rules_for_year(session, year)
    agency = rules.agency
    criteria = [CriterionRow(c.code, c.name, c.max_points, _score(row.self_scores if row else {}, c.code),
                             _score(row.scores if row else {}, c.code)) for c in agency.general.criteria]
    figures = year_figures(session, unit.id, year) if row is None or row.state in ("draft", "self_assessed") else None
    if figures is not None:  # not yet scored: the task part as it stands today (general scores do not enter it)
        zeros = {c.code: Decimal(0) for c in agency.general.criteria}
        live = score_agency(rules, AgencyFacts(zeros, figures.okr_completion, figures.plan_completed,
                                               figures.plan_assigned))
        task = {"points": live.task_points, "steps": [s for s in live.steps if s.code in TASK_STEPS],
                "figures": figures.as_plain(), "live": True}
    else:
        stored = row.result.get("superior") or row.result.get("self") or {}
        task = {"points": row.task_points, "steps": [s for s in stored.get("steps", []) if s["code"] in TASK_STEPS],
                "figures": row.result.get("figures", {}), "live": False}
    task.update(_percents(task["figures"]))
    return {"unit": unit, "year": year, "row": row, "rules": rules, "agency": agency, "criteria": criteria,
            "task": task, "self_result": (row.result.get("self") if row else None),
            "superior_result": (row.result.get("superior") if row else None),
            "allowed": actions(actor, unit, row), "labels": STATE_LABELS,
            "state": row.state if row else "draft"}


def units_in_scope(session: Session, actor: Actor) -> list[Unit]:
    """The units the superior level evaluates: the organiser's bloc, every unit for the administrator."""
    query = select(Unit).where(Unit.active)
    if actor.role == "organiser":
        query = query.where(Unit.bloc_id == actor.bloc_id)
    elif actor.role != "admin":
        return []
    return sorted(session.exec(query).all(), key=lambda u: vn_text_key(u.name))


def overview(session: Session, actor: Actor, year: int) -> dict:
    """Every unit in scope with its year's state, points and band; how many at each state and band."""
    units = units_in_scope(session, actor)
    rows = {r.unit_id: r for r in session.exec(select(AgencyEvaluation).where(
        AgencyEvaluation.year == year, AgencyEvaluation.unit_id.in_([u.id for u in units] or [-1])))}
    _, rules = rules_for_year(session, year)
    states = Counter(rows[u.id].state if u.id in rows else "draft" for u in units)
    bands = Counter(r.band for r in rows.values() if r.state == "approved")
    bloc = session.get(Bloc, actor.bloc_id) if actor.bloc_id else None
    return {"year": year, "lines": [(u, rows.get(u.id)) for u in units], "labels": STATE_LABELS,
            "states": [(code, label, states.get(code, 0)) for code, label in STATE_LABELS.items()],
            "bands": [(b, bands.get(b.code, 0)) for b in rules.agency.bands], "agency": rules.agency,
            "scope": bloc.name if bloc else "Toàn tỉnh"}


def _percents(figures: dict) -> dict:
    """The OKR and plan figures as percents (Decimals), each OKR period's progress too; None when missing."""
    okr, assigned = figures.get("okr_completion"), Decimal(figures.get("plan_assigned") or 0)
    parts = [{**p, "percent": Decimal(p["progress"]) * 100} for p in figures.get("okr_parts", [])]
    return {"okr_percent": None if okr is None else Decimal(okr) * 100, "okr_parts": parts,
            "plan_percent": Decimal(figures["plan_completed"]) / assigned * 100 if assigned else None}
