"""Export then import changes nothing, for every list of every pilot unit; a changed row is previewed and
applied; importing the same file twice changes nothing the second time."""
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import func, select

from webapp.auth.actor import Actor
from webapp.catalog import decisions
from webapp.clock import local_today
from webapp.lists import service
from webapp.models import AuditLog, CatalogueDraft, CatalogueItem, Person, UserAccount

from ..helpers import username_of
from .lists_data import confirm, import_file, officer, unit_of

PILOTS = ("hac-thanh", "dong-son", "so-noi-vu", "so-khcn")


@pytest.mark.parametrize("kind", ["divisions", "positions", "staff", "catalogue"])
@pytest.mark.parametrize("code", PILOTS)
def test_exporting_then_importing_a_list_changes_nothing(session, kind, code):
    admin = officer(session, "admin")
    unit = unit_of(session, code)
    content, _ = service.workbook(session, admin, unit, kind, True)
    job = import_file(session, admin, unit, kind, content)
    assert job.status == "ready", (job.problems, job.error)
    assert job.preview["counts"]["added"] == job.preview["counts"]["changed"] == job.preview["counts"]["retired"] == 0


def test_the_template_has_the_headers_notes_and_drop_down_lists(session):
    actor, unit = officer(session), unit_of(session)
    content, name = service.workbook(session, actor, unit, "staff", False)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Cán bộ", "Hướng dẫn", "Danh sách chọn"]
    assert [c.value for c in wb["Cán bộ"][1]][:2] == ["Mã định danh", "Họ và tên"]
    assert wb["Cán bộ"].max_row == 1
    assert any("Nguyễn Văn An" == c.value for row in wb["Hướng dẫn"].iter_rows() for c in row)
    assert len(wb["Cán bộ"].data_validations.dataValidation) >= 4
    assert name.startswith("Mẫu - ")


def test_a_catalogue_import_is_previewed_then_proposed_to_the_head_and_takes_effect_when_approved(session):
    actor, unit = officer(session), unit_of(session)
    content, _ = service.workbook(session, actor, unit, "catalogue", True)
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Danh mục"]
    first_code, retired_code = ws["A2"].value, ws.cell(row=ws.max_row, column=1).value
    ws["E2"] = "1,5"
    ws.delete_rows(ws.max_row)
    ws.append(["KHCN-NEW", "Sản phẩm mới", "văn bản", "B", "0,9", "2", "*"])
    out = io.BytesIO()
    wb.save(out)
    job = import_file(session, actor, unit, "catalogue", out.getvalue())
    assert job.status == "ready", job.problems
    assert job.preview["counts"] == {"added": 1, "changed": 1, "retired": 1, "kept": 0}
    assert job.preview["changed"][0]["fields"][0][2] == "1,5"
    job = confirm(session, actor, job)
    assert job.status == "done", job.error
    items = {i.code: i for i in session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id))}
    assert str(items[first_code].coefficient) == "1.00" and "KHCN-NEW" not in items  # drafts until the head decides
    drafts = session.exec(select(CatalogueDraft).where(CatalogueDraft.batch_id == job.result["batch_id"])).all()
    assert sorted((d.kind, d.state) for d in drafts) == [("change", "pending"), ("new", "pending"),
                                                          ("retire", "pending")]
    head = Actor.from_account(session.exec(select(UserAccount).where(
        UserAccount.username == username_of(session, "so-khcn", "head"))).one())
    decisions.approve(session, head, job.result["batch_id"])
    session.expire_all()
    items = {i.code: i for i in session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id))}
    assert str(items[first_code].coefficient) == "1.50" and items[first_code].version == 2
    assert items["KHCN-NEW"].applies_to_all and items[retired_code].effective_to == local_today() - timedelta(days=1)
    again = import_file(session, actor, unit, "catalogue", out.getvalue())
    assert again.preview["counts"]["added"] == again.preview["counts"]["changed"] == 0


def test_staff_import_creates_locked_accounts_whose_initial_passwords_are_issued_once_per_list(session, app):
    from webapp.lists import passwords
    actor, unit = officer(session), unit_of(session)
    content, _ = service.workbook(session, actor, unit, "staff", True)
    wb = load_workbook(io.BytesIO(content))
    wb["Cán bộ"].append(["0389999001", "Lê Thị Thu Hằng", "Nữ", "Công chức", "Chuyên viên", "", "vp", "Không",
                         "01/02/2026", None])
    out = io.BytesIO()
    wb.save(out)
    job = confirm(session, actor, import_file(session, actor, unit, "staff", out.getvalue()))
    assert job.status == "done" and job.result["added"] == 1 and len(job.result["account_ids"]) == 1
    account = session.get(UserAccount, job.result["account_ids"][0])
    assert account.username == "khcn.lethithuhang" and account.role == "staff" and account.must_change_password
    assert account.password_hash == "!"
    sheet = passwords.generate(session, actor, job.id)
    (name, username, password), = sheet.lines
    assert username == account.username and password not in session.get(UserAccount, account.id).password_hash
    second = passwords.generate(session, actor, job.id)
    assert second.generation == 2 and second.lines[0][2] != password
    person = session.exec(select(Person).where(Person.national_id == "0389999001")).one()
    assert person.started_on.isoformat() == "2026-02-01"
    audits = session.exec(select(func.count()).select_from(AuditLog)
                          .where(AuditLog.action == "initial_passwords_issued")).one()
    assert audits == 2
    created = session.exec(select(AuditLog).where(AuditLog.action == "account_created")).one()
    assert created.entity_id == account.id and created.after["username"] == "khcn.lethithuhang"
