"""Nhập, xuất Excel: templates and exports of a unit's lists, and import jobs (upload → check whole → preview →
confirm → apply in one transaction). The job row, not RQ, is what the pages read."""
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import update
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import require_unit
from ..clock import as_utc, utcnow
from ..errors import DomainError, Forbidden, NotFound
from ..models import Division, ImportJob, JobPosition, Unit
from ..queue import enqueue
from ..text import tidy
from . import catalogue, divisions, document_types, positions, staff
from .columns import GENDERS, LISTS, POSITION_GROUP_LABELS, STAFF_KIND_LABELS, YES_NO
from .workbook import write_list

MODULES = {"divisions": divisions, "positions": positions, "staff": staff, "catalogue": catalogue,
           "document_types": document_types}
IMPORTERS = ("personnel", "admin")
AUDITED = ("status", "problem_count", "error")
STALE_AFTER = timedelta(minutes=15)  # longer than the job timeout (10 min)


def may_import(actor: Actor, unit: Unit) -> bool:
    """The unit's personnel officer, or the administrator."""
    return actor.role == "admin" or (actor.role == "personnel" and actor.unit_id == unit.id)


def may_export(actor: Actor, unit: Unit) -> bool:
    """Those who import, and an organiser of the unit's bloc (read-only)."""
    return may_import(actor, unit) or (actor.role == "organiser" and actor.bloc_id == unit.bloc_id)


def require_importer(allowed: bool) -> None:
    """Refuse outside the role and scope."""
    if not allowed:
        raise Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị hoặc quản trị hệ thống được nhập danh sách từ Excel.")


def spec_of(kind: str):
    """The list, or 404 for an unknown kind."""
    if kind not in LISTS:
        raise NotFound("Không có danh sách này.")
    return LISTS[kind]


def picks(session: Session, unit: Unit) -> dict[str, list[str]]:
    """The drop-down lists of the unit's templates."""
    return {"position_groups": list(POSITION_GROUP_LABELS.values()), "staff_kinds": list(STAFF_KIND_LABELS.values()),
            "genders": list(GENDERS), "yes_no": list(YES_NO.values()), "task_groups": ["A", "B", "C", "D"],
            "positions": list(session.exec(select(JobPosition.code).where(JobPosition.unit_id == unit.id,
                                                                          JobPosition.active)
                                           .order_by(JobPosition.code))),
            "divisions": list(session.exec(select(Division.code).where(Division.unit_id == unit.id,
                                                                       Division.closed_on.is_(None))
                                           .order_by(Division.sort_order, Division.code)))}


def workbook(session: Session, actor: Actor, unit: Unit, kind: str, with_rows: bool) -> tuple[bytes, str]:
    """The template (no rows) or the export of a list, and its file name; exports are audited."""
    spec = spec_of(kind)
    require_unit(actor, unit)
    if not may_export(actor, unit):
        raise Forbidden("Bạn không có quyền tải danh sách này.")
    rows = MODULES[kind].export_rows(session, unit) if with_rows else []
    content = write_list(spec, rows, picks(session, unit))
    if with_rows:
        record(session, actor, "list_exported", unit, {}, {"kind": kind, "rows": len(rows)})
        session.commit()
    prefix = "Danh sách" if with_rows else "Mẫu"
    return content, f"{prefix} - {spec.label} - {unit.short_name or unit.name}.xlsx"


def import_dir() -> Path:
    """Where uploaded files are kept while their job lives."""
    folder = Path(current_app.config["STORAGE_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def request_import(session: Session, actor: Actor, unit: Unit, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Store the upload, insert the job row and commit, then enqueue the check with its id."""
    spec_of(kind)
    require_importer(may_import(actor, unit))
    if not content:
        raise DomainError("Vui lòng chọn tệp Excel (.xlsx) để tải lên.", field="file")
    if not file_name.lower().endswith(".xlsx"):
        raise DomainError("Chỉ nhận tệp Excel .xlsx (tải mẫu, điền rồi lưu dạng Excel Workbook).", field="file")
    stored = f"{secrets.token_hex(12)}.xlsx"
    (import_dir() / stored).write_bytes(content)
    job = ImportJob(kind=kind, unit_id=unit.id, file_path=stored, file_name=tidy(file_name)[-255:],
                    requested_by_id=actor.account_id)
    session.add(job)
    record(session, actor, "import_requested", job, {}, snapshot(job, ("kind", "file_name")))
    session.commit()
    _enqueue("workers.imports.check_import", job.id)
    return job


def _enqueue(func: str, job_id: int) -> None:
    """On RQ; in-process without Redis (a failure is on the row)."""
    try:
        enqueue(func, job_id)
    except Exception:  # noqa: BLE001 - in-process run: the row already says failed and why
        if current_app.config.get("REDIS_URL"):
            raise


def get_for(session: Session, actor: Actor, job_id: int) -> ImportJob:
    """A job of a unit the actor may import into."""
    job = session.get(ImportJob, job_id)
    if job is None:
        raise NotFound("Không tìm thấy lần nhập này.")
    unit = session.get(Unit, job.unit_id)
    if not may_export(actor, unit):
        raise Forbidden("Bạn không có quyền xem lần nhập này.")
    return _fail_if_stalled(session, job)


def _fail_if_stalled(session: Session, job: ImportJob) -> ImportJob:
    """A job whose worker went silent (or whose queue entry was lost) shows failed rather than waiting for ever;
    nothing was applied (the apply step commits once)."""
    beat = as_utc(job.heartbeat_at or job.started_at or job.created_at)
    if job.status in ("queued", "checking", "applying") and utcnow() - beat > STALE_AFTER:
        before = snapshot(job, AUDITED)
        job.status, job.finished_at = "failed", utcnow()
        job.error = "Tiến trình xử lý bị gián đoạn; không có thay đổi nào được lưu. Vui lòng tải tệp lên lại."
        record(session, None, "import_stalled", job, before, snapshot(job, AUDITED))
        session.commit()
    return job


def confirm(session: Session, actor: Actor, job_id: int) -> ImportJob:
    """ready → applying (a conditional UPDATE: two clicks apply once), then enqueue the apply step."""
    job = get_for(session, actor, job_id)
    require_importer(may_import(actor, session.get(Unit, job.unit_id)))
    moved = session.execute(update(ImportJob).where(ImportJob.id == job.id, ImportJob.status == "ready")
                            .values(status="applying", confirmed_by_id=actor.account_id)).rowcount
    if not moved:
        raise DomainError("Lần nhập này không còn chờ xác nhận (đã áp dụng, đang áp dụng hoặc có lỗi).")
    record(session, actor, "import_confirmed", job, {"status": "ready"}, {"status": "applying"})
    session.commit()
    _enqueue("workers.imports.apply_import", job.id)
    session.refresh(job)
    return job


def unit_of(session: Session, job: ImportJob) -> Unit:
    """The job's unit."""
    return session.get(Unit, job.unit_id)


def recent(session: Session, unit: Unit, limit: int = 10) -> list[ImportJob]:
    """The unit's latest imports."""
    return list(session.exec(select(ImportJob).where(ImportJob.unit_id == unit.id)
                             .order_by(ImportJob.id.desc()).limit(limit)))

