"""The Nhập, xuất Excel pages: the officer downloads, uploads, sees the problems by row, previews, confirms and
prints the initial passwords; an organiser may only download; others are refused."""
import io

from openpyxl import load_workbook
from sqlmodel import select

from webapp.models import AuditLog, ImportJob

from .lists_data import xlsx

PERSON = ["0389000001", "Nguyễn Văn An", "Nam", "Công chức", "Chuyên viên", "CV-TCCB", "vp", "Không", "01/02/2026",
          None]


def _upload(client, kind: str, content: bytes, name: str = "can-bo.xlsx"):
    """POST the file as the page's form does."""
    return client.post(f"/units/so-khcn/lists/{kind}/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_the_officer_sees_the_nav_entry_and_downloads_a_template_and_an_export(login):
    officer = login("khcn.lethithuhien")
    assert "Nhập, xuất Excel" in officer.get("/").get_data(as_text=True)
    page = officer.get("/units/so-khcn/lists")
    assert page.status_code == 200 and "Tải lên và kiểm tra" in page.get_data(as_text=True)
    template = officer.get("/units/so-khcn/lists/staff/template")
    assert template.status_code == 200 and "attachment" in template.headers["Content-Disposition"]
    export = load_workbook(io.BytesIO(officer.get("/units/so-khcn/lists/staff/export").data))
    assert export["Cán bộ"].max_row > 1


def test_a_file_with_errors_shows_them_by_row_then_the_fixed_file_is_previewed_and_imported(login, session):
    officer = login("khcn.lethithuhien")
    bad = _upload(officer, "staff", xlsx("staff", [[*PERSON[:7], "Có lẽ", "31/02/2026", None]]))
    assert bad.status_code == 303
    page = officer.get(bad.headers["Location"]).get_data(as_text=True)
    assert "chưa dòng nào được nhập" in page and "Chỉ ghi Có hoặc Không." in page and "<td>2</td>" in page
    export = load_workbook(io.BytesIO(officer.get("/units/so-khcn/lists/staff/export").data))
    export["Cán bộ"].append(PERSON)
    out = io.BytesIO()
    export.save(out)
    good = _upload(officer, "staff", out.getvalue())
    job_id = int(good.headers["Location"].rsplit("/", 1)[1])
    page = officer.get(f"/imports/{job_id}").get_data(as_text=True)
    assert "Xem trước: thêm <strong>1</strong>" in page and "Nguyễn Văn An" in page
    assert officer.post(f"/imports/{job_id}/confirm").status_code == 303
    assert "Đã nhập: thêm 1" in officer.get(f"/imports/{job_id}").get_data(as_text=True)
    assert officer.post(f"/imports/{job_id}/confirm").status_code == 422  # applied once
    sheet = officer.post(f"/imports/{job_id}/passwords", data={"file_format": "html"})
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    assert "khcn.nguyenvanan" in sheet.get_data(as_text=True)
    again = officer.post(f"/imports/{job_id}/passwords", data={"file_format": "xlsx"})
    assert load_workbook(io.BytesIO(again.data)).active["A1"].value.endswith("lần tạo thứ 2")
    actions = set(session.exec(select(AuditLog.action).where(AuditLog.entity == "importjob")))
    assert {"import_requested", "import_confirmed", "import_applied", "initial_passwords_issued"} <= actions


def test_a_new_staff_member_signs_in_with_the_initial_password_and_must_change_it(login, client, session):
    officer = login("khcn.lethithuhien")
    export = load_workbook(io.BytesIO(officer.get("/units/so-khcn/lists/staff/export").data))
    export["Cán bộ"].append(PERSON)
    out = io.BytesIO()
    export.save(out)
    job_id = int(_upload(officer, "staff", out.getvalue()).headers["Location"].rsplit("/", 1)[1])
    officer.post(f"/imports/{job_id}/confirm")
    html = officer.post(f"/imports/{job_id}/passwords").get_data(as_text=True)
    password = html.split("<code>")[1].split("</code>")[0]
    response = client.raw.post("/login", data={"username": "khcn.nguyenvanan", "password": password,
                                               "csrf_token": client.csrf()})
    assert response.status_code == 303 and "password" in response.headers["Location"]


def test_an_organiser_may_download_but_not_import_and_another_units_officer_neither(login, make, session):
    organiser = login(make.organiser("chinhquyen").username)
    assert organiser.get("/units/so-khcn/lists/catalogue/export").status_code == 200
    assert "Tải lên và kiểm tra" not in organiser.get("/units/so-khcn/lists").get_data(as_text=True)
    assert _upload(organiser, "catalogue", b"x").status_code == 403
    other = login("ht.dothihuong")
    assert other.get("/units/so-khcn/lists/catalogue/export").status_code == 403
    assert _upload(other, "catalogue", b"x").status_code == 403
    staff = login("khcn.nguyenhuuphong")
    assert staff.get("/units/so-khcn/lists/staff/export").status_code == 403


def test_an_upload_without_a_file_or_of_another_kind_is_refused_with_a_message(login, session):
    officer = login("khcn.lethithuhien")
    response = officer.post("/units/so-khcn/lists/staff/import", data={})
    assert response.status_code == 422 and "Vui lòng chọn tệp" in response.get_data(as_text=True)
    assert _upload(officer, "staff", b"a,b", "can-bo.csv").status_code == 422
    assert _upload(officer, "nothing", b"a").status_code == 404
    assert session.exec(select(ImportJob)).all() == []


def test_the_admin_reaches_any_units_lists_from_the_organisation_pages_and_may_import(login):
    admin = login("admin")
    assert "/units/so-khcn/lists" in admin.get("/units/so-khcn").get_data(as_text=True)
    assert "Tải lên và kiểm tra" in admin.get("/units/so-khcn/lists").get_data(as_text=True)
    assert _upload(admin, "catalogue", b"a,b").status_code == 303
