"""What is wrong with a unit's reporting lines, listed on top of the Quan hệ báo cáo page."""
from dataclasses import dataclass

from sqlmodel import Session, select

from ..clock import local_today
from ..models import Division, Person, Unit
from .lines import LINE_ROLES, Member, members


@dataclass(frozen=True)
class Problem:
    """One problem: its kind, the message, and the person it is about (for the link to their row)."""

    kind: str
    message: str
    person_id: int | None = None


def problems(session: Session, unit: Unit, people: list[Member] | None = None) -> list[Problem]:
    """Every problem of the unit's lines: people first, then divisions, then the head's evaluator."""
    people = members(session, unit.id) if people is None else people
    found = _people_problems(session, unit, people)
    found += _division_problems(session, unit, people)
    if not unit.superior_evaluator_id:
        found.append(Problem("no_evaluator", "Chưa chọn cấp trên đánh giá thủ trưởng đơn vị (tạm thời: cơ quan tổ "
                                             "chức của khối đánh giá)."))
    return found


def _people_problems(session: Session, unit: Unit, people: list[Member]) -> list[Problem]:
    """People without a manager, with a manager who cannot act, their own manager, or in a cycle."""
    by_id = {m.person.id: m for m in people}
    outside = _outside_managers(session, unit, people, by_id)
    found = []
    for m in people:
        p = m.person
        if not p.active or m.role == "head":
            continue
        if p.reports_to_id is None:
            found.append(Problem("missing", f"{p.full_name}: chưa có lãnh đạo trực tiếp.", p.id))
        elif p.reports_to_id == p.id:
            found.append(Problem("self", f"{p.full_name}: đang là lãnh đạo trực tiếp của chính mình.", p.id))
        elif p.reports_to_id in outside:
            found.append(Problem("outside", f"{p.full_name}: lãnh đạo trực tiếp {outside[p.reports_to_id]} "
                                            "thuộc cơ quan, đơn vị khác.", p.id))
        elif (reason := _unable(by_id[p.reports_to_id])) is not None:
            found.append(Problem("inactive", f"{p.full_name}: lãnh đạo trực tiếp "
                                             f"{by_id[p.reports_to_id].person.full_name} {reason}.", p.id))
        elif _in_cycle(p.id, by_id):
            found.append(Problem("cycle", f"{p.full_name}: quan hệ báo cáo tạo thành vòng lặp.", p.id))
    return found


def _outside_managers(session: Session, unit: Unit, people: list[Member], by_id: dict) -> dict[int, str]:
    """Managers named by the unit's people who are not of the unit: id → name."""
    ids = {m.person.reports_to_id for m in people if m.person.reports_to_id and m.person.reports_to_id not in by_id}
    if not ids:
        return {}
    return dict(session.exec(select(Person.id, Person.full_name).where(Person.id.in_(ids))).all())


def _unable(manager: Member) -> str | None:
    """Why a manager cannot act on the line, or None."""
    person = manager.person
    if not person.active or (person.left_on and person.left_on <= local_today()):
        return "đã nghỉ hoặc không còn làm việc"
    if not manager.account_active:
        return "không có tài khoản đang hoạt động"
    if manager.role not in LINE_ROLES:
        return "không có vai trò lãnh đạo nên không duyệt được"
    return None


def _in_cycle(start: int, by_id: dict) -> bool:
    """True when following the lines from start comes back to start."""
    seen, current = set(), by_id[start].person.reports_to_id
    while current is not None and current in by_id and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = by_id[current].person.reports_to_id
    return False


def _division_problems(session: Session, unit: Unit, people: list[Member]) -> list[Problem]:
    """Divisions with active staff (who answer to a division manager by default) but no active manager."""
    staffed = {m.person.division_id for m in people if m.person.active and m.person.division_id
               and m.role not in LINE_ROLES and not m.person.is_leader}
    led = {m.person.division_id for m in people if m.person.active and m.account_active and m.role == "manager"}
    rows = session.exec(select(Division).where(Division.unit_id == unit.id, Division.id.in_(staffed - led))
                        .order_by(Division.sort_order, Division.id)).all() if staffed - led else []
    return [Problem("division", f"{d.name}: chưa có lãnh đạo phòng (tài khoản vai trò lãnh đạo phòng).") for d in rows]


def problem_count(session: Session, unit_id: int) -> int:
    """How many problems the unit's lines have (the officer's to-do)."""
    unit = session.get(Unit, unit_id)
    return len(problems(session, unit)) if unit else 0

