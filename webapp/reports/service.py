"""Report jobs of a unit: what each role may ask for, the request (row first, then the queue), the retry, and
the checks on seeing and downloading a job. The queue's side is in outbox, the names in naming, the kinds without
a unit in unitless.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import manages_person
from ..clock import utcnow
from ..errors import DomainError, Forbidden, NotFound
from ..models import Division, Period, Person, ReportJob, Unit
from ..signing import reports as signed
from ..text import vn_name_key
from .files import storage_dir
from .naming import file_name
from .outbox import AUDITED, claim, enqueue_job
from .periods import period_range
from .unitless import UNITLESS

KINDS = {
    "form01": "Phiếu theo dõi, đánh giá công chức (Mẫu số 01)",
    "diary": "Nhật ký công việc cá nhân",
    "hours": "Bảng tổng hợp giờ làm việc",
    "summary": "Bảng tổng hợp đánh giá, xếp loại",
    "okr": "Bảng theo dõi mục tiêu, kết quả then chốt",
}
OFFICER_KINDS = ("okr",)  # unit-wide only: the unit's officers
JOB_KINDS = {**KINDS, **{kind: unitless.label for kind, unitless in UNITLESS.items()}}  # every kind, as lists name it
FORMATS = ("pdf", "xlsx")


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
    if job.kind in UNITLESS:
        UNITLESS[job.kind].check(actor, job)
    elif job.requested_by_id != actor.account_id:
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


def recent_jobs(session: Session, actor: Actor, limit: int = 20) -> list[ReportJob]:
    """The actor's latest report requests."""
    return list(session.exec(select(ReportJob).where(ReportJob.requested_by_id == actor.account_id)
                             .order_by(ReportJob.id.desc()).limit(limit)))


def periods_for(session: Session, unit: Unit, first: date, last: date) -> list[Period]:
    """The unit's existing monthly periods in the range (a report never opens a period)."""
    return list(session.exec(select(Period).where(Period.unit_id == unit.id, Period.kind == "month",
                                                  Period.starts_on >= first, Period.starts_on <= last)
                             .order_by(Period.starts_on)))
