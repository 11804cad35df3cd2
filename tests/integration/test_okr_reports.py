"""The OKR tracking report (Bảng theo dõi mục tiêu, kết quả then chốt) per unit and quarter, as PDF and Excel."""
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.models import Bloc, ReportJob, UserAccount
from webapp.okr import keyresults, service
from webapp.okr.keyresults import CheckInInput

from .evaluation_data import item, team
from .okr_data import entry, kr_input
from .test_reports import _download, _pdf_text, _request, _save_png, glyphs  # noqa: F401 (fixture)

HOSTILE = "=HYPERLINK(\"http://x\",\"Bấm\") kế hoạch"


@pytest.fixture
def plan(session, make):
    """Sở Nội vụ's Q4/2026: a unit objective with a key result from work (3 of 20) and one by check-in (35 of 120)."""
    t = team(session)
    head = Actor.from_account(t.head)
    organiser = Actor.from_account(make.organiser(session.get(Bloc, t.unit.bloc_id).code))
    objective = service.create_objective(session, head, "unit", "Quý 4/2026", "Nâng cao chất lượng tham mưu",
                                         organiser.account_id)
    work = keyresults.add_key_result(session, head, objective.id, kr_input("items", "50", target="20"))
    k15 = item(session, t.unit, "1.50")
    keyresults.link_item(session, head, work.id, k15.id)
    typed = keyresults.add_key_result(session, head, objective.id, kr_input("checkin", "50", target="120"))
    service.agree(session, organiser, objective.id)
    keyresults.check_in(session, head, typed.id, CheckInInput("at_risk", Decimal("35"), evidence_doc_number="5/BC"))
    entry(session, t.person, k15, "2", date(2026, 10, 20))
    manager = Actor.from_account(t.manager)
    division = service.create_objective(session, manager, "division", "Quý 4/2026", HOSTILE, t.head.id)
    service.align(session, manager, division.id, objective.id)
    session.commit()
    return t


def test_the_pdf_lists_each_objective_with_its_key_results_and_progress(login, plan, session, glyphs):  # noqa: F811
    user, job_id = _request(login, plan.head, "okr", period="Quý 4/2026")
    assert session.get(ReportJob, job_id).status == "done"
    text, data = _pdf_text(user, job_id)
    assert "BẢNG THEO DÕI MỤC TIÊU, KẾT QUẢ THEN CHỐT" in text and "Quý 4 năm 2026" in text
    assert "Nâng cao chất lượng tham mưu" in text and "22,08 %" in text and "29,17 %" in text and "15,00 %" in text
    assert "Hỗ trợ: Nâng cao chất lượng tham mưu" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    _save_png(data, "okr-unit")


def test_the_workbook_keeps_numbers_as_numbers_and_user_text_as_text(login, plan):
    user, job_id = _request(login, plan.head, "okr", fmt="xlsx", period="2026-Q4")
    sheet = load_workbook(io.BytesIO(_download(user, job_id))).active
    assert sheet["C2"].value == "Nội dung" and sheet.freeze_panes == "A3"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["1"][2] == "Nâng cao chất lượng tham mưu" and rows["1"][12] == 22.08
    assert rows["1.2"][10] == 35 and rows["1.2"][12] == 29.17
    hostile = next(cell for cell in sheet["C"] if cell.value == HOSTILE)
    assert hostile.data_type == "s" and hostile.quotePrefix


def test_a_month_is_refused_in_vietnamese_and_a_manager_is_not_offered_the_unit_report(login, plan, session):
    head = login(plan.head.username)
    before = len(session.exec(select(ReportJob)).all())
    refused = head.post("/units/so-noi-vu/reports", data={"kind": "okr", "file_format": "pdf", "period": "10/2026"})
    assert refused.status_code == 422 and "lập theo quý hoặc năm" in refused.get_data(as_text=True)
    manager = login(session.get(UserAccount, plan.manager.id).username)
    assert 'value="okr"' not in manager.get("/units/so-noi-vu/reports").get_data(as_text=True)
    asked = manager.post("/units/so-noi-vu/reports", data={"kind": "okr", "file_format": "pdf", "period": "2026-Q4"})
    assert asked.status_code in (403, 422) and len(session.exec(select(ReportJob)).all()) == before
