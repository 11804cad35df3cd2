"""Read models of the evaluation pages: a sheet, its drill-down, a unit's table, a person's year."""
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from ..agency.cap import outstanding_unit
from ..auth.actor import Actor
from ..models import (Appeal, Assignment, AuditLog, CatalogueItem, CriterionScore, DiaryEntry, Division,
                      EvaluationSheet, JobPosition, Period, Person, Unit, UserAccount)
from ..scoring import CapMember, MonthResult, aggregate, check_cap
from ..scoring.facts import Flags
from ..text import vn_name_key
from . import roles
from .appeals import may_answer
from .compute import dd_from_okr, managed_rows, score_sheet
from .rulesets import default_ruleset_row, rules_of
from .unit_month import unit_caps as _unit_caps
from .workflow import UNFINISHED, SheetContext


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
    return score_sheet(session, ctx.period, ctx.sheet.id).score


def actions(actor: Actor, ctx: SheetContext) -> set[str]:
    """What the actor may do on the sheet now."""
    state, person, role, unit = ctx.sheet.state, ctx.person, ctx.person_role, ctx.unit
    allowed = set()
    if ctx.period.state == "closed":
        return allowed
    if state == "draft" and roles.is_owner(actor, person):
        allowed.add("self_assess")
    if state == "self_assessed" and roles.is_reviewer(actor, person, role, unit):
        allowed |= {"review", "send_back"}
    if state == "reviewed" and roles.is_approver(actor, person, role, unit):
        allowed |= {"approve", "send_back", "band"}
    if state == "published" and roles.is_owner(actor, person):
        allowed.add("appeal")
    if state == "published" and may_answer(actor, ctx):
        allowed.add("answer")
    if state in ("draft", "self_assessed", "reviewed") and (
            roles.is_reviewer(actor, person, role, unit) or roles.is_approver(actor, person, role, unit)):
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


def _division_then_name(row: "UnitRow") -> tuple:
    """Divisions in their order (none last), leaders first, then people in Vietnamese name order."""
    place = (1, 0, 0) if row.division is None else (0, row.division.sort_order, row.division.id)
    return (*place, not row.person.is_leader, vn_name_key(row.person.full_name))


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
        .order_by(Person.id))
    if published_only:
        query = query.where(EvaluationSheet.state.in_(PUBLISHED))
    everyone = sorted((UnitRow(*r) for r in session.exec(query)), key=_division_then_name)
    members = tuple(CapMember(str(r.sheet.id), r.person.full_name, r.sheet.band, r.sheet.total_points,
                              r.sheet.position_group_key) for r in everyone if r.sheet.band)
    rows = [r for r in everyone if division_id is None or r.person.division_id == division_id]
    distribution = Counter(r.sheet.band for r in rows if r.sheet.band)
    unfinished = sum(1 for r in everyone if r.sheet.state in UNFINISHED) if not published_only else 0
    outstanding = outstanding_unit(session, rules, period.unit_id, period.starts_on.year) if members else False
    return {"rows": rows, "caps": check_cap(rules, members, outstanding) if members else (), "unfinished": unfinished,
            "distribution": [(band, distribution.get(band.code, 0)) for band in rules.bands],
            "unscored": sum(1 for r in rows if not r.sheet.band)}


def queue(session: Session, actor: Actor, period_ids: list[int]) -> list[tuple[EvaluationSheet, Person]]:
    """Sheets of the actor's unit waiting for the actor (review or approval)."""
    rows = session.exec(
        select(EvaluationSheet, Person, UserAccount.role, Unit)
        .join(Person, Person.id == EvaluationSheet.person_id)
        .outerjoin(UserAccount, UserAccount.person_id == Person.id)
        .join(Unit, Unit.id == EvaluationSheet.unit_id)
        .where(EvaluationSheet.period_id.in_(period_ids), EvaluationSheet.state.in_(("self_assessed", "reviewed")))
        .order_by(Person.id)).all()
    waiting = []
    for sheet, person, role, unit in sorted(rows, key=lambda row: vn_name_key(row[1].full_name)):
        check = roles.is_reviewer if sheet.state == "self_assessed" else roles.is_approver
        if check(actor, person, role or "staff", unit):
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


@dataclass(frozen=True)
class Caps:
    """The unit's cap checks, how many sheets are still unfinished (then the checks are provisional), and the
    head's recorded decision."""

    checks: tuple
    unfinished: int
    decision: str

    @property
    def over(self) -> bool:
        """Some scope is over the cap."""
        return any(not c.within for c in self.checks)


def unit_caps(session: Session, period: Period, rules) -> Caps:
    """The cap check shown to the head on a sheet before approving or deciding a band."""
    return Caps(_unit_caps(session, period), len(unfinished(session, period)), period.cap_decision)


def unfinished(session: Session, period: Period) -> list[tuple[EvaluationSheet, Person]]:
    """The period's sheets not yet approved, with their people."""
    rows = session.exec(select(EvaluationSheet, Person).join(Person, Person.id == EvaluationSheet.person_id)
                        .where(EvaluationSheet.period_id == period.id, EvaluationSheet.state.in_(UNFINISHED))
                        .order_by(Person.id)).all()
    return sorted(rows, key=lambda row: vn_name_key(row[1].full_name))


def _plain(value) -> Decimal | None:
    """A score value, live (Decimal) or frozen (string)."""
    return None if value is None else Decimal(str(value))


def _value(result, name: str):
    """A field of a live score or of a frozen one."""
    return result.get(name) if isinstance(result, dict) else getattr(result, name, None)


OKR_MARK = "theo tiến độ OKR"  # scoring/leader.py writes đ's reason so when read from OKR


def leader_sources(session: Session, ctx: SheetContext, rules, result) -> dict:
    """A leader's d, đ and e with where each comes from: d from the results of the people they directly manage
    (how many at the rule's band or above, below, still without a result), đ the unit's plan, e internal unity,
    each with the basis the evaluator recorded. `complete` is False while any of them is unknown."""
    factors = {f.code: f for f in rules.leader_factors}
    managed = managed_rows(session, ctx)
    threshold = rules.band(factors["d"].min_band) if "d" in factors else None
    with_band = [r for r in managed if r.band and r.band != rules.periods.unclassified_code]
    at_or_above = sum(1 for r in with_band if threshold and rules.band(r.band).rank <= threshold.rank)
    missing_ids = [r.person_id for r in managed if not r.band]
    missing = sorted(session.exec(select(Person.full_name).where(Person.id.in_(missing_ids))
                                  .order_by(Person.id)), key=vn_name_key) if missing_ids else []
    basis = session.exec(select(AuditLog.reason).where(
        AuditLog.entity == "evaluationsheet", AuditLog.entity_id == ctx.sheet.id,
        AuditLog.action == "sheet_flags_set").order_by(AuditLog.id.desc())).first()
    d, dd, e = (_plain(_value(result, name)) for name in ("d", "dd", "e"))
    plan, unity, okr = ctx.sheet.unit_plan_done, ctx.sheet.internal_unity, okr_source(result)
    if ctx.sheet.frozen_result:  # approved: the frozen d, đ, e are the result, whatever happened since
        missing, plan, unity = [], True if plan is None and not okr else plan, True if unity is None else unity
    dd_known = plan is not None or bool(okr)
    return {"factors": factors, "managed": len(managed), "at_or_above": at_or_above,
            "below": len(with_band) - at_or_above, "missing": missing, "threshold": threshold,
            "d": d if not missing else None, "dd": dd if dd_known else None,
            "e": e if unity is not None else None, "plan": plan, "unity": unity, "basis": basis or "", "okr": okr,
            "okr_mode": dd_from_okr(), "complete": not missing and dd_known and unity is not None}


def okr_source(result) -> str:
    """Where đ came from when read from the unit's OKR ("theo tiến độ OKR của đơn vị: 87,50 %"), else ""."""
    for step in _value(result, "steps") or ():
        code, formula = (step.get("code"), step.get("formula")) if isinstance(step, dict) else (step.code, step.formula)
        if code == "dd" and OKR_MARK in (formula or ""):
            return formula[formula.index(OKR_MARK):].rstrip(")")
    return ""


def own_result(session: Session, ctx: SheetContext, rules, result) -> dict | None:
    """What the person proposed: the sum of their own scores, the task points, their total and band."""
    if not ctx.sheet.self_band:
        return None
    own = session.exec(select(CriterionScore.self_score).where(CriterionScore.sheet_id == ctx.sheet.id)).all()
    general = sum((Decimal(v) for v in own if v is not None), Decimal(0))
    task = _plain(_value(result, "task_points")) or Decimal(0)
    band = rules.band(ctx.sheet.self_band)
    return {"general": general, "task": task, "total": general + task, "band": band.name}


def summary_band_name(rules, kind: str, result) -> str:
    """A quarter or year's band as printed: a quarter without any approved month has its own wording
    (the rule set's unclassified name speaks of the year's six months)."""
    if kind == "quarter" and not result.classified:
        return "Chưa có kết quả (chưa có tháng nào được phê duyệt trong quý)"
    return result.band_name
