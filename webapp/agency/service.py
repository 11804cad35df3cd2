"""The yearly agency evaluation's workflow: draft → self-assessed (the head) → scored (the superior level) →
approved. Each step checks the role first, then moves the row with a conditional UPDATE on its version and state
(of two requests at once, the second changes nothing and is told why), writes the audit record and commits once.
The superior may return a self-assessment or a scoring to the head with a reason; an approved result is final."""
from datetime import date
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import EARLIEST_DATE, local_today, utcnow
from ..errors import Conflict, DomainError, NotFound
from ..evaluations.rulesets import default_ruleset_row, rules_of
from ..models import AgencyEvaluation, RuleSet, Unit
from ..scoring.agency import AgencyFacts, AgencyScore, score_agency
from ..scoring.errors import ScoringInputError
from ..scoring.explain import to_plain
from . import access
from .figures import YearFigures, year_figures

STATE_LABELS = {"draft": "Chưa tự đánh giá", "self_assessed": "Thủ trưởng đã tự đánh giá",
                "scored": "Cấp trên đã chấm điểm", "approved": "Đã phê duyệt"}
AUDITED = ("state", "self_scores", "self_band", "self_comment", "scores", "superior_comment", "general_points",
           "task_points", "total_points", "band", "version")


def unit_of(session: Session, code: str) -> Unit:
    """The unit by code, or not found."""
    unit = session.exec(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        raise NotFound("Không tìm thấy cơ quan, đơn vị.")
    return unit


def check_year(year: int) -> int:
    """A year that may be evaluated: from the app's first year to the current one."""
    if not EARLIEST_DATE.year <= year <= local_today().year:
        raise DomainError(f"Năm đánh giá không hợp lệ: chỉ đánh giá từ năm {EARLIEST_DATE.year} đến năm "
                          f"{local_today().year}.", field="year")
    return year


def rules_for_year(session: Session, year: int):
    """The rule set row and rules in force on 1 January, which must define the agency evaluation."""
    row = default_ruleset_row(session, date(year, 1, 1))
    rules = rules_of(row)
    if rules.agency is None:
        raise DomainError(f"Bộ quy tắc {rules.name} chưa quy định đánh giá, xếp loại cơ quan, đơn vị.")
    return row, rules


def find(session: Session, unit_id: int, year: int) -> AgencyEvaluation | None:
    """The unit's evaluation of the year, if one was started."""
    return session.exec(select(AgencyEvaluation).where(AgencyEvaluation.unit_id == unit_id,
                                                       AgencyEvaluation.year == year)).first()


def compute(session: Session, rules, unit_id: int, year: int, scores: dict) -> tuple[AgencyScore, YearFigures]:
    """The year scored from the given criterion scores and today's figures; a bad score is refused in Vietnamese."""
    figures = year_figures(session, unit_id, year)
    try:
        score = score_agency(rules, AgencyFacts(scores, figures.okr_completion, figures.plan_completed,
                                                figures.plan_assigned))
    except ScoringInputError as error:
        raise DomainError(str(error)) from None
    return score, figures


def _plain_scores(scores: dict) -> dict:
    """Criterion scores as exact strings."""
    return {code: str(value) for code, value in scores.items()}


def _ensure(session: Session, unit: Unit, year: int, rule_set_id: int) -> AgencyEvaluation:
    """The row of the unit's year, inserted in a savepoint when missing (a concurrent twin's insert wins)."""
    existing = find(session, unit.id, year)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            row = AgencyEvaluation(unit_id=unit.id, year=year, rule_set_id=rule_set_id)
            session.add(row)
    except IntegrityError:
        return find(session, unit.id, year)
    return row


def _move(session: Session, actor: Actor, row: AgencyEvaluation, version: int, states: tuple, action: str,
          values: dict, reason: str = "") -> AgencyEvaluation:
    """UPDATE … WHERE version and state still match; refuse (nothing changed) when another request came first."""
    before = snapshot(row, AUDITED)
    table = AgencyEvaluation
    done = session.execute(update(table).where(table.id == row.id, table.version == version, table.state.in_(states))
                           .values(**values, version=table.version + 1)).rowcount
    session.refresh(row)
    if not done:
        message = (f"Kết quả đánh giá của cơ quan, đơn vị vừa được cập nhật (trạng thái hiện tại: "
                   f"{STATE_LABELS[row.state]}): không thể thực hiện thao tác này. Vui lòng tải lại trang.")
        session.rollback()
        raise Conflict(message)
    record(session, actor, action, row, before, snapshot(row, AUDITED), reason=reason)
    session.commit()
    return row


def self_assess(session: Session, actor: Actor, code: str, year: int, version: int, scores: dict[str, Decimal],
                comment: str) -> AgencyEvaluation:
    """The head scores the unit's criteria; the task part is computed from the unit's figures."""
    unit = unit_of(session, code)
    access.require_head(actor, unit)
    rule_row, rules = rules_for_year(session, check_year(year))
    score, figures = compute(session, rules, unit.id, year, scores)
    row = _ensure(session, unit, year, rule_row.id) if version == 0 else find(session, unit.id, year)
    if row is None:
        raise NotFound("Không tìm thấy kết quả đánh giá của cơ quan, đơn vị.")
    result = {"figures": figures.as_plain(), "self": to_plain(score)}
    return _move(session, actor, row, version or 1, ("draft",), "agency_self_assessed", {
        "state": "self_assessed", "self_scores": _plain_scores(scores), "self_band": score.band,
        "self_comment": comment, "task_points": score.task_points, "result": result,
        "self_assessed_by_id": actor.account_id, "self_assessed_at": utcnow()})


def _superior_row(session: Session, actor: Actor, code: str, year: int) -> tuple[Unit, AgencyEvaluation]:
    """The unit and its evaluation, for the superior level only (checked before anything else)."""
    unit = unit_of(session, code)
    access.require_superior(actor, unit)
    row = find(session, unit.id, year)
    if row is None:
        raise DomainError("Thủ trưởng cơ quan, đơn vị chưa tự đánh giá kết quả của năm.")
    return unit, row


def score(session: Session, actor: Actor, code: str, year: int, version: int, scores: dict[str, Decimal],
          comment: str) -> AgencyEvaluation:
    """The superior level scores the general criteria (its scores count); the task part is read again."""
    unit, row = _superior_row(session, actor, code, year)
    result, figures = compute(session, rules_of(session.get(RuleSet, row.rule_set_id)), unit.id, year, scores)
    plain = {**row.result, "figures": figures.as_plain(), "superior": to_plain(result)}
    return _move(session, actor, row, version, ("self_assessed", "scored"), "agency_scored", {
        "state": "scored", "scores": _plain_scores(scores), "superior_comment": comment,
        "general_points": result.general_points, "task_points": result.task_points,
        "total_points": result.total, "band": result.band, "result": plain,
        "scored_by_id": actor.account_id, "scored_at": utcnow()})


def send_back(session: Session, actor: Actor, code: str, year: int, version: int, reason: str) -> AgencyEvaluation:
    """The superior level returns the evaluation to the head, with the reason kept."""
    _, row = _superior_row(session, actor, code, year)
    if not reason.strip():
        raise DomainError("Vui lòng nêu lý do trả lại.", field="reason")
    return _move(session, actor, row, version, ("self_assessed", "scored"), "agency_returned",
                 {"state": "draft"}, reason=reason.strip())


def approve(session: Session, actor: Actor, code: str, year: int, version: int) -> AgencyEvaluation:
    """The superior level approves the scored result: it is final, and published to the unit."""
    _, row = _superior_row(session, actor, code, year)
    return _move(session, actor, row, version, ("scored",), "agency_approved", {
        "state": "approved", "approved_by_id": actor.account_id, "approved_at": utcnow()})
