"""The pilot review as a report job: the row first, then the queue (reports.service); the worker builds the PDF
(xhtml2pdf, Nghị định 30/2020 layout) or the workbook from the same figures and wording as the page."""
import io
from datetime import timedelta

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import local_today, utcnow
from ..errors import DomainError
from ..models import ReportJob
from ..reports.outbox import enqueue_job
from ..reports.pdf import font_css, render_pdf
from ..reports.safe import as_text
from ..reports.service import FORMATS
from ..reports.unitless import PILOT_REVIEW
from ..signing import province as signed
from ..text import clean
from .access import pilot_units, require_viewer
from .service import PilotReview, gather
from .span import MonthSpan, month_span
from .table import DEFINITIONS, sections, top_rows

TITLE = "Báo cáo tổng kết thí điểm"


def request_report(session: Session, actor: Actor, from_text: str, to_text: str, file_format: str,
                   sign: bool = False) -> ReportJob:
    """Role, then the span and the format (and the certificate of a signed one); insert the job row and commit,
    then enqueue it with its id."""
    require_viewer(actor)
    span = month_span(from_text, to_text, local_today())
    if file_format not in FORMATS:
        raise DomainError("Định dạng tệp không hợp lệ (PDF hoặc Excel).", field="file_format")
    if sign:
        signed.check_request(actor, PILOT_REVIEW, file_format)
    first, last = span.keys
    job = ReportJob(kind=PILOT_REVIEW, file_format=file_format, unit_id=None, requested_by_id=actor.account_id,
                    params={"from": first, "to": last, "sign": bool(sign)}, heartbeat_at=utcnow(),
                    expires_at=utcnow() + timedelta(days=current_app.config["REPORT_RETENTION_DAYS"]))
    session.add(job)
    record(session, actor, "report_requested", job, {}, snapshot(job, ("kind", "file_format", "params")))
    session.commit()
    enqueue_job(job.id)
    return job


def recent_jobs(session: Session, actor: Actor, limit: int = 10) -> list[ReportJob]:
    """The actor's latest pilot review jobs."""
    return list(session.exec(select(ReportJob).where(ReportJob.kind == PILOT_REVIEW,
                                                     ReportJob.requested_by_id == actor.account_id)
                             .order_by(ReportJob.id.desc()).limit(limit)))


def span_of(job: ReportJob) -> MonthSpan:
    """The span a job row was asked for (checked again: a month still to come stays refused)."""
    return month_span(job.params.get("from"), job.params.get("to"), local_today())


def build_file(session: Session, job: ReportJob, requester_name: str) -> bytes:
    """The job's PDF or workbook."""
    review = gather(session, pilot_units(session), span_of(job))
    job.total = len(review.units)
    if job.file_format == "xlsx":
        return workbook(review)
    html = current_app.jinja_env.get_template("reports/pilot_review.html").render(
        font_css=font_css(), today=local_today(), review=review, sections=sections(review), top=top_rows(review),
        definitions=DEFINITIONS, requester_name=requester_name, issuer=_issuer(), title=TITLE)
    if not job.params.get("sign"):
        return render_pdf(html)
    marks: dict = {}
    pdf = render_pdf(html, marks=marks)
    return signed.sign_report(PILOT_REVIEW, pdf, marks, _issuer()["place"])


def _issuer() -> dict:
    """The issuing body of the letterhead (configuration: the pilot's host)."""
    config = current_app.config
    return {"superior_name": config["PILOT_REVIEW_SUPERIOR"], "name": config["PILOT_REVIEW_ISSUER"],
            "place": config["PILOT_REVIEW_PLACE"]}


def workbook(review: PilotReview) -> bytes:
    """The indicators (units as columns, numbers as numbers) and the catalogue lists, each on its own sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng kết thí điểm"
    names = [f.unit.short_name or f.unit.name for f in review.units]
    ws.append([clean(f"{TITLE}: {review.span.label} ({review.working_days} ngày làm việc)")])
    ws.append(["Chỉ tiêu", *names])
    for section in sections(review):
        ws.append([section.title])
        for row in section.rows:
            ws.append([row.label, *[c.number if isinstance(c.number, int) else
                                    (float(c.number) if c.number is not None else None) for c in row.cells]])
    ws.append([])
    ws.append(["Tỷ lệ ghi theo %; thời gian theo giờ. " + review.deadline_note])
    _finish(ws, [62] + [22] * len(names))
    items = wb.create_sheet("Danh mục")
    items.append(["Thứ hạng", *names])
    for rank, cells in enumerate(top_rows(review), start=1):
        items.append([rank, *cells])
    items.append([])
    items.append(["Chưa được dùng", *["; ".join(f"{i.code} · {i.name}" for i in f.unused) for f in review.units]])
    _finish(items, [14] + [48] * len(names))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _finish(ws, widths: list[int]) -> None:
    """Every text cell written as text, wrapped; bold headings; the widths."""
    for cells in ws.iter_rows():
        for cell in cells:
            as_text(cell)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1] + ws[2]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
