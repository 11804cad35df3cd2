"""Scoring the sheets of one or many units' month in one pass: SQL aggregates in, pure rules, bulk write.

Sheets that the head has approved keep their frozen result; the others follow approvals. A
leader's d needs the bands of the people they directly manage, so staff are scored first, then
division managers, then the unit's leadership.
"""
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app, has_app_context
from sqlalchemy import insert, select, update
from sqlmodel import Session

from ..clock import utcnow
from ..errors import DomainError
from ..models import EvaluationSheet, JobPosition, Period, Person, UserAccount
from ..okr.kpi import UnitOkrFigure, unit_okr_figures
from ..scoring import Flags, PersonPeriodFacts, PersonScore, score_person
from ..scoring.explain import to_plain
from .inputs import WorkFacts, criterion_scores, work_facts
from .rulesets import default_ruleset_row, rules_of

FOLLOWING = ("draft", "self_assessed", "reviewed")  # task points still follow approvals
NO_FLAGS = Flags()  # frozen: one instance serves every new sheet
UNIT_FILTER_LIMIT = 20  # past a few units an IN list costs more than aggregating the whole month


@dataclass(frozen=True)
class SheetRow:
    """What scoring needs to know about one sheet and its person."""

    id: int
    person_id: int
    unit_id: int
    division_id: int | None
    role: str
    is_leader: bool
    state: str
    band: str
    flags: Flags
    unit_plan_done: bool | None
    internal_unity: bool | None
    band_decision: str = ""
    reports_to: int | None = None  # the person's direct manager (Person.reports_to_id)


@dataclass(frozen=True)
class SheetScore:
    """A sheet's score, and whether the manager's general scores were complete."""

    score: PersonScore
    reviewed: bool
    decided: str = ""  # the head's band decision, which replaces the computed band

    @property
    def band(self) -> str:
        """The band the sheet shows: the head's decision, else the computed one (once reviewed)."""
        return (self.decided or self.score.band) if self.reviewed else ""


def unit_filter(periods: list[Period]) -> list[int] | None:
    """The units to aggregate, or None for the whole month (a province-wide close)."""
    return [p.unit_id for p in periods] if len(periods) <= UNIT_FILTER_LIMIT else None


def missing_people(session: Session, periods: list[Period]) -> list[tuple[SheetRow, tuple]]:
    """Active people without a sheet yet, as rows with negative ids, and what their new sheet needs."""
    by_unit = {p.unit_id: p.id for p in periods}
    existing = select(EvaluationSheet.person_id).where(EvaluationSheet.period_id.in_(list(by_unit.values())))
    query = (select(Person.id, Person.unit_id, Person.division_id, UserAccount.role, Person.is_leader,
                    JobPosition.position_group, Person.reports_to_id)
             .outerjoin(UserAccount, UserAccount.person_id == Person.id)
             .outerjoin(JobPosition, JobPosition.id == Person.position_id)
             .where(Person.active, Person.unit_id.in_(list(by_unit)), Person.id.not_in(existing)))
    return [(SheetRow(-pid, pid, unit_id, division, role or "staff", leader, "draft", "", NO_FLAGS, None, None,
                      reports_to=manager), (by_unit[unit_id], leader, group or ""))
            for pid, unit_id, division, role, leader, group, manager in session.connection().execute(query).all()]


def ensure_sheets(session: Session, periods: list[Period]) -> int:
    """Insert the missing sheet of every active person of each period's unit; return how many."""
    if not periods:
        return 0
    ruleset_id = default_ruleset_row(session, periods[0].starts_on).id
    rows = [{"period_id": period_id, "person_id": row.person_id, "unit_id": row.unit_id, "rule_set_id": ruleset_id,
             "is_leader": leader, "position_group_key": group, "frozen_result": {}}
            for row, (period_id, leader, group) in missing_people(session, periods)]
    if rows:
        session.execute(insert(EvaluationSheet), rows)
    return len(rows)


def load_sheets(session: Session, period_ids: list[int]) -> list[SheetRow]:
    """The sheets of the periods with their person's division, role and leadership."""
    sheet = EvaluationSheet
    query = (
        select(sheet.id, sheet.person_id, sheet.unit_id, Person.division_id, UserAccount.role, sheet.is_leader,
               sheet.state, sheet.band, sheet.disciplined, sheet.degraded, sheet.corruption_in_unit,
               sheet.unit_plan_done, sheet.internal_unity, sheet.band_decision, Person.reports_to_id)
        .join(Person, Person.id == sheet.person_id)
        .outerjoin(UserAccount, UserAccount.person_id == sheet.person_id)
        .where(sheet.period_id.in_(period_ids))
    )
    return [SheetRow(r[0], r[1], r[2], r[3], r[4] or "staff", r[5], r[6], r[7], Flags(r[8], r[9], r[10]), r[11], r[12],
                     r[13] or "", r[14])
            for r in session.execute(query)]


def managed_by(rows: list[SheetRow]) -> dict[int, list[SheetRow]]:
    """Who each leader directly manages, as the reporting lines say (Person.reports_to_id): sheet id of a manager
    or head → the sheets of the people reporting to them. One pass."""
    reports = defaultdict(list)
    for row in rows:
        if row.reports_to is not None:
            reports[row.reports_to].append(row)
    return {row.id: [r for r in reports[row.person_id] if r.id != row.id]
            for row in rows if row.role in ("manager", "head")}


def _order(row: SheetRow) -> int:
    """Staff first, then division managers, then the unit's leadership."""
    return 2 if is_unit_leadership(row) else 1 if row.role == "manager" else 0


def is_unit_leadership(row: SheetRow) -> bool:
    """The head and the deputies: the leaders whose đ is the unit's (a division manager's is their division's)."""
    return row.role == "head" or (row.is_leader and row.role != "manager")


def dd_from_okr() -> bool:
    """Whether a unit leader's đ is read from the unit's OKR progress (LEADER_DD_FROM_OKR; off by default)."""
    return has_app_context() and bool(current_app.config.get("LEADER_DD_FROM_OKR"))


def okr_figures(session: Session, periods: list[Period], unit_ids: list[int] | None) -> dict[int, UnitOkrFigure]:
    """The units' OKR figures for the month when đ is read from OKR (else none: đ stays as recorded)."""
    if not periods or not dd_from_okr():
        return {}
    return unit_okr_figures(session, unit_ids, periods[0].starts_on, periods[0].ends_on)


def okr_progress(row: SheetRow, okr: dict[int, UnitOkrFigure] | None) -> Decimal | None:
    """The OKR figure a leader's đ is read from: none once the reviewer chose đ explicitly (their override)."""
    figure = okr.get(row.unit_id) if okr and row.is_leader and row.unit_plan_done is None else None
    return figure.progress if figure and is_unit_leadership(row) else None


def score_rows(rules, rows: list[SheetRow], facts: dict[int, WorkFacts], scores: dict,
               include_frozen: bool = False, explain: bool = True, okr: dict[int, UnitOkrFigure] | None = None
               ) -> Iterator[tuple[SheetRow, SheetScore]]:
    """Score each following (or every) sheet, leaders after the people they manage (explain: with steps);
    okr: the units' OKR figures when a unit leader's đ is read from them."""
    managed = managed_by(rows)
    bands = {r.id: r.band for r in rows}
    zeros, empty, codes = _zeros(rules), WorkFacts(), {c.code for c in rules.general.criteria}
    for row in sorted(rows, key=_order):
        if row.state not in FOLLOWING and not include_frozen:
            continue
        criteria = _manager_criteria(codes, scores.get(row.id))
        managed_bands = tuple(bands[m.id] for m in managed.get(row.id, ()) if bands.get(m.id))
        work = facts.get(row.person_id, empty)
        score = score_person(rules, PersonPeriodFacts(
            row.is_leader, tuple(work.assigned), tuple(work.completed), criteria or zeros, row.flags,
            managed_bands if row.is_leader else None, row.unit_plan_done is not False, row.internal_unity is not False,
            unit_okr_progress=okr_progress(row, okr)),
            explain)  # an unset đ or e is scored as met until the evaluator sets it (the sheet says it is unset)
        result = SheetScore(score, criteria is not None, row.band_decision)
        if result.reviewed:
            bands[row.id] = result.band
        yield row, result


def score_sheets(session: Session, periods: list[Period], include_frozen: bool = False) -> dict[int, SheetScore]:
    """Score the following (or all) sheets of one month's periods, item by item (for display and freezing)."""
    if not periods:
        return {}
    start, end = periods[0].starts_on, periods[0].ends_on
    period_ids = [p.id for p in periods]
    rules = rules_of(default_ruleset_row(session, start))
    facts = work_facts(session, start, end, unit_filter(periods))
    rows = load_sheets(session, period_ids)
    okr = okr_figures(session, periods, [p.unit_id for p in periods])
    return {row.id: result for row, result in score_rows(rules, rows, facts, criterion_scores(session, period_ids),
                                                         include_frozen, okr=okr)}


def score_sheet(session: Session, period: Period, sheet_id: int) -> SheetScore:
    """One sheet's live score, as score_sheets gives it: only the sheets it depends on are scored (a leader's band
    counts the bands of the people they manage, whose own may count theirs), with only their people's facts. A
    staff member's sheet page no longer scores the whole unit."""
    rows = load_sheets(session, [period.id])
    needed = depends_on(rows, sheet_id)
    rules = rules_of(default_ruleset_row(session, period.starts_on))
    facts = work_facts(session, period.starts_on, period.ends_on, [period.unit_id], [r.person_id for r in needed])
    okr = okr_figures(session, [period], [period.unit_id])
    scored = score_rows(rules, needed, facts, criterion_scores(session, [period.id]), True, okr=okr)
    return next(result for row, result in scored if row.id == sheet_id)


def depends_on(rows: list[SheetRow], sheet_id: int) -> list[SheetRow]:
    """The sheet and every sheet its score reads, through the reporting lines (managed_by), transitively."""
    managed, by_id = managed_by(rows), {row.id: row for row in rows}
    needed, waiting = {}, [by_id[sheet_id]]
    while waiting:
        row = waiting.pop()
        if row.id not in needed:
            needed[row.id] = row
            waiting.extend(managed.get(row.id, ()))
    return list(needed.values())


def _manager_criteria(codes: set[str], scores: dict | None) -> dict[str, Decimal] | None:
    """The manager's scores when complete (every criterion code; they count); otherwise None."""
    if scores and set(scores["manager"]) == codes:
        return scores["manager"]
    return None


def _zeros(rules) -> dict[str, Decimal]:
    """Zero on every criterion: task points are known before the general part is scored."""
    return {c.code: Decimal(0) for c in rules.general.criteria}


def sheet_values(result: SheetScore) -> dict:
    """The columns a score writes: the general part, total and band only once the manager scored."""
    score, reviewed = result.score, result.reviewed
    return {"task_points": score.task_points, "general_points": score.general_points if reviewed else None,
            "total_points": score.total if reviewed else None, "band": result.band}


def write_scores(session: Session, results: dict[int, SheetScore]) -> int:
    """One bulk UPDATE by primary key."""
    rows = [{"id": sheet_id, **sheet_values(result)} for sheet_id, result in results.items()]
    if rows:
        session.execute(update(EvaluationSheet), rows)
    return len(rows)


def refresh(session: Session, ctx) -> None:
    """Rescore the unit's month (task points follow approvals) and update this sheet's row in place."""
    results = score_sheets(session, [ctx.period])
    mine = results.pop(ctx.sheet.id, None)
    write_scores(session, results)
    if mine is not None:
        apply_score(ctx.sheet, mine)


def freeze(session: Session, ctx) -> None:
    """At the head's approval: the result, its steps, the rule-set version and the K values used."""
    result = score_sheets(session, [ctx.period], include_frozen=True)[ctx.sheet.id]
    if not result.reviewed:
        raise DomainError("Lãnh đạo trực tiếp chưa chấm đủ các tiêu chí chung.")
    if ctx.sheet.is_leader:
        require_leader_inputs(session, ctx)
    apply_score(ctx.sheet, result)
    ruleset = default_ruleset_row(session, ctx.period.starts_on)
    ctx.sheet.rule_set_id = ruleset.id
    ctx.sheet.frozen_result = {
        "rule_set": {"code": ruleset.code, "version": ruleset.version, "legal_reference": ruleset.legal_reference},
        "score": {**to_plain(result.score), "band": result.band, "band_name": rules_of(ruleset).band(result.band).name,
                  "computed_band": result.score.band, "band_decision_reason": ctx.sheet.band_decision_reason},
        "frozen_at": utcnow().isoformat(),
    }


def managed_rows(session: Session, ctx) -> list[SheetRow]:
    """The sheets of the people a leader directly manages (what d is read from)."""
    return managed_by(load_sheets(session, [ctx.period.id])).get(ctx.sheet.id, [])


def require_leader_inputs(session: Session, ctx) -> None:
    """A leader's d, đ and e must all be known before approval."""
    waiting = [r for r in managed_rows(session, ctx) if not r.band]
    if waiting:
        raise DomainError(f"Chưa thể phê duyệt: còn {len(waiting)} người thuộc quyền quản lý trực tiếp chưa có kết quả "
                          "đánh giá (hệ số d của lãnh đạo tính theo kết quả của họ).")
    dd_known = ctx.sheet.unit_plan_done is not None or sheet_okr_figure(session, ctx) is not None
    if not dd_known or ctx.sheet.internal_unity is None:
        raise DomainError("Chưa thể phê duyệt: chưa ghi nhận hệ số đ (kế hoạch của đơn vị) và e (đoàn kết nội bộ) "
                          "của lãnh đạo (mục “Nội dung ảnh hưởng đến xếp loại”).")


def sheet_okr_figure(session: Session, ctx) -> UnitOkrFigure | None:
    """The OKR figure this leader's đ is read from, if configured, a unit leader and not overridden."""
    row = next((r for r in load_sheets(session, [ctx.period.id]) if r.id == ctx.sheet.id), None)
    figures = okr_figures(session, [ctx.period], [ctx.period.unit_id])
    return figures.get(ctx.period.unit_id) if row and okr_progress(row, figures) is not None else None


def apply_score(sheet: EvaluationSheet, result: SheetScore) -> None:
    """Copy a score onto the sheet row."""
    values = sheet_values(result)
    sheet.task_points, sheet.general_points = values["task_points"], values["general_points"]
    sheet.total_points, sheet.band = values["total_points"], values["band"]
