"""How a report job is named: whose it is, its period, the download's file name and its Content-Disposition."""
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import Session

from ..errors import DomainError
from ..models import Division, Person, ReportJob, Unit
from ..text import clean
from .periods import parse_period
from .unitless import UNITLESS

FILE_TITLES = {"form01": "Mẫu 01", "diary": "Nhật ký", "hours": "Giờ làm việc", "summary": "Tổng hợp đánh giá",
               "okr": "Theo dõi OKR", **{kind: unitless.title for kind, unitless in UNITLESS.items()}}


def subject_of(session: Session, job: ReportJob) -> str:
    """Whose report it is: the person, the division or the unit (for a kind without a unit, its own words)."""
    if job.kind in UNITLESS:
        return UNITLESS[job.kind].subject(session, job)
    params = job.params
    if params.get("person_id") and (person := session.get(Person, params["person_id"])):
        return person.full_name
    if params.get("division_id") and (division := session.get(Division, params["division_id"])):
        return division.name
    unit = session.get(Unit, job.unit_id)
    return unit.short_name or unit.name


def period_label(job: ReportJob) -> str:
    """The job's period as people read it ("Tháng 11/2026", "Quý 4 năm 2026")."""
    unitless = UNITLESS.get(job.kind)
    if unitless and unitless.period:
        return unitless.period(job.params)
    try:
        return parse_period(job.params.get("period", "")).label
    except DomainError:
        return job.params.get("period", "")


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
    if job.kind in UNITLESS and UNITLESS[job.kind].fixed_name:
        return UNITLESS[job.kind].fixed_name
    signed = " (ký số)" if job.params.get("sign") else ""
    name = (f"{FILE_TITLES[job.kind]} - {subject_of(session, job)} - {period_label(job).replace('/', '-')}{signed}"
            f".{job.file_format}")
    return re.sub(r'[\\/:*?"<>|]', "", clean(name).replace("\n", "").replace("\t", ""))


def ascii_name(name: str) -> str:
    """The name without diacritics (đ → d) in safe ASCII, for clients that ignore filename*."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._ -]", "", text).strip() or "bao-cao"


def content_disposition(name: str) -> str:
    """attachment; an ASCII filename and the UTF-8 one (RFC 5987/6266)."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
