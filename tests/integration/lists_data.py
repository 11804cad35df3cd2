"""Helpers of the Excel import tests: workbooks built in memory, and a job run in-process."""
import io

from openpyxl import Workbook
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.lists import service
from webapp.lists.columns import LISTS
from webapp.models import ImportJob, Unit, UserAccount


def officer(session, username: str = "khcn.lethithuhien") -> Actor:
    """The personnel officer of Sở Khoa học và Công nghệ (or another account) as an actor."""
    account = session.exec(select(UserAccount).where(UserAccount.username == username)).one()
    unit = session.get(Unit, account.unit_id) if account.unit_id else None
    return Actor.from_account(account, unit.code if unit else None)


def unit_of(session, code: str = "so-khcn") -> Unit:
    """A seeded unit."""
    return session.exec(select(Unit).where(Unit.code == code)).one()


def xlsx(kind: str, rows: list[list], headers: list | None = None, edit=None) -> bytes:
    """A workbook of one list: header row (the template's unless given), rows; edit(wb, ws) before saving."""
    wb = Workbook()
    ws = wb.active
    ws.title = LISTS[kind].sheet
    ws.append(headers if headers is not None else LISTS[kind].headers)
    for row in rows:
        ws.append(row)
    if edit:
        edit(wb, ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_file(session, actor, unit, kind: str, content: bytes, name: str = "danh-sach.xlsx") -> ImportJob:
    """Upload and check (in-process, no Redis); the job as the page reads it."""
    job = service.request_import(session, actor, unit, kind, name, content)
    session.expire_all()
    return session.get(ImportJob, job.id)


def confirm(session, actor, job: ImportJob) -> ImportJob:
    """Confirm and apply in-process."""
    service.confirm(session, actor, job.id)
    session.expire_all()
    return session.get(ImportJob, job.id)
