"""The worker side of a report job: build the document, write the file, keep the row up to date."""
from flask import current_app
from sqlmodel import Session

from ..auth.actor import Actor
from ..auth.scope import own_and_managed_ids
from ..clock import local_today, utcnow
from ..errors import Conflict, DomainError
from ..models import Division, Person, ReportJob, Unit, UserAccount
from ..signing import province as signed_province
from ..signing import reports as signed
from . import documents, excel, form01_data
from .files import new_file_name, storage_dir
from .outbox import claim
from .pdf import CHUNK_SIZE, font_css, render_pdf
from .periods import period_range
from .province_document import province_report
from .province_excel import province_xlsx
from .province_scope import PROVINCE_KINDS
from .service import is_officer, periods_for
from .unitless import GUIDE, PILOT_REVIEW

TEMPLATES = {"form01": "reports/form01.html", "diary": "reports/diary.html", "hours": "reports/hours.html",
             "summary": "reports/summary.html", "okr": "reports/okr.html"}
PROVINCE_TEMPLATE = "reports/province_report.html"
WORKBOOKS = {"form01": excel.form01_xlsx, "diary": excel.diary_xlsx, "hours": excel.hours_xlsx,
             "summary": excel.summary_xlsx, "okr": excel.okr_xlsx}


def run_report(session: Session, job_id: int) -> None:
    """queued → running → done, or failed with a readable reason (then re-raised so RQ may retry)."""
    job = session.get(ReportJob, job_id)
    if job is None or not _take(session, job):
        return  # done, or another worker runs it (a job the sweep sent again while the first copy waited)
    job.started_at, job.heartbeat_at, job.attempts = utcnow(), utcnow(), job.attempts + 1
    job.error, job.progress = "", 0
    session.commit()
    try:
        content = _build(session, job)
        name = new_file_name(job)
        (storage_dir() / name).write_bytes(content)
        job.status, job.file_path, job.finished_at, job.progress = "done", name, utcnow(), job.total
        session.commit()
    except Exception as error:
        session.rollback()
        job = session.get(ReportJob, job_id)
        job.status, job.finished_at = "failed", utcnow()
        job.error = _reason(error)
        session.commit()
        raise


def _take(session: Session, job: ReportJob) -> bool:
    """queued (or failed, for RQ's own retry) → running, by one worker only."""
    try:
        claim(session, job, ("queued", "failed"), "running")
    except Conflict:
        return False
    return True


def _reason(error: Exception) -> str:
    """A message a user can read: ours as is; anything else generic, with its kind for the administrator."""
    if isinstance(error, DomainError):
        return f"Không lập được báo cáo: {error.message}"
    if error.__class__.__name__ == "JobTimeoutException":
        return "Không lập được báo cáo: quá thời gian xử lý cho phép. Vui lòng thử lại."
    return f"Không lập được báo cáo do lỗi hệ thống ({error.__class__.__name__}). Vui lòng thử lại hoặc báo quản trị hệ thống."


def _build(session: Session, job: ReportJob) -> bytes:
    """The document's data, then the PDF or the workbook."""
    if job.kind == GUIDE:
        from ..guide.document import guide_pdf  # the guide imports the report machinery, not the reverse
        job.total = 1  # one document; the row says done when it is written
        return guide_pdf()
    if job.kind == PILOT_REVIEW:
        from ..pilot.report import build_file  # the pilot review imports the report machinery, not the reverse
        return build_file(session, job, requester_name(session, job))
    if job.kind in PROVINCE_KINDS:
        return _province(session, job)
    unit = session.get(Unit, job.unit_id)
    ctx = {**_context(session, job, unit), "requester_name": requester_name(session, job)}
    job.heartbeat_at = utcnow()
    session.commit()
    if job.file_format == "xlsx":
        return WORKBOOKS[job.kind](ctx)
    # No context processors: a report belongs to no request and must not load a user or a session.
    signing = bool(job.params.get("sign"))
    if signing and job.kind == "form01":
        signed.check_sheets(ctx["sheets"])  # before the render: an unapproved sheet is never signed
    template = current_app.jinja_env.get_template(TEMPLATES[job.kind])
    html = template.render(font_css=font_css(), today=local_today(), **ctx)
    marks = {} if signing else None
    pdf = render_pdf(html, progress=lambda done, chunks: _beat(session, job, done * CHUNK_SIZE), marks=marks)
    return signed.sign_report(unit, job.kind, pdf, marks) if signing else pdf


def _province(session: Session, job: ReportJob) -> bytes:
    """Báo cáo tháng / sơ kết quý of a bloc or the province, from the unit performance index."""
    ctx = province_report(session, job.kind, job.params)
    job.total, job.heartbeat_at = len(ctx["lines"]), utcnow()
    session.commit()
    if job.file_format == "xlsx":
        return province_xlsx(ctx)
    html = current_app.jinja_env.get_template(PROVINCE_TEMPLATE).render(font_css=font_css(), today=local_today(), **ctx)
    if not job.params.get("sign"):
        return render_pdf(html)
    marks: dict = {}
    pdf = render_pdf(html, marks=marks)
    return signed_province.sign_report(job.kind, pdf, marks, ctx["issuer"]["place"])


def requester_name(session: Session, job: ReportJob) -> str:
    """Whoever asked for the report ("Người lập biểu"): their person's name, else the account's."""
    account = session.get(UserAccount, job.requested_by_id)
    person = session.get(Person, account.person_id) if account and account.person_id else None
    return person.full_name if person else (account.display_name if account else "")


def _beat(session: Session, job: ReportJob, done: int) -> None:
    """n of N sheets laid out, and a heartbeat the sweeper reads."""
    job.progress, job.heartbeat_at = min(done, job.total), utcnow()
    session.commit()


def _reach(session: Session, job: ReportJob, unit: Unit, division: Division | None) -> list[int] | None:
    """Whose sheets, hours or results a division's report holds: the whole division for the unit's officers; for
    its manager themselves and the people they manage (not the head and deputy heads who sit in the office)."""
    account = session.get(UserAccount, job.requested_by_id)
    actor = Actor.from_account(account) if account else None
    if division is None or (actor and is_officer(actor, unit)):
        return None
    return own_and_managed_ids(session, actor, division.id) if actor else []


def _context(session: Session, job: ReportJob, unit: Unit) -> dict:
    """Gather the data of the job's form, counting the sheets or lines it holds."""
    params = job.params
    span = period_range(params.get("period", ""), job.kind)
    first, last = span.first, span.last
    person = session.get(Person, params["person_id"]) if params.get("person_id") else None
    division = session.get(Division, params["division_id"]) if params.get("division_id") else None
    if job.kind == "form01":
        periods = periods_for(session, unit, first, last)
        if not periods:
            raise DomainError(f"Chưa có phiếu đánh giá {span.label.lower()} của cơ quan, đơn vị.")
        ids = [person.id] if person else _reach(session, job, unit, division)
        ctx = form01_data.form01(session, unit, periods[0], ids, division)
        job.total = len(ctx["sheets"])
    elif job.kind == "diary":
        ctx = documents.diary(session, unit, person, first, last)
        job.total = len(ctx["rows"])
    elif job.kind == "hours":
        ctx = documents.hours_summary(session, unit, first, last, division, _reach(session, job, unit, division))
        job.total = len(ctx["lines"])
        ctx["orientation"] = "landscape"
    elif job.kind == "okr":
        ctx = {**documents.okr_tracking(session, unit, first, last, current_app.config["OKR_STALE_DAYS"]),
               "label": span.label}
        job.total = len(ctx["lines"])
    else:
        ctx = documents.evaluation_summary(session, unit, periods_for(session, unit, first, last), span.label,
                                           span.kind, division, _reach(session, job, unit, division))
        job.total = len(ctx["lines"])
    return ctx
