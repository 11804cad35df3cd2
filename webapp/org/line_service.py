"""Quan hệ báo cáo: who may see and change the lines of a unit, the changes (audited), and the page's rows."""
from dataclasses import dataclass

from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import require_unit
from ..errors import DomainError, Forbidden, NotFound
from ..models import Division, Person, Unit, UserAccount
from ..text import vn_name_key
from .line_problems import Problem, problems
from .lines import LINE_ROLES, default_managers, members, reset_default_lines

EVALUATOR_ROLES = ("organiser", "head")  # the superior level: the bloc's organiser or another unit's head


@dataclass(frozen=True)
class LineRow:
    """One person's line on the page: their manager, the default one, whether the officer set it."""

    person: Person
    division: Division | None
    manager: Person | None
    default: Person | None
    explicit: bool
    is_head: bool


@dataclass(frozen=True)
class LinesPage:
    """Everything the Quan hệ báo cáo page shows."""

    unit: Unit
    rows: list[LineRow]
    candidates: list[Person]
    problems: list[Problem]
    evaluator: UserAccount | None
    evaluators: list[UserAccount]
    may_edit: bool
    may_set_evaluator: bool


def may_edit_lines(actor: Actor, unit: Unit) -> bool:
    """The unit's personnel officer, or the admin."""
    return actor.role == "admin" or (actor.role == "personnel" and actor.unit_id == unit.id)


def may_set_evaluator(actor: Actor, unit: Unit) -> bool:
    """The admin, or the organiser of the unit's bloc."""
    return actor.role == "admin" or (actor.role == "organiser" and actor.bloc_id == unit.bloc_id)


def require_view(actor: Actor, unit: Unit) -> Unit:
    """The personnel officer, the admin and the bloc's organiser (read-only); anyone else is refused."""
    require_unit(actor, unit)
    if not (may_edit_lines(actor, unit) or may_set_evaluator(actor, unit)):
        raise Forbidden("Chỉ cán bộ tổ chức của đơn vị, cơ quan tổ chức của khối hoặc quản trị hệ thống "
                        "mới xem được quan hệ báo cáo.")
    return unit


def lines_page(session: Session, actor: Actor, unit: Unit) -> LinesPage:
    """The unit's people with their lines (Vietnamese name order), the choices and the problems."""
    require_view(actor, unit)
    people = members(session, unit.id)
    by_id = {m.person.id: m.person for m in people}
    defaults = default_managers(people)
    divisions = {d.id: d for d in session.exec(select(Division).where(Division.unit_id == unit.id))}
    rows = [LineRow(m.person, divisions.get(m.person.division_id), by_id.get(m.person.reports_to_id),
                    by_id.get(defaults[m.person.id]), m.person.manager_override_id is not None, m.role == "head")
            for m in people if m.person.active]
    rows.sort(key=lambda r: (r.division.sort_order if r.division else 1 << 30, not r.person.is_leader,
                             vn_name_key(r.person.full_name)))
    candidates = sorted((m.person for m in people if m.person.active and m.account_active and m.role in LINE_ROLES),
                        key=lambda p: vn_name_key(p.full_name))
    evaluator = session.get(UserAccount, unit.superior_evaluator_id) if unit.superior_evaluator_id else None
    return LinesPage(unit, rows, candidates, problems(session, unit, people), evaluator,
                     evaluator_choices(session, unit) if may_set_evaluator(actor, unit) else [],
                     may_edit_lines(actor, unit), may_set_evaluator(actor, unit))


def evaluator_choices(session: Session, unit: Unit) -> list[UserAccount]:
    """Accounts that may evaluate the unit's head: the bloc's organisers, then leaders of other units."""
    rows = session.exec(select(UserAccount).where(
        UserAccount.active, UserAccount.role.in_(EVALUATOR_ROLES),
        (UserAccount.unit_id.is_(None) & (UserAccount.bloc_id == unit.bloc_id)) | (UserAccount.unit_id != unit.id))
    ).all()
    return sorted(rows, key=lambda a: (a.role != "organiser", vn_name_key(a.display_name or a.username)))


def _locked_person(session: Session, unit: Unit, person_id: int) -> Person:
    """The person of the unit, row-locked for the change."""
    person = session.exec(select(Person).where(Person.id == person_id).with_for_update()).first()
    if person is None or person.unit_id != unit.id:
        raise NotFound("Không tìm thấy cán bộ, công chức này trong đơn vị.")
    return person


def _check_manager(session: Session, unit: Unit, person: Person, manager_id: int) -> None:
    """Refuse a manager outside the unit, the person themselves, a non-leader account, or a cycle."""
    if manager_id == person.id:
        raise DomainError("Không thể chọn chính người này làm lãnh đạo trực tiếp của mình.", field="manager_id")
    manager = session.get(Person, manager_id)
    if manager is None or manager.unit_id != unit.id:
        raise DomainError("Lãnh đạo trực tiếp phải là người cùng cơ quan, đơn vị.", field="manager_id")
    account = session.exec(select(UserAccount).where(UserAccount.person_id == manager.id)).first()
    if not (manager.active and account and account.active and account.role in LINE_ROLES):
        raise DomainError("Người được chọn không phải lãnh đạo đang làm việc (trưởng phòng hoặc thủ trưởng) "
                          "nên không duyệt được nhật ký và phiếu đánh giá.", field="manager_id")
    if _reaches(session, manager_id, person.id):
        raise DomainError(f"Không thể chọn {manager.full_name}: người này đang báo cáo (trực tiếp hoặc gián tiếp) "
                          f"cho {person.full_name}, sẽ tạo thành vòng lặp.", field="manager_id")


def _role_of(session: Session, person: Person) -> str | None:
    """The role of the person's account, if any."""
    return session.exec(select(UserAccount.role).where(UserAccount.person_id == person.id)).first()


def _reaches(session: Session, start: int, target: int) -> bool:
    """True when following reports_to from start arrives at target."""
    seen, current = set(), start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = session.exec(select(Person.reports_to_id).where(Person.id == current)).first()
    return False


def set_manager(session: Session, actor: Actor, unit: Unit, person_id: int, manager_id: int | None) -> Person:
    """Đặt lãnh đạo trực tiếp (None: back to the default); the unit's lines re-resolved, audited, one commit."""
    require_unit(actor, unit)
    if not may_edit_lines(actor, unit):
        raise Forbidden("Chỉ cán bộ tổ chức của đơn vị hoặc quản trị hệ thống mới thay đổi được quan hệ báo cáo.")
    session.exec(select(Unit.id).where(Unit.id == unit.id).with_for_update()).first()  # one change at a time
    person = _locked_person(session, unit, person_id)
    if manager_id is not None and _role_of(session, person) == "head":
        raise DomainError("Thủ trưởng do cấp trên đánh giá: chọn ở mục “Cấp trên đánh giá thủ trưởng”.",
                          field="manager_id")
    if manager_id is not None:
        _check_manager(session, unit, person, manager_id)
    before = snapshot(person, ("manager_override_id", "reports_to_id"))
    person.manager_override_id = manager_id
    session.add(person)
    reset_default_lines(session, unit.id)
    record(session, actor, "reporting_line_set", person, before, snapshot(person, ("manager_override_id",
                                                                                    "reports_to_id")))
    session.commit()
    return person


def set_superior_evaluator(session: Session, actor: Actor, unit: Unit, account_id: int | None) -> Unit:
    """Chọn cấp trên đánh giá thủ trưởng (None: none chosen); audited, one commit."""
    require_unit(actor, unit)
    if not may_set_evaluator(actor, unit):
        raise Forbidden("Chỉ quản trị hệ thống hoặc cơ quan tổ chức của khối mới chọn cấp trên đánh giá thủ trưởng.")
    if account_id is not None and account_id not in {a.id for a in evaluator_choices(session, unit)}:
        raise DomainError("Tài khoản được chọn không thể đánh giá thủ trưởng đơn vị này (phải là cơ quan tổ chức "
                          "của khối hoặc lãnh đạo của cơ quan, đơn vị khác, đang hoạt động).", field="account_id")
    locked = session.exec(select(Unit).where(Unit.id == unit.id).with_for_update()).one()
    before = snapshot(locked, ("superior_evaluator_id",))
    locked.superior_evaluator_id = account_id
    session.add(locked)
    record(session, actor, "superior_evaluator_set", locked, before, snapshot(locked, ("superior_evaluator_id",)))
    session.commit()
    return locked
