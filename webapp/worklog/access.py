"""Who may touch a diary entry, and taking it at the version the user saw: shared by the author's verbs
(service.py), the manager's (review.py) and the queries behind their pages."""
from datetime import date

from sqlalchemy import text, update
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import manages_person
from ..errors import Conflict, Forbidden, NotFound
from ..models import DiaryEntry, Person

STATUS_LABELS = {"draft": "Nháp", "submitted": "Đã gửi duyệt", "approved": "Đã duyệt", "returned": "Bị trả lại"}
NO_DIARY = "Tài khoản của bạn không gắn với cán bộ, công chức nào nên không có nhật ký công việc."


def author_of(session: Session, actor: Actor) -> Person:
    """The actor's own person record: only people keep a diary."""
    person = session.get(Person, actor.person_id) if actor.person_id else None
    if person is None or not person.active:
        raise Forbidden(NO_DIARY)
    return person


def reviewable(session: Session, actor: Actor, entry_id: int) -> tuple[DiaryEntry, Person]:
    """An entry of someone the actor manages (direct manager or unit head), or a refusal."""
    entry = session.get(DiaryEntry, entry_id)
    if entry is None:
        raise NotFound("Không tìm thấy mục nhật ký.")
    person = session.get(Person, entry.person_id)
    if not manages_person(actor, person):
        raise Forbidden("Chỉ lãnh đạo trực tiếp hoặc thủ trưởng cơ quan, đơn vị mới được duyệt nhật ký của người này.")
    return entry, person


def claim(session: Session, entry: DiaryEntry, version: int) -> None:
    """Take the entry at the version the user saw, or refuse: someone changed it meanwhile.

    The conditional UPDATE makes the check hold under concurrency: of two transactions with the
    same version, the second finds no row once the first commits.
    """
    if entry.version != version or not _bump(session, entry.id, version):
        status = session.exec(select(DiaryEntry.status).where(DiaryEntry.id == entry.id)).first()
        raise conflict(status)


def conflict(status: str | None) -> Conflict:
    """The message for a stale version, naming the entry's current status."""
    label = STATUS_LABELS.get(status, "đã bị xóa") if status else "đã bị xóa"
    return Conflict(
        "Mục nhật ký vừa được người khác cập nhật trong lúc bạn thao tác "
        f"(trạng thái hiện tại: {label}). Vui lòng tải lại trang để xem thông tin mới nhất."
    )


def _bump(session: Session, entry_id: int, version: int) -> bool:
    """Increment the version if it is still the given one; True when a row was taken."""
    result = session.execute(
        update(DiaryEntry).where(DiaryEntry.id == entry_id, DiaryEntry.version == version)
        .values(version=version + 1).execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def lock_day(session: Session, person_id: int, day: date) -> None:
    """Serialise the writes of one person-day until commit, so the 24-hour rule judges the day as the others left
    it (PostgreSQL advisory lock keyed (person, day); SQLite lets one writer at a time anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:person, :day)"),
                                     {"person": person_id, "day": day.toordinal()})
