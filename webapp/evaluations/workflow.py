"""One monthly sheet's workflow: draft → self-assessed → reviewed → approved (then published and locked with the
unit's month, unit_month), with who may do each step and see the sheet."""
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..models import CriterionScore, EvaluationSheet, Period, Person, Unit, UserAccount
from . import roles
from .compute import freeze, refresh, score_sheets
from .rulesets import default_ruleset_row, rules_of

STATE_LABELS = {
    "draft": "Chưa tự đánh giá", "self_assessed": "Đã tự đánh giá", "reviewed": "Lãnh đạo trực tiếp đã đánh giá",
    "approved": "Thủ trưởng đã phê duyệt", "published": "Đã công khai", "locked": "Đã khóa",
}
AUDITED = ("state", "band", "self_band", "task_points", "general_points", "total_points", "version")
UNFINISHED = ("draft", "self_assessed", "reviewed")


@dataclass(frozen=True)
class SheetContext:
    """A sheet with the rows every check needs."""

    sheet: EvaluationSheet
    person: Person
    person_role: str
    unit: Unit
    period: Period


def load(session: Session, sheet_id: int) -> SheetContext:
    """The sheet, its person (and their role), unit and period, in one query."""
    row = session.exec(
        select(EvaluationSheet, Person, UserAccount.role, Unit, Period)
        .join(Person, Person.id == EvaluationSheet.person_id)
        .outerjoin(UserAccount, UserAccount.person_id == Person.id)
        .join(Unit, Unit.id == EvaluationSheet.unit_id)
        .join(Period, Period.id == EvaluationSheet.period_id)
        .where(EvaluationSheet.id == sheet_id)
    ).first()
    if row is None:
        raise NotFound("Không tìm thấy phiếu đánh giá.")
    return SheetContext(row[0], row[1], row[2] or "staff", row[3], row[4])


def _owner(actor: Actor, ctx: SheetContext) -> bool:
    return roles.is_owner(actor, ctx.person)


def _in_sheets_unit(ctx: SheetContext) -> bool:
    """The person still works in the unit the sheet was written in: a moved person's old sheet is reviewed and
    approved by nobody of their new unit (its own unit's officers still see it: roles.is_unit_officer)."""
    return ctx.person.unit_id == ctx.unit.id


def _reviewer(actor: Actor, ctx: SheetContext) -> bool:
    return _in_sheets_unit(ctx) and roles.is_reviewer(actor, ctx.person, ctx.person_role, ctx.unit)


def _approver(actor: Actor, ctx: SheetContext) -> bool:
    return _in_sheets_unit(ctx) and roles.is_approver(actor, ctx.person, ctx.person_role, ctx.unit)


def _either(actor: Actor, ctx: SheetContext) -> bool:
    return _reviewer(actor, ctx) or _approver(actor, ctx)


ROLE_CHECKS = {
    "self_assess": (_owner, "Chỉ người được đánh giá mới tự đánh giá phiếu của mình."),
    "review": (_reviewer, "Chỉ lãnh đạo trực tiếp mới đánh giá phiếu này."),
    "approve": (_approver, "Chỉ thủ trưởng cơ quan, đơn vị mới phê duyệt phiếu này."),
    "send_back": (_either, "Bạn không có quyền trả lại phiếu này."),
    "flags": (_either, "Chỉ lãnh đạo trực tiếp hoặc thủ trưởng mới ghi nhận các nội dung này."),
    "band": (_approver, "Chỉ thủ trưởng cơ quan, đơn vị (người phê duyệt) mới quyết định mức xếp loại."),
    "appeal": (_owner, "Chỉ người được đánh giá mới gửi kiến nghị về phiếu của mình."),
}


def require_may(action: str, actor: Actor, ctx: SheetContext) -> SheetContext:
    """The role check of an action, always before any check of the sheet's state or the input."""
    allowed, message = ROLE_CHECKS[action]
    if not allowed(actor, ctx):
        raise Forbidden(message)
    return ctx


def can_view(actor: Actor, ctx: SheetContext) -> bool:
    """The person, their reviewer or approver, the unit's officers; published sheets within the unit."""
    return (
        roles.is_owner(actor, ctx.person)
        or _reviewer(actor, ctx)
        or _approver(actor, ctx)
        or roles.is_unit_officer(actor, ctx.unit.id)
        or (actor.role == "organiser" and actor.bloc_id == ctx.unit.bloc_id)
        or actor.role == "admin"
        or (ctx.sheet.state in {"published", "locked"} and actor.unit_id == ctx.unit.id)
    )


def can_view_details(actor: Actor, ctx: SheetContext) -> bool:
    """The entries behind a sheet: everyone who may see the sheet except colleagues who only see it published."""
    return can_view(actor, ctx) and not (
        actor.role == "staff" and actor.person_id != ctx.person.id and actor.unit_id == ctx.unit.id)


def require_details(actor: Actor, ctx: SheetContext) -> SheetContext:
    """Refuse the drill-down outside that circle."""
    if not can_view_details(actor, ctx):
        raise Forbidden("Bạn không có quyền xem chi tiết công việc của người này.")
    return ctx


def require_view(actor: Actor, ctx: SheetContext) -> SheetContext:
    """Refuse a sheet outside the actor's scope."""
    if not can_view(actor, ctx):
        raise Forbidden("Bạn không có quyền xem phiếu đánh giá này.")
    return ctx


def _check(ctx: SheetContext, version: int, *states: str) -> None:
    """The sheet is in an expected state, unchanged since the form was loaded, in a period not closed (judged on
    the rows as they are now, held until commit: of two requests at once, the second sees the first's change)."""
    _hold(ctx)
    if ctx.period.state == "closed":
        raise DomainError("Kỳ đánh giá đã khóa: không thể thay đổi phiếu đánh giá.")
    if ctx.sheet.version != version:
        raise Conflict("Phiếu đánh giá vừa được người khác cập nhật trong lúc bạn thao tác (trạng thái hiện tại: "
                       f"{STATE_LABELS[ctx.sheet.state]}). Vui lòng tải lại trang để xem thông tin mới nhất.")
    if ctx.sheet.state not in states:
        raise DomainError(f"Phiếu đang ở trạng thái “{STATE_LABELS[ctx.sheet.state]}”: không thể thực hiện thao tác này.")


def _hold(ctx: SheetContext) -> None:
    """Re-read the period (shared: a month close waits) and the sheet (exclusive) under row locks, period first as
    the month close does, into the context's own objects."""
    session = Session.object_session(ctx.sheet)
    for model, row_id, exclusive in ((Period, ctx.period.id, False), (EvaluationSheet, ctx.sheet.id, True)):
        session.exec(select(model).where(model.id == row_id).with_for_update(read=not exclusive)
                     .execution_options(populate_existing=True)).one()


def _save_scores(session: Session, sheet: EvaluationSheet, scores: dict[str, Decimal], column: str) -> None:
    """Store self or manager criterion scores."""
    existing = {c.criterion_code: c for c in session.exec(
        select(CriterionScore).where(CriterionScore.sheet_id == sheet.id))}
    for code, value in scores.items():
        row = existing.get(code) or CriterionScore(sheet_id=sheet.id, criterion_code=code)
        setattr(row, column, value)
        session.add(row)


def _transition(session: Session, actor: Actor, ctx: SheetContext, state: str, action: str, reason: str = "",
                extra: dict | None = None):
    """Move the sheet, bump its version, audit (with the scores entered, if any), commit."""
    sheet = ctx.sheet
    before = snapshot(sheet, AUDITED)
    sheet.state = state
    sheet.version += 1
    if hasattr(sheet, f"{state}_at"):  # draft has no timestamp of its own
        setattr(sheet, f"{state}_at", utcnow())
    record(session, actor, action, sheet, before, {**snapshot(sheet, AUDITED), **(extra or {})}, reason=reason)
    session.commit()
    return sheet


def self_assess(session: Session, actor: Actor, sheet_id: int, version: int, scores: dict, band: str):
    """The person scores the 30 points and proposes a band."""
    ctx = require_may("self_assess", actor, load(session, sheet_id))
    _check(ctx, version, "draft")
    _save_scores(session, ctx.sheet, scores, "self_score")
    ctx.sheet.self_band = band
    return _transition(session, actor, ctx, "self_assessed", "sheet_self_assessed", extra={"self_scores": scores})


def review(session: Session, actor: Actor, sheet_id: int, version: int, scores: dict, strengths: str,
           limitations: str) -> EvaluationSheet:
    """The direct manager scores (their score counts) and writes strengths and limitations."""
    ctx = require_may("review", actor, load(session, sheet_id))
    _check(ctx, version, "self_assessed")
    _save_scores(session, ctx.sheet, scores, "manager_score")
    session.flush()
    ctx.sheet.strengths, ctx.sheet.limitations = strengths, limitations
    refresh(session, ctx)
    return _transition(session, actor, ctx, "reviewed", "sheet_reviewed", extra={
        "manager_scores": scores, "strengths": strengths, "limitations": limitations})


def approve(session: Session, actor: Actor, sheet_id: int, version: int, comments: str = ""):
    """The head approves; task points are frozen with the rule-set version and K values used."""
    ctx = require_may("approve", actor, load(session, sheet_id))
    _check(ctx, version, "reviewed")
    ctx.sheet.comments = comments or ctx.sheet.comments
    freeze(session, ctx)
    ctx.sheet.frozen_at = utcnow()
    return _transition(session, actor, ctx, "approved", "sheet_approved")


def send_back(session: Session, actor: Actor, sheet_id: int, version: int, reason: str) -> EvaluationSheet:
    """The reviewer returns a self-assessment, or the approver a review, with a reason."""
    ctx = require_may("send_back", actor, load(session, sheet_id))
    _check(ctx, version, "self_assessed", "reviewed")
    back = "draft" if ctx.sheet.state == "self_assessed" else "self_assessed"
    if not (_reviewer if back == "draft" else _approver)(actor, ctx):
        raise Forbidden("Bạn không có quyền trả lại phiếu này.")
    if not reason.strip():
        raise DomainError("Vui lòng nêu lý do trả lại.", field="reason")
    return _transition(session, actor, ctx, back, "sheet_returned", reason=reason.strip())


def decide_band(session: Session, actor: Actor, sheet_id: int, version: int, band: str, reason: str):
    """Before approval the head sets a band at or below the computed one (e.g. to keep the cap), with a reason;
    an empty band withdraws the decision."""
    ctx = require_may("band", actor, load(session, sheet_id))
    _check(ctx, version, "reviewed")
    if not reason.strip():
        raise DomainError("Vui lòng nêu lý do điều chỉnh mức xếp loại.", field="reason")
    rules = rules_of(default_ruleset_row(session, ctx.period.starts_on))
    computed = score_sheets(session, [ctx.period], include_frozen=True)[ctx.sheet.id].score.band
    if band and rules.band(band).rank < rules.band(computed).rank:
        raise DomainError(f"Chỉ được giữ hoặc hạ mức xếp loại so với kết quả tính theo điểm "
                          f"({rules.band(computed).name}).", field="band")
    sheet = ctx.sheet
    before = snapshot(sheet, AUDITED + ("band_decision", "band_decision_reason"))
    sheet.band_decision, sheet.band_decision_reason = band, reason.strip() if band else ""
    sheet.version += 1
    session.flush()
    refresh(session, ctx)
    record(session, actor, "sheet_band_decided", sheet, before,
           snapshot(sheet, AUDITED + ("band_decision", "band_decision_reason")), reason=reason.strip())
    session.commit()
    return sheet


FLAG_FIELDS = ("disciplined", "degraded", "corruption_in_unit", "unit_plan_done", "internal_unity")
LEADER_FIELDS = ("corruption_in_unit", "unit_plan_done", "internal_unity")


def set_flags(session: Session, actor: Actor, sheet_id: int, version: int, flags: dict, reason: str) -> EvaluationSheet:
    """The reviewer or approver records findings that cap the band (discipline, …) and, for a leader, đ and e
    (True, False; None leaves them unset). A staff member's sheet has no leader fields: they are kept."""
    ctx = require_may("flags", actor, load(session, sheet_id))
    _check(ctx, version, "draft", "self_assessed", "reviewed")
    if not reason.strip():
        raise DomainError("Vui lòng ghi căn cứ (số, ngày văn bản kết luận hoặc quyết định).", field="reason")
    sheet = ctx.sheet
    before = snapshot(sheet, FLAG_FIELDS + AUDITED)
    for name in FLAG_FIELDS:
        if name in LEADER_FIELDS and not sheet.is_leader:
            continue
        value = flags.get(name)
        setattr(sheet, name, value if name in ("unit_plan_done", "internal_unity") else bool(value))
    sheet.version += 1
    session.flush()
    refresh(session, ctx)
    record(session, actor, "sheet_flags_set", sheet, before, snapshot(sheet, FLAG_FIELDS + AUDITED), reason=reason.strip())
    session.commit()
    return sheet
