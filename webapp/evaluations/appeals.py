"""Kiến nghị: a person appeals a published result within the window; the unit (for a head's sheet, the
superior level) answers, and the answer is kept with it."""
from datetime import timedelta

from flask import current_app
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import as_utc, utcnow
from ..errors import Conflict, DomainError, Forbidden, NotFound
from ..models import Appeal
from . import roles
from .workflow import SheetContext, load, require_may


def file_appeal(session: Session, actor: Actor, sheet_id: int, text: str) -> Appeal:
    """Kiến nghị: the person objects to a published result within the window."""
    ctx = require_may("appeal", actor, load(session, sheet_id))
    if ctx.sheet.state != "published":
        raise DomainError("Chỉ kiến nghị được khi kết quả đã công khai và phiếu chưa khóa.")
    window = timedelta(days=current_app.config["APPEAL_WINDOW_DAYS"])
    if utcnow() - as_utc(ctx.sheet.published_at) > window:
        raise DomainError("Đã hết thời hạn kiến nghị.")
    if not text.strip():
        raise DomainError("Vui lòng nhập nội dung kiến nghị.", field="text")
    appeal = Appeal(sheet_id=sheet_id, filed_by_id=actor.account_id, text=text.strip())
    session.add(appeal)
    record(session, actor, "appeal_filed", appeal, {}, snapshot(appeal, ("sheet_id", "text")))
    session.commit()
    return appeal


def may_answer(actor: Actor, ctx: SheetContext) -> bool:
    """The unit's head or personnel officer, never on their own sheet; a head's sheet: the superior level."""
    if ctx.person.id == actor.person_id:
        return False
    if ctx.person_role == "head":
        return roles.is_approver(actor, ctx.person, ctx.person_role, ctx.unit)
    return roles.is_unit_officer(actor, ctx.unit.id)


def require_answerer(actor: Actor, ctx: SheetContext) -> SheetContext:
    """Refuse an answer from anyone who may not answer the sheet's appeals."""
    if not may_answer(actor, ctx):
        raise Forbidden("Chỉ thủ trưởng hoặc cán bộ tổ chức (cấp trên, với phiếu của thủ trưởng) mới trả lời "
                        "kiến nghị, và không ai tự trả lời kiến nghị của mình.")
    return ctx


def answer_appeal(session: Session, actor: Actor, appeal_id: int, answer: str) -> Appeal:
    """The unit's answer to an appeal, kept with it."""
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound("Không tìm thấy kiến nghị.")
    require_answerer(actor, load(session, appeal.sheet_id))
    if not answer.strip():
        raise DomainError("Vui lòng nhập nội dung trả lời.", field="answer")
    # Held until commit: of two answers sent at once, the second sees the first.
    session.exec(select(Appeal).where(Appeal.id == appeal.id).with_for_update()
                 .execution_options(populate_existing=True)).one()
    if appeal.answered_at is not None:
        raise Conflict("Kiến nghị này vừa được người khác trả lời. Vui lòng tải lại trang để xem nội dung trả lời.")
    before = snapshot(appeal, ("answer",))
    appeal.answer, appeal.answered_by_id, appeal.answered_at = answer.strip(), actor.account_id, utcnow()
    record(session, actor, "appeal_answered", appeal, before, snapshot(appeal, ("answer",)))
    session.commit()
    return appeal
