"""Báo cáo tổng kết thí điểm through the real pages: the Party bloc's organiser opens it from the menu, is told
why a backwards span is refused, sees the four pilot units side by side and downloads the PDF; screenshots for
people to look at."""
import io
from pathlib import Path
from urllib.parse import unquote

from playwright.sync_api import expect
from pypdf import PdfReader

from webapp.clock import local_today

from .conftest import sign_in

PILOT_UNITS = ("Phường Hạc Thành", "Phường Đông Sơn", "Sở Nội vụ", "Sở Khoa học và Công nghệ")


def _month(back: int) -> str:
    """The month `back` months before this one, mm/yyyy."""
    today = local_today()
    index = today.year * 12 + today.month - 1 - back
    return f"{index % 12 + 1:02d}/{index // 12}"


def test_an_organiser_compares_the_pilot_units_and_downloads_the_review(page, live_server, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "tochuc.dang")
    page.click("nav >> text=Tổng kết thí điểm")
    expect(page.locator("h1")).to_have_text("Báo cáo tổng kết thí điểm")
    page.fill("#pilot-from_month", _month(0))
    page.fill("#pilot-to_month", _month(1))
    page.click("#pilot-range button[type=submit]")
    expect(page.locator("#pilot-review .alert-error")).to_contain_text(
        "Tháng bắt đầu phải trước hoặc trùng tháng kết thúc.")
    page.fill("#pilot-from_month", _month(1))
    page.fill("#pilot-to_month", _month(0))
    page.click("#pilot-range button[type=submit]")
    for name in PILOT_UNITS:
        expect(page.locator("#pilot-figures thead")).to_contain_text(name)
    expect(page.locator("#pilot-figures")).to_contain_text("Tài khoản đã đăng nhập trong kỳ")
    assert f"from_month={_month(1)}" in unquote(page.url)  # the span stays in the address
    page.screenshot(path=str(artifacts / "pilot-review.png"), full_page=True)
    page.select_option("#pilot-format", "pdf")
    page.click("#pilot-report-form button[type=submit]")
    link = page.locator("#jobs a:has-text('Tải về')").first
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(data)).pages)
    for name in PILOT_UNITS:
        assert name in " ".join(text.split()), name
    page.screenshot(path=str(artifacts / "pilot-review-job.png"), full_page=False)
