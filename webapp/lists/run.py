"""The worker side of an import job: check the file whole and preview it; once confirmed, check it again
against the database as it is now and apply it in ONE transaction."""
from sqlmodel import Session, select

from ..audit import record
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import DomainError
from ..models import ImportJob, Unit, UserAccount
from . import rows_cache, staff
from .changes import preview
from .columns import LISTS
from .reader import FileRefused, Problems, read_list
from .service import MODULES, import_dir


def _checked(session: Session, job: ImportJob, unit: Unit, progress):
    """(changes, problems): the file read whole, then the list's rules; changes None when anything is wrong."""
    spec, module, problems = LISTS[job.kind], MODULES[job.kind], Problems()
    cache = import_dir() / f"{job.file_path}.rows.json"
    records = rows_cache.load(cache) if job.status == "applying" else None
    if records is None:
        try:
            records = read_list(import_dir() / job.file_path, spec, problems, progress)
        except FileRefused as refusal:
            problems.add(None, "", str(refusal))
            return None, problems
        if not problems.count:
            rows_cache.save(cache, records)
    module.check(session, unit, records, problems)
    if job.kind == "staff":
        staff.check_keeps_importer(session, unit, job.confirmed_by_id or job.requested_by_id, records, problems)
    if problems.count:
        return None, problems
    return module.diff(session, unit, records), problems


def _invalid(job: ImportJob, problems: Problems) -> None:
    """The job shows every problem; nothing was imported."""
    job.status, job.problems, job.problem_count, job.finished_at = "invalid", problems.items, problems.count, utcnow()


def discard_files(job: ImportJob) -> None:
    """An import that is over keeps no personal data on disk: the upload and its rows go (the row says what
    happened, the audit log what changed)."""
    for name in (job.file_path, f"{job.file_path}.rows.json"):
        if name:
            (import_dir() / name).unlink(missing_ok=True)


def run_check(session: Session, job_id: int) -> None:
    """queued → checking → invalid (every problem) or ready (the preview)."""
    job = session.get(ImportJob, job_id)
    if job is None or job.status != "queued":
        return
    job.status, job.started_at, job.heartbeat_at = "checking", utcnow(), utcnow()
    session.commit()
    unit = session.get(Unit, job.unit_id)
    try:
        changes, problems = _checked(session, job, unit, lambda done, total: _beat(session, job, done, total))
        if changes is None:
            _invalid(job, problems)
        else:
            job.status, job.preview = "ready", preview(changes, _labels(job.kind))
            job.progress = job.total = sum(job.preview["counts"].values())
        session.commit()
        if job.status == "invalid":
            discard_files(job)
    except Exception:
        _failed(session, job_id, "Không kiểm tra được tệp do lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị.")
        raise


def _labels(kind: str) -> dict[str, str]:
    """Column headers by key, for the preview."""
    return {**{column.key: column.header for column in LISTS[kind].columns}, "active": "Đang theo dõi",
            "effective_to": "Hiệu lực đến", "competencies": "Khung năng lực"}


def _beat(session: Session, job: ImportJob, done: int, total: int) -> None:
    """n of N rows read (only the job row is pending in the session while checking)."""
    job.progress, job.total, job.heartbeat_at = done, max(total, done), utcnow()
    session.commit()


def run_apply(session: Session, job_id: int) -> None:
    """applying → done: the unit locked, the file checked again, everything written and the job row marked
    in one commit; or invalid (the data changed since the preview) with nothing written."""
    job = session.get(ImportJob, job_id)
    if job is None or job.status != "applying":
        return
    job.heartbeat_at = utcnow()
    session.commit()
    try:
        unit = session.exec(select(Unit).where(Unit.id == job.unit_id).with_for_update()).one()
        changes, problems = _checked(session, job, unit, lambda done, total: None)
        if changes is not None:
            actor = _actor(session, job)
            changes = _applied(session, job, actor, unit, changes, problems)
        if changes is None:
            session.rollback()
            job = session.get(ImportJob, job_id)
            _invalid(job, problems)
        else:
            job.status, job.finished_at = "done", utcnow()
            record(session, actor, "import_applied", job, {"status": "applying"},
                   {"status": "done", **{k: v for k, v in job.result.items() if k != "account_ids"}})
        session.commit()
        discard_files(job)  # done, or refused again: either way over
    except Exception:
        _failed(session, job_id, "Không áp dụng được danh sách do lỗi hệ thống; không có thay đổi nào được lưu.")
        raise



def _applied(session: Session, job: ImportJob, actor: Actor, unit: Unit, changes, problems: Problems):
    """Write the changes (job.result: the counts); None, with the reason added to problems, when the apply step
    refuses them by a rule of its own (a catalogue draft's), so the import ends invalid like any refused file."""
    try:
        job.result = MODULES[job.kind].apply(session, actor, unit, changes)
    except DomainError as refusal:
        problems.add(None, "", refusal.message)
        return None
    return changes

def _actor(session: Session, job: ImportJob) -> Actor:
    """Who confirmed the import: its audit records name them."""
    return Actor.from_account(session.get(UserAccount, job.confirmed_by_id or job.requested_by_id))


def _failed(session: Session, job_id: int, message: str) -> None:
    """Roll back whatever was pending and mark the row failed."""
    session.rollback()
    job = session.get(ImportJob, job_id)
    job.status, job.error, job.finished_at = "failed", message, utcnow()
    session.commit()
