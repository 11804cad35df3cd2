"""Báo cáo tháng and Báo cáo sơ kết quý: the request (role and scope first, the row, then the queue)."""
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlmodel import Session

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import DomainError, Forbidden
from ..models import ReportJob
from ..signing import province as signed_province
from .outbox import enqueue_job
from .periods import PeriodRange, parse_period
from .province_scope import PROVINCE_KINDS, check_province_scope, may_report, parse_scope
from .service import FORMATS

PERIOD_KINDS = {"monthly": "month", "quarterly": "quarter"}
PERIOD_HINTS = {"monthly": "Báo cáo tháng lập theo tháng: nhập kỳ dạng mm/yyyy (ví dụ: 11/2026).",
                "quarterly": "Báo cáo sơ kết quý lập theo quý: nhập kỳ dạng Quý 4/2026."}


@dataclass(frozen=True)
class ProvinceRequest:
    """What the organiser or administrator asked for: scope is a bloc id as text or "province"."""

    kind: str
    file_format: str
    period: str
    scope: str
    pilot_only: bool = False
    sign: bool = False


def report_period(kind: str, text: str) -> PeriodRange:
    """The month of a monthly report, the quarter of a quarterly one."""
    span = parse_period(text)
    if span.kind != PERIOD_KINDS[kind]:
        raise DomainError(PERIOD_HINTS[kind], field="period")
    return span


def may_sign(actor: Actor) -> bool:
    """Whether the form offers "Ký số" (the issuing body's certificate is configured)."""
    return signed_province.may_sign(actor)


def request_province_report(session: Session, actor: Actor, req: ProvinceRequest) -> ReportJob:
    """Refuse outside the actor's scope or on bad input (nothing created); else the row, committed, then queued."""
    if not may_report(actor):
        raise Forbidden("Chỉ cơ quan tổ chức cấp tỉnh và quản trị hệ thống lập được báo cáo này.")
    if req.kind not in PROVINCE_KINDS:
        raise DomainError("Loại báo cáo không hợp lệ.", field="kind")
    bloc_id = parse_scope(session, req.scope)
    check_province_scope(actor, bloc_id)
    if req.file_format not in FORMATS:
        raise DomainError("Định dạng tệp không hợp lệ (PDF hoặc Excel).", field="file_format")
    span = report_period(req.kind, req.period)
    if req.sign:
        signed_province.check_request(actor, req.kind, req.file_format)
    job = ReportJob(kind=req.kind, file_format=req.file_format, unit_id=None, requested_by_id=actor.account_id,
                    params={"period": span.key, "bloc_id": bloc_id, "pilot_only": bool(req.pilot_only),
                            "sign": bool(req.sign)},
                    heartbeat_at=utcnow(),
                    expires_at=utcnow() + timedelta(days=current_app.config["REPORT_RETENTION_DAYS"]))
    session.add(job)
    record(session, actor, "report_requested", job, {}, snapshot(job, ("kind", "file_format", "params")))
    session.commit()
    enqueue_job(job.id)
    return job
