"""The staff list: reading it, adding a person with their account, editing, ending the account at the end date."""
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.accounts import void_links
from ..auth.actor import Actor
from ..auth.scope import can_see_unit
from ..auth.service import end_sessions, hash_password, temporary_password
from ..auth.usernames import new_username
from ..clock import local_today
from ..errors import DomainError, NotFound
from ..models import Division, JobPosition, Person, Unit, UserAccount
from ..models.people import STAFF_KINDS
from ..org.divisions import open_division, open_divisions
from ..org.lines import reset_default_lines
from ..org.positions import open_position, open_positions
from ..text import vn_name_key
from .access import require_manage, require_view

NATIONAL_ID = re.compile(r"[0-9A-Za-z]{1,32}")
PERSON_FIELDS = ("full_name", "national_id", "staff_kind", "title", "position_id", "division_id", "is_leader",
                 "started_on", "left_on", "active")
STATES = ("current", "former", "all")


@dataclass(frozen=True)
class PersonData:
    """What the add and edit forms give the service."""

    full_name: str
    national_id: str
    staff_kind: str
    title: str = ""
    position_id: int | None = None
    division_id: int | None = None
    is_leader: bool = False
    started_on: date | None = None
    left_on: date | None = None
    left_service: bool = False  # "thôi việc" without a date: ends today


@dataclass(frozen=True)
class StaffRow:
    """A line of the staff list."""

    person: Person
    account: UserAccount | None
    division: Division | None
    position: JobPosition | None


def unit_for_staff(session: Session, actor: Actor, code: str, manage: bool = False) -> Unit:
    """The unit by code, if the actor may read (or keep) its staff list."""
    unit = session.exec(select(Unit).where(Unit.code == code[:64])).first()
    if unit is None:
        raise NotFound("Không tìm thấy cơ quan, đơn vị.")
    return require_manage(actor, unit) if manage else require_view(actor, unit)


def divisions_of(session: Session, unit: Unit, person: Person | None = None) -> list[Division]:
    """The open divisions a person of the unit may be placed in (and the person's own, even if closed since)."""
    divisions = open_divisions(session, unit)
    if person and person.division_id and person.unit_id == unit.id and person.division_id not in {d.id for d in divisions}:
        divisions.append(session.get(Division, person.division_id))
    return divisions


def positions_of(session: Session, unit: Unit, person: Person | None = None) -> list[JobPosition]:
    """The unit's positions in use (and the person's own, even if retired since)."""
    positions = open_positions(session, unit)
    if person and person.position_id and person.unit_id == unit.id and person.position_id not in {p.id for p in positions}:
        positions.append(session.get(JobPosition, person.position_id))
    return positions


def staff_list(session: Session, actor: Actor, unit: Unit, division_id: int | None = None,
               state: str = "current") -> list[StaffRow]:
    """The unit's people in Vietnamese name order, by division and current/former."""
    require_view(actor, unit)
    query = (select(Person, UserAccount, Division, JobPosition)
             .outerjoin(UserAccount, UserAccount.person_id == Person.id)
             .outerjoin(Division, Division.id == Person.division_id)
             .outerjoin(JobPosition, JobPosition.id == Person.position_id)
             .where(Person.unit_id == unit.id).order_by(Person.id))
    if division_id:
        query = query.where(Person.division_id == division_id)
    if state != "all":
        query = query.where(Person.active == (state != "former"))
    rows = [StaffRow(*row) for row in session.exec(query).all()]
    return sorted(rows, key=lambda row: vn_name_key(row.person.full_name))


def managed_person(session: Session, actor: Actor, person_id: int, lock: bool = False) -> tuple[Person, Unit]:
    """The person and their unit, if the actor keeps that unit's staff list (locked for update if asked)."""
    query = select(Person).where(Person.id == person_id)
    person = session.exec(query.with_for_update() if lock else query).first()
    if person is None:
        raise NotFound("Không tìm thấy cán bộ.")
    unit = session.get(Unit, person.unit_id)
    return person, require_manage(actor, unit)


def viewed_person(session: Session, actor: Actor, person_id: int) -> tuple[Person, Unit, UserAccount | None]:
    """The person, their unit and account, if the actor may read that unit's staff list."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy cán bộ.")
    unit = require_view(actor, session.get(Unit, person.unit_id))
    return person, unit, session.exec(select(UserAccount).where(UserAccount.person_id == person.id)).first()


def add_person(session: Session, actor: Actor, unit: Unit, data: PersonData) -> tuple[Person, UserAccount, str]:
    """Add a person and their account (username by the rule, role staff, a temporary password to change at
    first login); audited, one commit. The temporary password, to show once."""
    require_manage(actor, unit)
    if not data.national_id:
        raise DomainError("Vui lòng nhập mã định danh.", field="national_id")
    # One add at a time per unit: two people of the same name must not both get the same username.
    session.exec(select(Unit.id).where(Unit.id == unit.id).with_for_update()).one()
    person = Person(unit_id=unit.id, **_checked(session, actor, unit, data, None))
    password = temporary_password()
    account = UserAccount(username=new_username(session, unit, person.full_name), password_hash=hash_password(password),
                          role="staff", unit_id=unit.id, division_id=person.division_id,
                          display_name=person.full_name, must_change_password=True, active=person.active)
    _flush(session, person)
    account.person_id = person.id
    _flush(session, account)
    record(session, actor, "person_add", person, before={}, after=snapshot(person, PERSON_FIELDS))
    record(session, actor, "account_add", account, before={},
           after=snapshot(account, ("username", "role", "unit_id", "division_id", "active", "must_change_password")))
    reset_default_lines(session, unit.id)
    session.commit()
    return person, account, password


def edit_person(session: Session, actor: Actor, person_id: int, data: PersonData) -> Person:
    """Change a person's record; the account's division follows; an end date reached ends the account."""
    person, unit = managed_person(session, actor, person_id, lock=True)
    before = snapshot(person, PERSON_FIELDS)
    values = _checked(session, actor, unit, data, person)
    if person.id == actor.person_id and not values["active"]:
        raise DomainError("Không thể tự ghi thôi việc cho chính mình: hãy nhờ quản trị hệ thống.", field="left_on")
    for name, value in values.items():
        setattr(person, name, value)
    _flush(session, person)
    after = snapshot(person, PERSON_FIELDS)
    if after != before:
        record(session, actor, "person_edit", person, before=before, after=after)
    account = session.exec(select(UserAccount).where(UserAccount.person_id == person.id).with_for_update()).first()
    if account:
        account_follows_person(session, actor, person, account)
    reset_default_lines(session, unit.id)  # a new division or a departure changes who reports to whom
    session.commit()
    return person


def account_follows_person(session: Session, actor: Actor | None, person: Person, account: UserAccount) -> None:
    """The account's division and name follow the person; a person who left loses their sign-in."""
    before = snapshot(account, ("division_id", "display_name", "active"))
    account.division_id, account.display_name = person.division_id, person.full_name
    if not person.active and account.active:
        account.active = False
        end_sessions(session, account.id, actor, reason="Thôi việc")
        void_links(session, account.id)
    after = snapshot(account, ("division_id", "display_name", "active"))
    if after != before:
        record(session, actor, "account_follow_person", account, before=before, after=after)


def _checked(session: Session, actor: Actor, unit: Unit, data: PersonData, person: Person | None) -> dict:
    """The person's columns from the form, each rule checked (a refusal names its field)."""
    if not data.full_name or len(data.full_name) > 200:
        raise DomainError("Vui lòng nhập họ và tên (tối đa 200 ký tự).", field="full_name")
    national_id = _national_id(session, actor, data.national_id, person)
    if data.staff_kind not in STAFF_KINDS:
        raise DomainError("Loại cán bộ không hợp lệ.", field="staff_kind")
    if data.division_id and data.division_id != (person.division_id if person else None):
        open_division(session, unit.id, data.division_id)  # a new placement: an open division, share-locked
    if data.position_id and data.position_id != (person.position_id if person else None):
        open_position(session, unit.id, data.position_id)
    left_on = data.left_on or (local_today() if data.left_service else None)
    if left_on and data.started_on and left_on < data.started_on:
        raise DomainError("Ngày thôi việc không được trước ngày bắt đầu công tác.", field="left_on")
    return {"full_name": data.full_name, "national_id": national_id, "staff_kind": data.staff_kind,
            "title": data.title[:200], "position_id": data.position_id, "division_id": data.division_id,
            "is_leader": data.is_leader, "started_on": data.started_on, "left_on": left_on,
            "active": left_on is None or left_on > local_today()}


def _national_id(session: Session, actor: Actor, value: str, person: Person | None) -> str | None:
    """The identifier, checked: [0-9A-Za-z], 1–32, unique in the province (naming the holder's unit only when
    the actor may see it). Required for new people and for those who already had one."""
    if not value:
        if person is None or person.national_id:
            raise DomainError("Vui lòng nhập mã định danh.", field="national_id")
        return None
    if not NATIONAL_ID.fullmatch(value):
        raise DomainError("Mã định danh gồm 1–32 chữ số hoặc chữ cái không dấu (0-9, A-Z, a-z).", field="national_id")
    holder = session.exec(select(Person, Unit).join(Unit, Unit.id == Person.unit_id)
                          .where(Person.national_id == value)).first()
    if holder and (person is None or holder[0].id != person.id):
        raise DomainError(_duplicate_message(actor, holder[1]), field="national_id")
    return value


def _duplicate_message(actor: Actor, unit: Unit | None) -> str:
    """Who holds the identifier, said only to those who may see that unit."""
    if unit is not None and can_see_unit(actor, unit):
        return f"Mã định danh này đã được dùng cho một cán bộ của {unit.name}."
    return "Mã định danh này đã được dùng cho một cán bộ của cơ quan, đơn vị khác."


def _flush(session: Session, row) -> None:
    """Add and flush; a national identifier taken meanwhile by a concurrent request becomes a clear refusal."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DomainError("Mã định danh hoặc tên đăng nhập vừa được dùng cho người khác: vui lòng thử lại.",
                          field="national_id") from None
