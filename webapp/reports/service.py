"""Report jobs: request (row first, then the queue), run (worker side), sweep, download checks.

The database row, not RQ's job metadata, is what the pages read: queued → running (n of N) →
done with a file, or failed with a reason and a retry.
"""
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import manages_person
from ..clock import as_utc, utcnow
from ..errors import Conflict, DomainError, Forbidden, NotFound, Unavailable
from ..models import Division, Period, Person, ReportJob, Unit
from ..formatting import parse_vn_month
from ..pilot.access import require_viewer as require_pilot_viewer
from ..pilot.span import MonthSpan
from ..queue import enqueue
from ..signing import reports as signed
from ..text import clean, vn_name_key
from .periods import parse_period, period_range
from .province_scope import PROVINCE_KINDS, check_province_scope, scope_label

KINDS = {
    "form01": "Phiếu theo dõi, đánh giá công chức (Mẫu số 01)",
    "diary": "Nhật ký công việc cá nhân",
    "hours": "Bảng tổng hợp giờ làm việc",
    "summary": "Bảng tổng hợp đánh giá, xếp loại",
    "okr": "Bảng theo dõi mục tiêu, kết quả then chốt",
}
OFFICER_KINDS = ("okr",)  # unit-wide only: the unit's officers
GUIDE = "guide"  # the user guide's PDF (webapp/guide): no unit, the same for everyone
PILOT_REVIEW = "pilot_review"  # Báo cáo tổng kết thí điểm (webapp/pilot): no unit, every pilot unit side by side
JOB_KINDS = {**KINDS, **PROVINCE_KINDS, GUIDE: "Hướng dẫn sử dụng",
             PILOT_REVIEW: "Báo cáo tổng kết thí điểm"}  # how the job lists name every kind of job
FORMATS = ("pdf", "xlsx")
STALE_AFTER = timedelta(minutes=15)  # longer than the job timeout: a running row this old lost its worker
REQUEUE_AFTER = timedelta(minutes=2)  # a queued row this old was lost by the queue (Redis restarted or down)
GIVE_UP_AFTER = timedelta(minutes=15)  # ... and if the queue still refuses it, it is failed with "Thử lại"
QUEUE_DOWN = ("Hàng đợi xử lý báo cáo tạm thời không hoạt động. Yêu cầu đã được ghi nhận và sẽ được lập tự động "
              "khi hệ thống hoạt động trở lại; bạn không cần gửi lại.")
QUEUE_GAVE_UP = "Hàng đợi xử lý báo cáo không hoạt động trong thời gian dài nên chưa lập được. Vui lòng bấm Thử lại."
AUDITED = ("status", "progress", "total", "attempts", "error")


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked for."""

    kind: str
    file_format: str
    period: str
    person_id: int | None = None
    division_id: int | None = None
    sign: bool = False  # issue it digitally signed with the unit's certificate (webapp.signing)


def is_officer(actor: Actor, unit: Unit) -> bool:
    """The unit's head or personnel officer, an organiser of its bloc, or an administrator."""
    return ((actor.role in {"head", "personnel"} and actor.unit_id == unit.id) or actor.role == "admin"
            or (actor.role == "organiser" and actor.bloc_id == unit.bloc_id))


PERSONAL_KINDS = ("form01", "diary")  # the only kinds a person_id narrows to one person
DIVISION_KINDS = ("form01", "hours", "summary")  # the kinds a division_id narrows to one division


def check_scope(session: Session, actor: Actor, unit: Unit, req: ReportRequest) -> None:
    """Refuse a report outside the actor's role and scope (also checked again at download):
    officers see the unit; a person their own Form 01 and diary (and those of the people they
    manage); a division manager the Form 01 sheets, hours and results of their own division only."""
    if is_officer(actor, unit):
        return
    if req.kind in PERSONAL_KINDS and req.person_id is not None:
        person = session.get(Person, req.person_id)
        if person and person.unit_id == unit.id and (actor.person_id == person.id or manages_person(actor, person)):
            return
    if (req.kind in DIVISION_KINDS and req.person_id is None and actor.role == "manager" and actor.unit_id == unit.id
            and actor.division_id is not None and req.division_id == actor.division_id):
        return
    raise Forbidden("Bạn không có quyền lập báo cáo này.")


@dataclass(frozen=True)
class ReportOptions:
    """What the actor may ask for here: the kinds, the people, the divisions, and whether the whole unit."""

    kinds: dict[str, str]
    people: list[Person]
    divisions: list[Division]
    whole_unit: bool
    can_sign: bool = False  # the form offers "Ký số"


def options_for(session: Session, actor: Actor, unit: Unit) -> ReportOptions:
    """Officers: the unit; a manager: their division and themselves; anyone else: themselves."""
    people = sorted(session.exec(select(Person).where(Person.unit_id == unit.id, Person.active)),
                    key=lambda person: vn_name_key(person.full_name))
    divisions = list(session.exec(select(Division).where(Division.unit_id == unit.id).order_by(Division.sort_order)))
    if is_officer(actor, unit):
        return ReportOptions(dict(KINDS), people, divisions, True, signed.may_sign(actor, unit))
    own = [p for p in people if p.id == actor.person_id or manages_person(actor, p)]
    if actor.role == "manager" and actor.unit_id == unit.id and actor.division_id is not None:
        kinds = {k: label for k, label in KINDS.items() if k not in OFFICER_KINDS}
        return ReportOptions(kinds, own, [d for d in divisions if d.id == actor.division_id], False)
    return ReportOptions({k: KINDS[k] for k in PERSONAL_KINDS} if own else {}, own, [], False)


def validate(session: Session, unit: Unit, req: ReportRequest) -> None:
    """Bad input gets a Vietnamese message and creates nothing."""
    if req.kind not in KINDS:
        raise DomainError("Loại báo cáo không hợp lệ.", field="kind")
    if req.file_format not in FORMATS:
        raise DomainError("Định dạng tệp không hợp lệ (PDF hoặc Excel).", field="file_format")
    period_range(req.period, req.kind)
    if req.kind == "diary" and req.person_id is None:
        raise DomainError("Vui lòng chọn người cần in nhật ký.", field="person_id")
    if req.person_id is not None:
        person = session.get(Person, req.person_id)
        if person is None or person.unit_id != unit.id:
            raise DomainError("Người được chọn không thuộc cơ quan, đơn vị.", field="person_id")
    if req.division_id is not None:
        division = session.get(Division, req.division_id)
        if division is None or division.unit_id != unit.id:
            raise DomainError("Phòng, ban được chọn không thuộc cơ quan, đơn vị.", field="division_id")


def request_report(session: Session, actor: Actor, unit: Unit, req: ReportRequest) -> ReportJob:
    """Role and scope first, then the input; insert the job row and commit, then enqueue it with its id (a fast
    worker must find the row)."""
    check_scope(session, actor, unit, req)
    validate(session, unit, req)
    if req.sign:
        signed.check_request(actor, unit, req.kind, req.file_format)
    params = {"period": period_range(req.period, req.kind).key, "person_id": req.person_id,
              "division_id": req.division_id, **({"sign": True} if req.sign else {})}
    job = ReportJob(kind=req.kind, file_format=req.file_format, unit_id=unit.id, requested_by_id=actor.account_id,
                    params=params, heartbeat_at=utcnow(),
                    expires_at=utcnow() + timedelta(days=current_app.config["REPORT_RETENTION_DAYS"]))
    session.add(job)
    record(session, actor, "report_requested", job, {}, snapshot(job, ("kind", "file_format", "params")))
    session.commit()
    enqueue_job(job.id)
    return job


def enqueue_job(job_id: int) -> None:
    """On RQ with one retry and a timeout; in-process without Redis (the failure is on the row). Redis down:
    the row stays queued (committed) for the sweep to send again, and the user is told so."""
    if not _send(job_id):
        raise Unavailable(QUEUE_DOWN)


def _send(job_id: int) -> bool:
    """Put the job on the queue; False when Redis cannot be reached."""
    try:
        enqueue("workers.reports.run_report", job_id)
    except RedisError:
        return False
    except Exception:  # noqa: BLE001 - in-process run: the row already says failed and why
        if current_app.config.get("REDIS_URL"):
            raise
    return True


def retry(session: Session, actor: Actor, job_id: int) -> ReportJob:
    """Queue a failed report again."""
    job = get_for(session, actor, job_id)
    if job.status != "failed":
        raise DomainError("Chỉ thử lại được báo cáo bị lỗi.")
    before = snapshot(job, AUDITED)
    claim(session, job, "failed", "queued")
    job.error, job.progress, job.heartbeat_at = "", 0, utcnow()
    record(session, actor, "report_retried", job, before, snapshot(job, AUDITED))
    session.commit()
    enqueue_job(job.id)
    return job


def get_for(session: Session, actor: Actor, job_id: int) -> ReportJob:
    """A job the actor may see: they asked for it, or they could have."""
    job = session.get(ReportJob, job_id)
    if job is None:
        raise NotFound("Không tìm thấy báo cáo.")
    if job.kind == PILOT_REVIEW:  # the province's review: whoever may read it now, the requester too
        require_pilot_viewer(actor)
        return job
    if job.kind in PROVINCE_KINDS:  # no unit: the bloc or the province, whoever asked for it
        check_province_scope(actor, job.params.get("bloc_id"))
    elif job.kind != GUIDE and job.requested_by_id != actor.account_id:  # the guide is everyone's
        check_scope(session, actor, session.get(Unit, job.unit_id), _request_of(job))
    return job


def _request_of(job: ReportJob) -> ReportRequest:
    """The request a job row was made from."""
    p = job.params
    return ReportRequest(job.kind, job.file_format, p.get("period", ""), p.get("person_id"), p.get("division_id"),
                         bool(p.get("sign")))


def download_path(session: Session, actor: Actor, job_id: int) -> tuple[Path, str]:
    """The stored file of a finished job and a readable file name, within the actor's scope."""
    job = get_for(session, actor, job_id)
    if job.status != "done" or not job.file_path:
        raise NotFound("Tệp báo cáo chưa sẵn sàng hoặc đã hết thời hạn lưu trữ.")
    path = storage_dir() / job.file_path
    if not path.exists():
        raise NotFound("Tệp báo cáo đã hết thời hạn lưu trữ.")
    return path, file_name(session, job)


def subject_of(session: Session, job: ReportJob) -> str:
    """Whose report it is: the person, the division or the unit."""
    params = job.params
    if job.kind == PILOT_REVIEW:
        return "Các đơn vị thí điểm"
    if job.kind in PROVINCE_KINDS:
        return scope_label(session, params.get("bloc_id")) + (" (đơn vị thí điểm)" if params.get("pilot_only") else "")
    if job.unit_id is None:
        return "Mọi vai trò"
    if params.get("person_id") and (person := session.get(Person, params["person_id"])):
        return person.full_name
    if params.get("division_id") and (division := session.get(Division, params["division_id"])):
        return division.name
    unit = session.get(Unit, job.unit_id)
    return unit.short_name or unit.name


def period_label(job: ReportJob) -> str:
    """The job's period as people read it ("Tháng 11/2026", "Quý 4 năm 2026")."""
    if job.kind == PILOT_REVIEW:
        return pilot_span_label(job.params)
    try:
        return parse_period(job.params.get("period", "")).label
    except DomainError:
        return job.params.get("period", "")


def pilot_span_label(params: dict) -> str:
    """"Từ tháng 06/2026 đến tháng 07/2026" from a pilot review job's months ("2026-06", "2026-07")."""
    first, last = (parse_vn_month(params.get(key)) for key in ("from", "to"))
    return MonthSpan(first, last, last).label if first and last else ""


@dataclass(frozen=True)
class JobLabel:
    """How the job list names a report: whose it is and for which period."""

    subject: str
    period: str


def labels_of(session: Session, jobs: list[ReportJob]) -> dict[int, JobLabel]:
    """Each job's label, by job id."""
    return {job.id: JobLabel(subject_of(session, job), period_label(job)) for job in jobs}


def file_name(session: Session, job: ReportJob) -> str:
    """"Mẫu 01 - Nguyễn Văn An - Tháng 11-2026.pdf": the kind, whose, the period; without characters a file
    name may not hold, nor control or bidi characters of names stored before input was cleaned."""
    if job.kind == GUIDE:
        return "Hướng dẫn sử dụng OKR-KPI Thanh Hóa.pdf"
    kind = {"form01": "Mẫu 01", "diary": "Nhật ký", "hours": "Giờ làm việc", "summary": "Tổng hợp đánh giá",
            "okr": "Theo dõi OKR", PILOT_REVIEW: "Tổng kết thí điểm", **PROVINCE_KINDS}[job.kind]
    signed = " (ký số)" if job.params.get("sign") else ""
    name = f"{kind} - {subject_of(session, job)} - {period_label(job).replace('/', '-')}{signed}.{job.file_format}"
    return re.sub(r'[\\/:*?"<>|]', "", clean(name).replace("\n", "").replace("\t", ""))


def ascii_name(name: str) -> str:
    """The name without diacritics (đ → d) in safe ASCII, for clients that ignore filename*."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._ -]", "", text).strip() or "bao-cao"


def content_disposition(name: str) -> str:
    """attachment; an ASCII filename and the UTF-8 one (RFC 5987/6266)."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def storage_dir() -> Path:
    """Where report files live (a shared volume in production)."""
    folder = Path(current_app.config["STORAGE_DIR"]) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def recent_jobs(session: Session, actor: Actor, limit: int = 20) -> list[ReportJob]:
    """The actor's latest report requests."""
    return list(session.exec(select(ReportJob).where(ReportJob.requested_by_id == actor.account_id)
                             .order_by(ReportJob.id.desc()).limit(limit)))


def _mark_stalled(session: Session, job: ReportJob) -> bool:
    """A running row whose worker went silent becomes failed (audited as the system's action)."""
    beat = as_utc(job.heartbeat_at or job.started_at or job.created_at)
    if job.status != "running" or utcnow() - beat <= STALE_AFTER:
        return False
    before = snapshot(job, AUDITED)
    job.status, job.finished_at = "failed", utcnow()
    job.error = "Tiến trình xử lý bị gián đoạn (máy chủ xử lý ngừng hoạt động). Vui lòng bấm Thử lại."
    record(session, None, "report_stalled", job, before, snapshot(job, AUDITED))
    return True


def fail_if_stalled(session: Session, job: ReportJob) -> ReportJob:
    """Looked at while running: show it failed if its worker died, rather than running forever."""
    if _mark_stalled(session, job):
        session.commit()
    return job


def claim(session: Session, job: ReportJob, source: str | tuple[str, ...], target: str) -> None:
    """Move the row from one status to the next with a conditional UPDATE: of two requests (two clicks on
    Thử lại, a sweep and a worker), one wins and the other gets the conflict message."""
    sources = (source,) if isinstance(source, str) else source
    taken = session.execute(update(ReportJob).where(ReportJob.id == job.id, ReportJob.status.in_(sources))
                            .values(status=target).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        session.rollback()
        raise Conflict("Báo cáo vừa được người khác hoặc hệ thống cập nhật. Vui lòng tải lại trang để xem "
                       "trạng thái mới nhất.")
    job.status = target


def requeue_lost(session: Session) -> tuple[int, int]:
    """The outbox: queued rows silent for REQUEUE_AFTER are sent again (a non-persistent Redis lost them);
    those the queue still refuses after GIVE_UP_AFTER become failed with Thử lại. (sent, failed)."""
    now, sent, failed = utcnow(), 0, 0
    lost = session.exec(select(ReportJob).where(ReportJob.status == "queued")).all()
    for job in lost:
        beat = as_utc(job.heartbeat_at or job.created_at)
        if now - beat <= REQUEUE_AFTER:
            continue
        if _send(job.id):
            job.heartbeat_at, sent = now, sent + 1
        elif now - beat > GIVE_UP_AFTER:
            before = snapshot(job, AUDITED)
            job.status, job.finished_at, job.error = "failed", now, QUEUE_GAVE_UP
            record(session, None, "report_stalled", job, before, snapshot(job, AUDITED))
            failed += 1
        session.commit()
    return sent, failed


def sweep(session: Session) -> tuple[int, int]:
    """Mark every stalled row failed, send lost queued rows again, and delete files past their retention
    (audited); worker side (at start and every minute) and `flask reports-sweep`."""
    stale = sum(_mark_stalled(session, job) for job in session.exec(select(ReportJob).where(ReportJob.status == "running")))
    session.commit()
    requeue_lost(session)
    purged = 0
    for job in session.exec(select(ReportJob).where(ReportJob.expires_at < utcnow(), ReportJob.file_path != "")):
        (storage_dir() / job.file_path).unlink(missing_ok=True)
        record(session, None, "report_purged", job, {"file_path": job.file_path}, {"file_path": ""})
        job.file_path = ""
        purged += 1
    session.commit()
    return stale, purged



def new_file_name(job: ReportJob) -> str:
    """An unguessable stored name."""
    return f"{job.id}-{secrets.token_hex(8)}.{job.file_format}"


def periods_for(session: Session, unit: Unit, first: date, last: date) -> list[Period]:
    """The unit's existing monthly periods in the range (a report never opens a period)."""
    return list(session.exec(select(Period).where(Period.unit_id == unit.id, Period.kind == "month",
                                                  Period.starts_on >= first, Period.starts_on <= last)
                             .order_by(Period.starts_on)))
