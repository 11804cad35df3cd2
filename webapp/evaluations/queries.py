"""Read models of the evaluation pages: a sheet, its drill-down, a unit's table, a person's year."""
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ..auth.actor import Actor
from ..models import (Appeal, Assignment, CatalogueItem, CriterionScore, DiaryEntry, Division, EvaluationSheet,
                      JobPosition, Period, Person, UserAccount)
from ..scoring import CapMember, MonthResult, aggregate, check_cap
from ..scoring.facts import Flags
from . import roles
from .compute import score_sheets
from .rulesets import default_ruleset_row, rules_of
from .workflow import SheetContext, may_answer


@dataclass(frozen=True)
class CriterionRow:
    """One Form 01 line with both scores."""

    code: str
    name: str
    max_points: object
    self_score: object
    manager_score: object


def rules_for(session: Session, period: Period):
    """The rule set that scores the period."""
    return rules_of(default_ruleset_row(session, period.starts_on))


def criterion_rows(session: Session, ctx: SheetContext, rules) -> list[CriterionRow]:
    """The criteria of the rule set with the self and manager scores entered so far."""
    scores = {c.criterion_code: c for c in session.exec(
        select(CriterionScore).where(CriterionScore.sheet_id == ctx.sheet.id))}
    return [CriterionRow(c.code, c.name, c.max_points, getattr(scores.get(c.code), "self_score", None),
                         getattr(scores.get(c.code), "manager_score", None)) for c in rules.general.criteria]


def sheet_result(session: Session, ctx: SheetContext):
    """The frozen result once approved; otherwise the live score following approvals."""
    if ctx.sheet.frozen_result:
        return ctx.sheet.frozen_result["score"]
    return score_sheets(session, [ctx.period], include_frozen=True)[ctx.sheet.id].score


def actions(actor: Actor, ctx: SheetContext) -> set[str]:
    """What the actor may do on the sheet now."""
    state, person, role, bloc = ctx.sheet.state, ctx.person, ctx.person_role, ctx.unit.bloc_id
    allowed = set()
    if ctx.period.state == "closed":
        return allowed
    if state == "draft" and roles.is_owner(actor, person):
        allowed.add("self_assess")
    if state == "self_assessed" and roles.is_reviewer(actor, person, role, bloc):
        allowed |= {"review", "send_back"}
    if state == "reviewed" and roles.is_approver(actor, person, role, bloc):
        allowed |= {"approve", "send_back"}
    if state == "published" and roles.is_owner(actor, person):
        allowed.add("appeal")
    if state == "published" and may_answer(actor, ctx):
        allowed.add("answer")
    if state in ("draft", "self_assessed", "reviewed") and (
            roles.is_reviewer(actor, person, role, bloc) or roles.is_approver(actor, person, role, bloc)):
        allowed.add("flags")
    return allowed


def drilldown(session: Session, ctx: SheetContext) -> dict:
    """The assignments and approved diary entries behind a, b, c."""
    start, end = ctx.period.starts_on, ctx.period.ends_on
    entries = session.exec(
        select(DiaryEntry, CatalogueItem).join(CatalogueItem, CatalogueItem.id == DiaryEntry.item_id)
        .where(DiaryEntry.person_id == ctx.person.id, DiaryEntry.status == "approved",
               DiaryEntry.work_date.between(start, end))
        .order_by(DiaryEntry.work_date, DiaryEntry.id)).all()
    assignments = session.exec(
        select(Assignment, CatalogueItem).join(CatalogueItem, CatalogueItem.id == Assignment.item_id)
        .where(Assignment.person_id == ctx.person.id, Assignment.deadline.between(start, end),
               Assignment.cancelled_at.is_(None))
        .order_by(Assignment.deadline, Assignment.id)).all()
    return {"entries": entries, "assignments": assignments}


@dataclass(frozen=True)
class UnitRow:
    """One line of the unit's evaluation table."""

    sheet: EvaluationSheet
    person: Person
    position: JobPosition | None
    division: Division | None


PUBLISHED = ("published", "locked")


def unit_table(session: Session, period: Period, rules, published_only: bool = False,
               division_id: int | None = None) -> dict:
    """Everyone's sheet (only the published ones for staff; one division if asked), the cap checks and
    the distribution of bands. The cap is always checked on the whole unit, as the rule says."""
    query = (
        select(EvaluationSheet, Person, JobPosition, Division)
        .join(Person, Person.id == EvaluationSheet.person_id)
        .outerjoin(JobPosition, JobPosition.id == Person.position_id)
        .outerjoin(Division, Division.id == Person.division_id)
        .where(EvaluationSheet.period_id == period.id)
        .order_by(Division.sort_order, Person.is_leader.desc(), Person.full_name))
    if published_only:
        query = query.where(EvaluationSheet.state.in_(PUBLISHED))
    everyone = [UnitRow(*r) for r in session.exec(query)]
    members = tuple(CapMember(str(r.sheet.id), r.person.full_name, r.sheet.band, r.sheet.total_points,
                              r.sheet.position_group_key) for r in everyone if r.sheet.band)
    rows = [r for r in everyone if division_id is None or r.person.division_id == division_id]
    distribution = Counter(r.sheet.band for r in rows if r.sheet.band)
    return {"rows": rows, "caps": check_cap(rules, members) if members else (),
            "distribution": [(band, distribution.get(band.code, 0)) for band in rules.bands],
            "unscored": sum(1 for r in rows if not r.sheet.band)}


def queue(session: Session, actor: Actor, period_ids: list[int]) -> list[tuple[EvaluationSheet, Person]]:
    """Sheets of the actor's unit waiting for the actor (review or approval)."""
    rows = session.exec(
        select(EvaluationSheet, Person, UserAccount.role)
        .join(Person, Person.id == EvaluationSheet.person_id)
        .outerjoin(UserAccount, UserAccount.person_id == Person.id)
        .where(EvaluationSheet.period_id.in_(period_ids), EvaluationSheet.state.in_(("self_assessed", "reviewed")))
        .order_by(Person.full_name)).all()
    waiting = []
    for sheet, person, role in rows:
        check = roles.is_reviewer if sheet.state == "self_assessed" else roles.is_approver
        if check(actor, person, role or "staff", actor.bloc_id or 0):
            waiting.append((sheet, person))
    return waiting


def open_appeals_of(session: Session, sheet_id: int) -> list[Appeal]:
    """Every appeal of a sheet with its answer."""
    return list(session.exec(select(Appeal).where(Appeal.sheet_id == sheet_id).order_by(Appeal.created_at)))


def person_year(session: Session, person: Person, year: int) -> dict:
    """Months, quarters and the year of a person from their scored sheets."""
    sheets = session.exec(
        select(EvaluationSheet, Period).join(Period, Period.id == EvaluationSheet.period_id)
        .where(EvaluationSheet.person_id == person.id, Period.kind == "month",
               Period.starts_on >= date(year, 1, 1), Period.starts_on <= date(year, 12, 31))
        .order_by(Period.starts_on)).all()
    rules = rules_of(default_ruleset_row(session, date(year, 1, 1)))
    months = [(p, s) for s, p in sheets]
    scored = [_month_result(s, p) for p, s in months if s.frozen_result]  # approved results only
    quarters = []
    for q in range(1, 5):
        inside = tuple(m for m in scored if (int(m.key[5:]) - 1) // 3 + 1 == q)
        quarters.append((q, aggregate(rules, "quarter", inside) if inside else None))
    return {"months": months, "quarters": quarters, "year_result": aggregate(rules, "year", tuple(scored)), "rules": rules}


def _month_result(sheet: EvaluationSheet, period: Period) -> MonthResult:
    """A scored sheet as the period aggregation reads it."""
    score = (sheet.frozen_result or {}).get("score", {})
    metrics = {name: score.get(name, "0") for name in ("a", "b", "c", "exceeded", "on_time")}
    return MonthResult(period.key, sheet.total_points, sheet.total_points, metrics,
                       Flags(sheet.disciplined, sheet.degraded, sheet.corruption_in_unit), sheet.is_leader)


def divisions_of(session: Session, unit) -> list[Division]:
    """The unit's divisions, for the table's filter."""
    return list(session.exec(select(Division).where(Division.unit_id == unit.id).order_by(Division.sort_order)))
