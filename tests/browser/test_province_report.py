"""The government bloc's organiser asks for the monthly report of the pilot units through the real pages and
downloads its PDF; the page's screenshot and the PDF's pages (PNG) are kept as test artifacts."""
import io
import subprocess
from datetime import date

from pypdf import PdfReader
from sqlmodel import select

from webapp.db import new_session
from webapp.models import Bloc, Unit
from webapp.performance.refresh import refresh_month

from .conftest import sign_in

NOVEMBER = date(2026, 11, 1)


def _refresh(app) -> None:
    """The index of the government bloc's units for November (what the organiser's Cập nhật số liệu does)."""
    with app.app_context(), new_session(app) as session:
        bloc = session.exec(select(Bloc).where(Bloc.code == "chinhquyen")).one()
        units = list(session.exec(select(Unit.id).where(Unit.bloc_id == bloc.id)))
        refresh_month(session, NOVEMBER, units, today=date(2026, 12, 1))


def test_the_organiser_downloads_the_monthly_report_of_the_pilot_units(page, live_server, browser_app, artifacts):
    _refresh(browser_app)
    sign_in(page, live_server, "tochuc.chinhquyen")
    page.click("nav >> text=Báo cáo tháng, quý")
    page.select_option("#province-kind", "monthly")
    page.fill("#province-period", "11/2026")
    assert page.locator("#province-scope option").all_inner_texts() == ["Khối chính quyền"]  # their bloc only
    page.check("#province-pilot")
    page.select_option("#province-format", "pdf")
    page.click("#province-report-form button[type=submit]")
    link = page.locator("#jobs a", has_text="Tải về").first
    link.wait_for()
    assert "Khối chính quyền (đơn vị thí điểm)" in page.inner_text("#jobs")
    page.screenshot(path=str(artifacts / "province-report-page.png"), full_page=True)
    with page.expect_download() as download:
        link.click()
    pdf = artifacts / "province-report-pilot.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename.startswith("Báo cáo tháng - Khối chính quyền")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split())
    for name in ("Phường Hạc Thành", "Phường Đông Sơn", "Sở Nội vụ", "Sở Khoa học và Công nghệ"):
        assert name in text, name
    assert "các đơn vị thí điểm" in text and "Trong tháng 11/2026" in text and "4 cơ quan, đơn vị" in text
    try:
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(artifacts / "province-report-pilot")],
                       check=True, timeout=60)
    except FileNotFoundError:
        pass
