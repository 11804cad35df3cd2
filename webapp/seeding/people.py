"""People with their accounts, province organisers and administrators."""
from collections import Counter
from pathlib import Path

from sqlmodel import Session, select

from ..auth.service import hash_password
from ..models import Bloc, Division, JobPosition, Person, Unit, UserAccount
from .files import read_csv
from .upsert import Upserter

_HASHES: dict[str, str] = {}


def _demo_hash(password: str) -> str:
    """One scrypt hash per distinct demo password (0.1 s each), shared by the demo accounts."""
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


def load_people(session: Session, root: Path, units: dict[str, Unit], counts: Counter,
                force_change: bool = False) -> None:
    """Upsert every person and account; passwords (and the forced change) are set on creation only."""
    passwords = {r["username"]: (r["password"], force_change) for r in read_csv(root / "demo_accounts.csv")}
    accounts = Upserter(session, UserAccount, ("username",), counts)
    for unit in units.values():
        rows = read_csv(root / "units" / unit.code / "people.csv")
        if rows:
            _load_unit_people(session, unit, rows, accounts, passwords, counts)
    blocs = {b.code: b for b in session.exec(select(Bloc)).all()}
    for row in read_csv(root / "org/organisers.csv"):
        _put_account(accounts, passwords, row["username"], {
            "role": "organiser", "bloc_id": blocs[row["bloc_code"]].id, "display_name": row["full_name"]})
    for row in read_csv(root / "org/admins.csv"):
        _put_account(accounts, passwords, row["username"], {"role": "admin", "display_name": row["full_name"]})


def _load_unit_people(session, unit, rows, accounts: Upserter, passwords: dict, counts: Counter) -> None:
    """People of one unit; the person row is found through its account's username."""
    divisions = {d.code: d for d in session.exec(select(Division).where(Division.unit_id == unit.id))}
    positions = {p.code: p for p in session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id))}
    for row in rows:
        division = divisions[row["division_code"]]
        position = positions[row["position_code"]]
        existing = accounts.rows.get((row["username"],))
        person = session.get(Person, existing.person_id) if existing and existing.person_id else None
        values = {
            "unit_id": unit.id, "division_id": division.id, "position_id": position.id,
            "national_id": row["national_id"], "full_name": row["full_name"], "gender": row["gender"], "title": row["title"],
            "staff_kind": row["staff_kind"], "is_leader": position.position_group == "leadership",
        }
        person = _put_person(session, person, values, counts)
        _put_account(accounts, passwords, row["username"], {
            "role": row["role"], "person_id": person.id, "unit_id": unit.id,
            "division_id": division.id, "display_name": row["full_name"]})


def _put_person(session: Session, person: Person | None, values: dict, counts: Counter) -> Person:
    """Insert or update one person."""
    if person is None:
        person = Person(**values)
        session.add(person)
        session.flush()
        counts[("person", "added")] += 1
        return person
    changed = {k: v for k, v in values.items() if getattr(person, k) != v}
    for field, value in changed.items():
        setattr(person, field, value)
    counts[("person", "updated")] += bool(changed)
    return person


def _put_account(accounts: Upserter, passwords: dict, username: str, values: dict) -> None:
    """Upsert an account; a new one gets its demo password hashed (passwords: username → (password, forced))."""
    password, force_change = passwords.get(username, (None, False))
    if password is None:
        raise ValueError(f"Tài khoản {username} không có trong seeds/demo_accounts.csv")
    create_only = None if (username,) in accounts.rows else {
        "password_hash": _demo_hash(password), "must_change_password": force_change}
    accounts.put({"username": username, **values}, create_only=create_only)


def seed_admin(session: Session, root: Path, password: str, force_change: bool) -> str | None:
    """Create the administrator of seeds/org/admins.csv with this password, unless it exists; its username."""
    row = read_csv(root / "org/admins.csv")[0]
    if session.exec(select(UserAccount).where(UserAccount.username == row["username"])).first():
        return None
    session.add(UserAccount(username=row["username"], role="admin", display_name=row["full_name"],
                            password_hash=hash_password(password), must_change_password=force_change))
    session.commit()
    return row["username"]


def admin_username(root: Path) -> str:
    """The administrator's username in seeds/org/admins.csv."""
    return read_csv(root / "org/admins.csv")[0]["username"]
