"""Bad files get a clear Vietnamese message, with the row and column where there is one, and change nothing."""
import io
import zipfile

import pytest
from sqlmodel import func, select

from webapp.errors import DomainError, Forbidden
from webapp.lists import service
from webapp.lists.columns import MAX_ROWS
from webapp.models import CatalogueItem, Person

from .lists_data import import_file, officer, unit_of, xlsx

ITEM = ["T-1", "Văn bản thử", "văn bản", "B", "1,25", "4", "*"]
PERSON = ["0389000001", "Nguyễn Văn An", "Nam", "Công chức", "Chuyên viên", "", "vp", "Không", "01/02/2026", None]


def _problems(session, kind: str, content: bytes) -> list[dict]:
    """The problems of an import of content into Sở KH&CN by the admin (a one-row staff file from the unit's own
    officer would also be refused for leaving the officer out), checking nothing was imported."""
    actor, unit = officer(session, "admin"), unit_of(session)
    before = (session.exec(select(func.count()).select_from(CatalogueItem)).one(),
              session.exec(select(func.count()).select_from(Person)).one())
    job = import_file(session, actor, unit, kind, content)
    assert job.status == "invalid", job.preview
    assert (session.exec(select(func.count()).select_from(CatalogueItem)).one(),
            session.exec(select(func.count()).select_from(Person)).one()) == before
    return job.problems


def _message(session, kind, content) -> str:
    """The one whole-file problem's message."""
    problems = _problems(session, kind, content)
    assert problems[0]["row"] is None
    return problems[0]["message"]


@pytest.mark.parametrize(("headers", "words"), [
    (["Mã sản phẩm/công việc", "Tên sản phẩm/công việc"], "Thiếu cột"),
    ([*service.LISTS["catalogue"].headers, "Ghi chú"], "Cột không có trong mẫu: Ghi chú"),
    (["Tên sản phẩm/công việc", "Mã sản phẩm/công việc", *service.LISTS["catalogue"].headers[2:]], "không đúng thứ tự"),
])
def test_missing_extra_or_reordered_columns_are_refused(session, headers, words):
    assert words in _message(session, "catalogue", xlsx("catalogue", [ITEM], headers))


def test_merged_header_cells_are_refused(session):
    content = xlsx("catalogue", [ITEM], edit=lambda wb, ws: ws.merge_cells("A1:B1"))
    assert "ô bị gộp" in _message(session, "catalogue", content)


def test_a_formula_cell_is_refused_with_its_row_and_column(session):
    problems = _problems(session, "catalogue", xlsx("catalogue", [["T-1", "Văn bản", "văn bản", "B", "=1+1", 4, "*"]]))
    assert problems == [{"row": 2, "column": "Hệ số quy đổi K", "message": problems[0]["message"]}]
    assert "công thức" in problems[0]["message"]


def test_dates_and_numbers_typed_as_text_are_accepted(session):
    actor, unit = officer(session, "admin"), unit_of(session)
    job = import_file(session, actor, unit, "catalogue", xlsx("catalogue", [ITEM]))
    assert job.status == "ready", job.problems
    job = import_file(session, actor, unit, "staff", xlsx("staff", [PERSON]))
    assert job.status == "ready", job.problems


@pytest.mark.parametrize(("k", "words"), [("0", "ngoài khoảng"), ("-1", "Số không hợp lệ"), ("10,5", "ngoài khoảng"),
                                          ("abc", "Số không hợp lệ"), ("1,2555", "Tối đa 2")])
def test_a_k_of_zero_or_below_or_outside_the_range_is_refused(session, k, words):
    problems = _problems(session, "catalogue", xlsx("catalogue", [[*ITEM[:4], k, *ITEM[5:]]]))
    assert problems[0]["row"] == 2 and problems[0]["column"] == "Hệ số quy đổi K" and words in problems[0]["message"]


def test_duplicate_codes_in_the_file_are_refused(session):
    problems = _problems(session, "catalogue", xlsx("catalogue", [ITEM, ITEM]))
    assert problems[0]["row"] == 3 and "trùng với dòng 2" in problems[0]["message"]


def test_a_national_id_held_by_a_person_of_another_unit_is_refused(session):
    held = session.exec(select(Person.national_id).where(Person.unit_id != unit_of(session).id,
                                                         Person.national_id.is_not(None))).first()
    problems = _problems(session, "staff", xlsx("staff", [[held, *PERSON[1:]]]))
    assert problems[0]["column"] == "Mã định danh" and "đã thuộc một người" in problems[0]["message"]


def test_unknown_positions_and_divisions_are_refused(session):
    problems = _problems(session, "staff", xlsx("staff", [[*PERSON[:5], "KHONG-CO", "khong-co", *PERSON[7:]]]))
    assert {p["column"] for p in problems} == {"Mã vị trí việc làm", "Mã phòng, ban"}
    problems = _problems(session, "catalogue", xlsx("catalogue", [[*ITEM[:6], "KHONG-CO"]]))
    assert "KHONG-CO" in problems[0]["message"]


def test_a_hidden_sheet_is_refused(session):
    def hide(wb, ws):
        wb.create_sheet("Ẩn").sheet_state = "hidden"
    assert "bị ẩn" in _message(session, "catalogue", xlsx("catalogue", [ITEM], edit=hide))


def test_an_empty_workbook_is_refused(session):
    assert "không có dòng dữ liệu" in _message(session, "catalogue", xlsx("catalogue", []))
    assert "trống" in _message(session, "catalogue", xlsx("catalogue", [], headers=[]))


def test_a_csv_or_random_bytes_renamed_xlsx_are_refused(session):
    assert "không phải tệp Excel" in _message(session, "catalogue", "code,name\nT-1,Văn bản\n".encode())
    assert "không phải tệp Excel" in _message(session, "catalogue", bytes(range(256)) * 10)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "không phải workbook")
    assert "bị hỏng" in _message(session, "catalogue", broken.getvalue())


def test_a_password_protected_workbook_is_refused(session):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the OLE compound file an encrypted .xlsx is
    assert "mật khẩu" in _message(session, "catalogue", ole)


def test_a_file_of_100000_rows_is_refused_above_the_limit(session):
    rows = [[f"T-{n}", "Văn bản", "văn bản", "B", 1, None, "*"] for n in range(MAX_ROWS + 2)]
    assert "quá 50.000 dòng" in _message(session, "catalogue", xlsx("catalogue", rows))


def test_a_national_id_typed_as_a_number_is_refused_as_it_lost_its_zeros(session):
    problems = _problems(session, "staff", xlsx("staff", [[380400001, *PERSON[1:]]]))
    assert "số 0" in problems[0]["message"]


def test_every_bad_row_is_reported_with_its_row_and_column(session):
    rows = [ITEM, ["T-2", "", "văn bản", "E", "1", "x", "*"], ["T-3", "A" * 501, "văn bản", "B", "1", "", "*"]]
    problems = {(p["row"], p["column"]) for p in _problems(session, "catalogue", xlsx("catalogue", rows))}
    assert problems == {(3, "Tên sản phẩm/công việc"), (3, "Nhóm"), (3, "Giờ chuẩn"), (4, "Tên sản phẩm/công việc")}


def test_only_xlsx_names_are_taken_and_an_organiser_may_not_import(session, make):
    actor, unit = officer(session), unit_of(session)
    with pytest.raises(DomainError):
        service.request_import(session, actor, unit, "catalogue", "danh-muc.csv", b"x")
    organiser = officer(session, make.organiser("chinhquyen").username)
    with pytest.raises(Forbidden):
        service.request_import(session, organiser, unit, "catalogue", "a.xlsx", xlsx("catalogue", [ITEM]))
    assert service.workbook(session, organiser, unit, "catalogue", True)[0]
    other = officer(session, "ht.dothihuong")
    with pytest.raises(Forbidden):
        service.request_import(session, other, unit, "catalogue", "a.xlsx", xlsx("catalogue", [ITEM]))


def test_a_workbook_that_unpacks_far_larger_than_a_list_can_be_is_refused_before_it_is_read(session, monkeypatch):
    from webapp.lists import reader
    monkeypatch.setattr(reader, "MAX_UNPACKED", 1000)
    assert "quá lớn khi giải nén" in _message(session, "catalogue", xlsx("catalogue", [ITEM]))
