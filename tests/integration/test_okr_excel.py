"""Excel import and export of a unit's objectives: the template, the whole file checked (every bad cell reported,
nothing imported), upsert on (period, title) so re-import and export → import change nothing."""
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from webapp.models import AuditLog, KeyResult, KeyResultItem, Objective
from webapp.okr import service
from webapp.okr.workbook import HEADERS

from .okr_data import account, okr_team

PERIOD = "Quý 4/2026"


@pytest.fixture
def t(make):
    return okr_team(make)


def _file(rows: list[tuple], headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Mục tiêu"
    ws.append(["Mục tiêu và kết quả then chốt"])
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rows(t) -> list[tuple]:
    reviewer = account_name(t)
    return [("Nâng cao chất lượng tham mưu", reviewer, "Văn bản tham mưu đúng hạn", "văn bản", 0, 40, 60,
             "Từ công việc đã duyệt", "Không", f"{t.item.code}; {t.other_item.code}"),
            ("Nâng cao chất lượng tham mưu", reviewer, "Mức hài lòng của người dân", "%", 70, 90, 40,
             "Cập nhật định kỳ", "Có", "")]


def account_name(t) -> str:
    return t.organiser_username


def _post(client, data: bytes, period: str = PERIOD):
    return client.post(f"/okr/units/{client.unit_code}/import",
                       data={"period": period, "file": (io.BytesIO(data), "muc-tieu.xlsx")},
                       content_type="multipart/form-data")


@pytest.fixture
def head(login, session, t):
    t.organiser_username = account(session, t.organiser).username
    client = login(account(session, t.head).username)
    client.unit_code = t.unit.code
    return client


def _state(session) -> tuple:
    session.expire_all()
    objectives = session.exec(select(Objective.title, Objective.state, Objective.reviewer_id)).all()
    krs = session.exec(select(KeyResult.title, KeyResult.baseline, KeyResult.target, KeyResult.weight,
                              KeyResult.measured_by, KeyResult.allow_over).order_by(KeyResult.title)).all()
    links = session.exec(select(func.count()).select_from(KeyResultItem)).one()
    return sorted(objectives), krs, links


def test_the_template_has_vietnamese_headers_a_notes_sheet_with_an_example_and_validation_lists(head):
    response = head.get(f"/okr/units/{head.unit_code}/excel?period=2026-Q4&template=1")
    wb = load_workbook(io.BytesIO(response.get_data()))
    ws = wb["Mục tiêu"]
    assert tuple(c.value for c in ws[2]) == HEADERS and ws.max_row == 2
    assert "Hướng dẫn" in wb.sheetnames and any("Ví dụ" in str(c.value) for c in wb["Hướng dẫn"]["A"])
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert any("Từ công việc đã duyệt" in f for f in lists.values()) and any("Có,Không" in f for f in lists.values())


def test_a_valid_file_is_imported_and_importing_it_again_changes_nothing(head, session, t):
    first = _post(head, _file(_rows(t)))
    assert first.status_code == 200 and "3 thêm mới" in first.get_data(as_text=True)
    state = _state(session)
    assert len(state[0]) == 1 and state[0][0][1] == "draft" and state[2] == 2
    assert [kr[3] for kr in state[1]] == [Decimal("40"), Decimal("60")]
    audits = session.exec(select(func.count()).select_from(AuditLog)).one()
    again = _post(head, _file(_rows(t)))
    assert again.status_code == 200 and "2 không thay đổi" in again.get_data(as_text=True)
    assert _state(session) == state and session.exec(select(func.count()).select_from(AuditLog)).one() == audits


def test_export_then_import_changes_nothing(head, session, t):
    _post(head, _file(_rows(t)))
    state = _state(session)
    exported = head.get(f"/okr/units/{head.unit_code}/excel?period=2026-Q4").get_data()
    ws = load_workbook(io.BytesIO(exported))["Mục tiêu"]
    assert ws["C3"].value == "Văn bản tham mưu đúng hạn" and ws["F3"].value == 40
    response = _post(head, exported)
    assert response.status_code == 200 and "0 thêm mới, 0 cập nhật, 2 không thay đổi" in response.get_data(as_text=True)
    assert _state(session) == state


def test_every_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_imported(head, session, t):
    good, other = _rows(t)
    bad = [good,
           ("", good[1], *good[2:]),
           (good[0], good[1], "KR sai", "cái", 5, 5, 10, "Từ công việc đã duyệt", "Không", t.item.code),
           (good[0], good[1], "KR số", "cái", "nhiều", 5, 10, "Khác", "Có lẽ", ""),
           (good[0], good[1], "KR mã", "cái", 0, 5, 10, "Từ công việc đã duyệt", "Không", "KHONG-CO"),
           (good[0], good[1], "KR thừa", "cái", 0, 5, 50, "Cập nhật định kỳ", "Không", "")]
    response = _post(head, _file(bad))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Không có thay đổi nào được ghi" in body
    for row, column, reason in ((4, "A", "Vui lòng nhập tên mục tiêu"), (5, "F", "khác giá trị ban đầu"),
                                (6, "E", "Vui lòng nhập một số"), (6, "H", "cách đo"), (6, "I", "“Có” hoặc “Không”"),
                                (7, "J", "KHONG-CO"), (8, "G", "Tổng trọng số vượt 100 %")):
        assert f'<td class="num">{row}</td><td>{column} – ' in body and reason in body, (row, column)
    assert _state(session) == ([], [], 0)


def test_a_file_not_from_the_template_or_a_month_is_refused_in_vietnamese(head, session, t):
    assert "Dòng tiêu đề" in _post(head, _file(_rows(t), headers=("Tên",))).get_data(as_text=True)
    assert "Không đọc được tệp" in _post(head, b"not a workbook").get_data(as_text=True)
    refused = _post(head, _file(_rows(t)), period="10/2026")
    assert refused.status_code == 422 and "theo quý hoặc năm" in refused.get_data(as_text=True)
    assert _state(session) == ([], [], 0)


def test_an_agreed_objective_is_not_changed_by_an_import(head, session, t):
    _post(head, _file(_rows(t)))
    objective = session.exec(select(Objective)).one()
    service.agree(session, t.organiser, objective.id)
    changed = [(*row[:6], 50 if row[6] == 60 else row[6], *row[7:]) for row in _rows(t)]
    response = _post(head, _file(changed))
    assert response.status_code == 422 and "đã được thống nhất" in response.get_data(as_text=True)
    assert _post(head, _file(_rows(t))).status_code == 200  # the same content: nothing to change, accepted


def test_only_the_head_imports_and_exports(login, session, t):
    staff = login(account(session, t.staff).username)
    assert staff.get(f"/okr/units/{t.unit.code}/excel?period=2026-Q4").status_code == 403
    upload = {"period": PERIOD, "file": (io.BytesIO(_file(_rows_for(t))), "x.xlsx")}
    response = staff.post(f"/okr/units/{t.unit.code}/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 403 and _state(session) == ([], [], 0)


def _rows_for(t) -> list[tuple]:
    return [("Mục tiêu", "", "KR", "cái", 0, 5, 100, "Cập nhật định kỳ", "Không", "")]
