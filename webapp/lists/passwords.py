"""Danh sách mật khẩu ban đầu: each download sets fresh temporary passwords on the accounts an import created
that have never signed in, and returns them in that response only (only their hashes are stored)."""
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from ..audit import record
from ..auth.actor import Actor
from ..auth.service import hash_password, temporary_password
from ..errors import DomainError
from ..models import Person, Unit, UserAccount
from ..reports.safe import as_text
from ..text import vn_name_key
from .service import get_for, may_import, require_importer


@dataclass(frozen=True)
class PasswordSheet:
    """The unit, which generation this is, and (full name, username, password) per account."""

    unit: Unit
    generation: int
    lines: list[tuple[str, str, str]]


def generate(session: Session, actor: Actor, job_id: int) -> PasswordSheet:
    """New passwords for the import's never-used accounts (a second list replaces the first); audited."""
    job = get_for(session, actor, job_id)
    unit = session.get(Unit, job.unit_id)
    require_importer(may_import(actor, unit))
    ids = job.result.get("account_ids") or [] if job.status == "done" else []
    if not ids:
        raise DomainError("Lần nhập này không tạo tài khoản mới nào.")
    accounts = session.exec(select(UserAccount, Person.full_name).join(Person, Person.id == UserAccount.person_id)
                            .where(UserAccount.id.in_(ids), UserAccount.last_login_at.is_(None),
                                   UserAccount.active).with_for_update()).all()
    lines, rows = [], []
    for account, name in sorted(accounts, key=lambda pair: vn_name_key(pair[1])):
        password = temporary_password()
        lines.append((name, account.username, password))
        rows.append({"account": account.id, "hash": hash_password(password)})
    if rows:
        table = UserAccount.__table__
        session.connection().execute(update(table).where(table.c.id == bindparam("account"))
                                     .values(password_hash=bindparam("hash"), must_change_password=True), rows)
    job.password_lists += 1
    record(session, actor, "initial_passwords_issued", job, {"password_lists": job.password_lists - 1},
           {"password_lists": job.password_lists, "accounts": len(rows)})
    session.commit()
    return PasswordSheet(unit, job.password_lists, lines)


def as_xlsx(sheet: PasswordSheet) -> bytes:
    """The same list as a workbook to print or hand out."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Mật khẩu ban đầu"
    ws.append([f"Danh sách mật khẩu ban đầu · {sheet.unit.name} · lần tạo thứ {sheet.generation}"])
    ws["A1"].font = Font(bold=True)
    ws.append(["Họ và tên", "Tên đăng nhập", "Mật khẩu ban đầu (đổi ở lần đăng nhập đầu tiên)"])
    for line in sheet.lines:
        ws.append(list(line))
    for cells in ws.iter_rows():
        for cell in cells:
            as_text(cell)
    for letter, width in zip("ABC", (30, 28, 30)):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
