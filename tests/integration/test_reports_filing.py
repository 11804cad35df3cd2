"""Reports a clerk can file: the form offers what one may ask for, names say whose, the forms print
right (Form 01 numbered per person, signatures of who acted), and the files are safe to open."""
import io
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from webapp.audit import write
from webapp.models import DiaryEntry, Division, EvaluationSheet, EvidenceFile, Person, ReportJob, UserAccount

from ..helpers import organiser_of
from .test_reports import ARTIFACTS, _download, _request, glyphs, october  # noqa: F401  (fixtures)

UNIT = "/units/so-noi-vu/reports"


def _pages(data: bytes) -> list[str]:
    """Each page's text on single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _png(data: bytes, name: str, last: int = 3) -> list[str]:
    """Pages 1..last as PNG artifacts under test-artifacts/ (poppler's pdftoppm), to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", str(last), str(pdf), str(ARTIFACTS / name)],
                   check=True, timeout=120)
    return sorted(p.name for p in ARTIFACTS.glob(f"{name}-*.png"))


def _form(user) -> str:
    """The request form as the page renders it."""
    html = user.get(UNIT).get_data(as_text=True)
    start = html.index('id="report-form"')
    return html[start:html.index("</form>", start)]


# --- the request form ---------------------------------------------------------------------------

def test_a_staff_member_is_offered_only_their_own_form_01_and_diary(login, october, session):
    form = _form(login(october.staff.username))
    options = re.findall(r'<option value="(\d+)"', form)
    assert options == [str(october.person.id)]
    assert 'value="hours"' not in form and 'value="summary"' not in form and "Cả đơn vị" not in form


def test_a_manager_is_offered_their_division_and_its_people_only(login, october, session):
    manager = october.manager
    form = _form(login(manager.username))
    division_options = re.findall(r'<select id="report-division" name="division_id">(.*?)</select>', form, re.S)[0]
    assert re.findall(r'value="(\d+)"', division_options) == [str(manager.division_id)]
    person_options = re.findall(r'<select id="report-person" name="person_id">(.*?)</select>', form, re.S)[0]
    people = {int(v) for v in re.findall(r'value="(\d+)"', person_options)}
    assert october.person.id in people and manager.person_id in people
    assert all(session.get(Person, p).division_id == manager.division_id for p in people)
    assert "Cả đơn vị" not in form


def test_a_manager_prints_the_form_01_of_their_whole_division(login, october, session, glyphs):
    user, job_id = _request(login, october.manager, "form01", division_id=str(october.manager.division_id))
    pages = _pages(_download(user, job_id))
    from webapp.auth.actor import Actor
    from webapp.auth.scope import manages_person
    manager = Actor.from_account(october.manager)
    names = {p.full_name for p in session.exec(select(Person).join(EvaluationSheet, EvaluationSheet.person_id == Person.id)
                                               .where(Person.division_id == october.manager.division_id))
             if p.id == manager.person_id or manages_person(manager, p)}  # not the head and deputies in the office
    assert october.person.full_name in " ".join(pages)
    assert sum(1 for page in pages if "Trang 1/" in page) == len(names)


def test_a_head_is_offered_the_whole_unit(login, october):
    form = _form(login(october.head.username))
    assert "Cả đơn vị" in form and 'value="summary"' in form


def test_a_refused_request_re_renders_the_form_with_the_error_under_its_field(login, october, session):
    before = len(session.exec(select(ReportJob)).all())
    user = login(october.head.username)
    response = user.post(UNIT, data={"kind": "form01", "file_format": "pdf", "period": "13/2026"}, hx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and html.lstrip().startswith("<form") and 'id="report-form"' in html
    period_field = html[html.index('id="report-period"'):html.index('id="report-person"')]
    assert "Kỳ báo cáo không hợp lệ" in period_field and 'value="13/2026"' in period_field
    response = user.post(UNIT, data={"kind": "diary", "file_format": "pdf", "period": "10/2026"})
    assert response.status_code == 422 and "Vui lòng chọn người cần in nhật ký" in response.get_data(as_text=True)
    assert "<h1>Báo cáo, biểu mẫu in</h1>" in response.get_data(as_text=True)  # the page, not an error page
    assert len(session.exec(select(ReportJob)).all()) == before


@pytest.mark.parametrize("typed, label", [("10/2026", "Tháng 10/2026"), ("Quý 4/2026", "Quý 4 năm 2026"),
                                          ("quý 4 năm 2026", "Quý 4 năm 2026"), ("2026", "Năm 2026"),
                                          ("2026-Q4", "Quý 4 năm 2026"), ("2026-10", "Tháng 10/2026")])
def test_the_summary_takes_periods_as_people_type_them(login, october, session, typed, label):
    user, job_id = _request(login, october.head, "summary", period=typed)
    assert label in " ".join(_pages(_download(user, job_id)))


def test_a_monthly_form_refuses_a_quarter_with_a_message_that_says_how(login, october):
    response = login(october.head.username).post(UNIT, data={"kind": "form01", "file_format": "pdf",
                                                             "period": "Quý 4/2026"})
    assert response.status_code == 422 and "Mẫu này lập theo tháng" in response.get_data(as_text=True)


# --- the job list and file names ------------------------------------------------------------------

def test_the_job_list_says_whose_report_and_which_period(login, october, session):
    user, job_id = _request(login, october.head, "diary", period="10/2026", person_id=str(october.person.id))
    _request(login, october.head, "hours", division_id=str(october.manager.division_id))
    html = user.get(UNIT).get_data(as_text=True)
    row = html[html.index(f'id="job-{job_id}"'):]
    row = row[:row.index("</tr>")]
    assert october.person.full_name in row and "Tháng 10/2026" in row
    assert session.get(Division, october.manager.division_id).name in html


def test_a_downloaded_file_is_named_after_the_person_and_the_period(login, october):
    user, job_id = _request(login, october.head, "diary", person_id=str(october.person.id))
    response = user.get(f"/reports/{job_id}/download")
    disposition = response.headers["Content-Disposition"]
    response.close()
    ascii_part = re.search(r'filename="([^"]*)"', disposition).group(1)
    assert ascii_part.isascii() and "Do Van Binh" in ascii_part and "10-2026" in ascii_part, disposition
    assert "filename*=UTF-8''" in disposition and "%C4%90%E1%BB%97%20V%C4%83n%20B%C3%ACnh" in disposition


# --- Form 01 -------------------------------------------------------------------------------------

def test_form_01_of_a_person_has_its_label_the_self_total_and_one_page_count(login, october, glyphs):
    user, job_id = _request(login, october.staff, "form01", person_id=str(october.person.id))
    data = _download(user, job_id)
    pages = _pages(data)
    text = " ".join(pages)
    assert "Mẫu số 01" in text
    # self scores 5 + 5 + 8 × 2,5 = 30,00; the manager's 5 + 5 + 8 × 2 = 26,00
    assert re.search(r"Cộng 30,00 30,00 26,00", text), text[text.index("Cộng"):][:80]
    assert [re.search(r"Trang \d+/\d+", p).group(0) for p in pages] == [f"Trang {n}/{len(pages)}" for n in range(1, len(pages) + 1)]
    _png(data, "form01-person")


def test_in_a_unit_batch_every_person_starts_a_sheet_numbered_of_their_own(login, october, session, glyphs):
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == october.person.id)).one()
    sheet.limitations = "Cần chủ động hơn trong tham mưu, đề xuất. " * 120  # this person's sheet runs over a page
    session.commit()
    user, job_id = _request(login, october.head, "form01")
    data = _download(user, job_id)
    pages = _pages(data)
    numbers = [tuple(map(int, re.search(r"Trang (\d+)/(\d+)", p).groups())) for p in pages]
    sheets = session.exec(select(EvaluationSheet).where(EvaluationSheet.unit_id == october.unit.id,
                                                        EvaluationSheet.period_id == sheet.period_id)).all()
    starts = [i for i, (x, _) in enumerate(numbers) if x == 1]
    assert len(starts) == len(sheets)
    for first, after in zip(starts, starts[1:] + [len(pages)]):
        assert numbers[first:after] == [(n, after - first) for n in range(1, after - first + 1)]
        assert "Mẫu số 01" in pages[first] and "PHIẾU THEO DÕI" in pages[first]
    mine = next(i for i in starts if october.person.full_name in pages[i])
    assert numbers[mine][1] >= 2 and "NGƯỜI TỰ ĐÁNH GIÁ" in pages[mine + numbers[mine][1] - 1]
    assert "NGƯỜI TỰ ĐÁNH GIÁ" not in pages[mine]  # the signatures went over with the last remarks
    _png(data, "form01-unit")
    png = ARTIFACTS / "form01-unit-person"
    (ARTIFACTS / "form01-unit-person.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(mine + 1), "-l", str(mine + numbers[mine][1]),
                    str(ARTIFACTS / "form01-unit-person.pdf"), str(png)], check=True, timeout=120)


def _head_sheet(session, october) -> EvaluationSheet:
    """The head's own sheet of October."""
    return session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == october.head.person_id)).one()


def test_a_heads_form_01_never_names_the_head_as_their_own_reviewer(login, october, session):
    head = session.get(Person, october.head.person_id)
    user, job_id = _request(login, october.head, "form01", person_id=str(head.id))
    text = " ".join(_pages(_download(user, job_id)))
    signatures = text[text.index("NGƯỜI TỰ ĐÁNH GIÁ"):]
    assert signatures.count(head.full_name) == 1 and "CẤP TRÊN" in signatures


def test_a_heads_form_01_names_the_superior_who_reviewed_and_approved_it(login, october, session):
    sheet = _head_sheet(session, october)
    organiser = session.exec(select(UserAccount).where(UserAccount.username == organiser_of(session, "chinhquyen"))).first() \
        or session.exec(select(UserAccount).where(UserAccount.role == "organiser")).first()
    organiser.display_name = "Lê Thị Tổ Chức"
    for action in ("sheet_reviewed", "sheet_approved"):
        write(session, type("A", (), {"account_id": organiser.id, "unit_id": None})(), action, "evaluationsheet",
              sheet.id, sheet.unit_id, {}, {})
    scored = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == october.person.id)).one()
    sheet.frozen_result = scored.frozen_result  # approved: printed from its frozen result
    sheet.state = "approved"
    session.commit()
    user, job_id = _request(login, october.head, "form01", person_id=str(sheet.person_id))
    assert session.get(ReportJob, job_id).error == ""
    text = " ".join(_pages(_download(user, job_id)))
    signatures = text[text.index("NGƯỜI TỰ ĐÁNH GIÁ"):]
    assert signatures.count("Lê Thị Tổ Chức") == 2 and signatures.count(session.get(Person, sheet.person_id).full_name) == 1


def test_a_staff_form_01_names_the_manager_who_actually_reviewed_it(login, october, session):
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == october.person.id)).one()
    head_person = session.get(Person, october.head.person_id)
    write(session, type("A", (), {"account_id": october.head.id, "unit_id": sheet.unit_id})(), "sheet_reviewed",
          "evaluationsheet", sheet.id, sheet.unit_id, {}, {})
    session.commit()
    user, job_id = _request(login, october.head, "form01", person_id=str(october.person.id))
    text = " ".join(_pages(_download(user, job_id)))
    signatures = text[text.index("NGƯỜI TỰ ĐÁNH GIÁ"):]
    assert signatures.count(head_person.full_name) == 2  # reviewed (as recorded) and approved by the head


# --- diary and hours -----------------------------------------------------------------------------

def _first_entry(session, october) -> DiaryEntry:
    """October's first diary entry of the staff member."""
    return session.exec(select(DiaryEntry).where(DiaryEntry.person_id == october.person.id).order_by(DiaryEntry.id)).first()


def test_the_diary_pdf_keeps_the_date_apart_from_the_code_and_shows_the_evidence(login, october, session, glyphs):
    entry = _first_entry(session, october)
    file = EvidenceFile(unit_id=entry.unit_id, stored_name="x.pdf", original_name="ho-so-12.pdf",
                        content_type="application/pdf", size_bytes=10, sha256="0" * 64)
    session.add(file)
    session.flush()
    entry.evidence_doc_number, entry.evidence_doc_date = "125/BC-SNV", date(2026, 10, 12)
    entry.evidence_link, entry.evidence_file_id = "https://vanban.thanhhoa.gov.vn/125", file.id
    session.commit()
    user, job_id = _request(login, october.staff, "diary", person_id=str(october.person.id))
    data = _download(user, job_id)
    text = " ".join(_pages(data))
    assert not re.search(r"\d{2}/\d{2}/\d{4}[A-Za-z]", text), text[:600]
    assert "Minh chứng" in text and "Số 125/BC-SNV ngày 12/10/2026" in text and "ho-so-12.pdf" in text
    assert "https://vanban.thanhhoa.gov.vn/125" in text.replace(" ", "")  # cut to fit its cell
    _png(data, "diary-person")


def test_the_hours_pdf_names_its_maker_and_keeps_each_name_on_one_line(login, october, session, monkeypatch):
    from webapp.reports import documents
    monkeypatch.setattr(documents, "LONG_DAY", Decimal(9))
    user, job_id = _request(login, october.head, "hours")
    data = _download(user, job_id)
    lines = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).splitlines()
    people = session.exec(select(Person).where(Person.unit_id == october.unit.id, Person.active)).all()
    assert all(any(p.full_name in line for line in lines) for p in people)
    text = " ".join(" ".join(lines).split())
    signatures = text[text.index("NGƯỜI LẬP BIỂU"):]
    assert session.get(Person, october.head.person_id).full_name in signatures.split("THỦ TRƯỞNG")[0] + signatures
    assert signatures.count(session.get(Person, october.head.person_id).full_name) == 2  # maker and head
    assert "ngày làm trên 9 giờ" in text
    _png(data, "hours-unit", last=1)


def test_the_letterhead_date_is_the_day_in_viet_nam(login, october, monkeypatch):
    from webapp.reports import run
    monkeypatch.setattr(run, "local_today", lambda: date(2026, 11, 2))
    user, job_id = _request(login, october.head, "summary")
    assert "ngày 02 tháng 11 năm 2026" in " ".join(_pages(_download(user, job_id)))


# --- files that are safe to open -----------------------------------------------------------------

@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","Bấm")', "+1+2", "-2+3", "@SUM(1,1)"])
def test_a_description_that_looks_like_a_formula_stays_text_in_the_excel_diary(login, october, session, text):
    entry = _first_entry(session, october)
    entry.description = text
    session.commit()
    user, job_id = _request(login, october.staff, "diary", fmt="xlsx", person_id=str(october.person.id))
    sheet = load_workbook(io.BytesIO(_download(user, job_id))).active
    cells = [c for row in sheet.iter_rows(min_row=3) for c in row if c.value == text]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_every_workbook_writes_people_names_as_text(login, october, session):
    person = october.person
    person.full_name = "=Đỗ Văn Bình"
    session.commit()
    for kind, extra in (("form01", {}), ("hours", {}), ("summary", {})):
        user, job_id = _request(login, october.head, kind, fmt="xlsx", **extra)
        sheet = load_workbook(io.BytesIO(_download(user, job_id))).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value == "=Đỗ Văn Bình"]
        assert cells and all(c.data_type == "s" for c in cells), kind


def test_control_characters_already_stored_no_longer_break_the_excel_or_pdf_diary(login, october, session):
    entry = _first_entry(session, october)
    entry.description = "Báo cáo\x07 tuần\x1b xong\x0b rồi"
    session.commit()
    user, job_id = _request(login, october.staff, "diary", fmt="xlsx", person_id=str(october.person.id))
    assert session.get(ReportJob, job_id).status == "done"
    sheet = load_workbook(io.BytesIO(_download(user, job_id))).active
    assert "Báo cáo tuần xong rồi" in [c.value for row in sheet.iter_rows() for c in row]
    user, job_id = _request(login, october.staff, "diary", person_id=str(october.person.id))
    assert "Báo cáo tuần xong rồi" in " ".join(_pages(_download(user, job_id)))


def test_an_evidence_file_name_with_a_bidi_override_is_shown_and_downloaded_clean(login, october, session, app,
                                                                                   tmp_path):
    from webapp.worklog.evidence import path_of
    app.config["STORAGE_DIR"] = str(tmp_path)
    entry = _first_entry(session, october)
    file = EvidenceFile(unit_id=entry.unit_id, stored_name="f.pdf", original_name="hoso\u202efdp.exe\x07",
                        content_type="application/pdf", size_bytes=8, sha256="0" * 64,
                        uploaded_by_id=october.staff.id)
    session.add(file)
    session.flush()
    path_of(file).parent.mkdir(parents=True, exist_ok=True)
    path_of(file).write_bytes(b"%PDF-1.4")
    entry.evidence_file_id = file.id
    session.commit()
    user = login(october.staff.username)
    response = user.get(f"/evidence/{file.id}")
    disposition = response.headers["Content-Disposition"]
    response.close()
    assert "\u202e" not in disposition and "%E2%80%AE" not in disposition and "hosofdp.exe" in disposition
    page = user.get(f"/diary?day={entry.work_date.isoformat()}").get_data(as_text=True)
    assert "\u202e" not in page and "hosofdp.exe" in page


def test_evidence_names_lose_path_parts_and_hidden_characters():
    from webapp.worklog.evidence import clean_name, display_name
    assert display_name("C:\\Users\\an\\ho\u202eso.pdf") == "hoso.pdf"
    assert clean_name("../../etc/pass\x00wd\u2066.pdf") == "passwd.pdf"
    assert clean_name("..") == "minh-chung" and clean_name("\u202e") == "minh-chung"


def test_a_report_file_name_loses_bidi_characters_of_a_name_stored_before_cleaning(login, october, session):
    person = session.get(Person, october.person.id)
    person.full_name = "Đỗ Văn\u202e Bình"  # stored before input was cleaned
    session.commit()
    user, job_id = _request(login, october.head, "diary", person_id=str(october.person.id))
    response = user.get(f"/reports/{job_id}/download")
    disposition = response.headers["Content-Disposition"]
    response.close()
    assert "%E2%80%AE" not in disposition and "%C4%90%E1%BB%97%20V%C4%83n%20B%C3%ACnh" in disposition


def test_a_report_outside_the_role_is_refused_for_the_role_before_its_input_is_looked_at(login, october, session):
    staff = login(october.staff.username)
    other = session.exec(select(Person).where(Person.unit_id == october.person.unit_id,
                                              Person.id != october.person.id)).first()
    for data in ({"kind": "summary", "period": "không phải kỳ"},
                 {"kind": "diary", "period": "9999", "person_id": str(other.id)}):
        response = staff.post(UNIT, data={"file_format": "pdf", **data})
        assert response.status_code == 403, (data, response.get_data(as_text=True)[-400:])
    assert session.exec(select(ReportJob)).all() == []


def test_a_managers_division_form_01_leaves_out_the_head_and_deputies_who_sit_in_the_office(login, october, session,
                                                                                             glyphs):
    from webapp.auth.actor import Actor
    from webapp.auth.scope import manages_person
    manager = october.manager
    in_division = session.exec(select(Person).join(EvaluationSheet, EvaluationSheet.person_id == Person.id)
                               .where(Person.division_id == manager.division_id)).all()
    outside = [p for p in in_division if p.id != manager.person_id and not manages_person(Actor.from_account(manager), p)]
    assert outside, "the seeded office holds the head and the deputy heads"
    user, job_id = _request(login, manager, "form01", division_id=str(manager.division_id))
    pages = _pages(_download(user, job_id))
    assert october.person.full_name in " ".join(pages)
    assert sum(1 for page in pages if "Trang 1/" in page) == len(in_division) - len(outside)
    assert session.get(ReportJob, job_id).total == len(in_division) - len(outside)


@pytest.mark.parametrize("kind", ["hours", "summary"])
def test_a_managers_division_hours_and_results_leave_out_the_head_and_deputies_too(login, october, session, kind):
    from webapp.auth.actor import Actor
    from webapp.auth.scope import manages_person
    manager = Actor.from_account(october.manager)
    outside = [p for p in session.exec(select(Person).where(Person.division_id == manager.division_id, Person.active))
               if p.id != manager.person_id and not manages_person(manager, p)]
    user, job_id = _request(login, october.manager, kind, fmt="xlsx", division_id=str(manager.division_id))
    book = load_workbook(io.BytesIO(_download(user, job_id)))
    cells = {str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None}
    assert outside and [p.full_name for p in outside if p.full_name in cells] == []
    assert october.person.full_name in cells
