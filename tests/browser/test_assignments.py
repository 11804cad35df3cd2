"""Giao việc through the real pages: the manager assigns an item to a staff member, who logs work against
it with an uploaded evidence file (htmx, multipart) and downloads it back; a bad file is refused in place."""
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlmodel import select

from webapp.clock import local_today
from webapp.db import new_session
from webapp.models import CatalogueItem

from ..integration.worklog_data import team
from .conftest import pick_item, sign_in, sign_out

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _cast(app):
    """The manager, the first staff member of their division (not the diary test's), and item SNV-010."""
    with app.app_context(), new_session(app) as session:
        t = team(session)
        item = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == t.unit.id,
                                                        CatalogueItem.code == "SNV-010")).one()
        return t.manager.username, t.staff.username, t.staff.person_id, item.id


def test_a_manager_assigns_work_and_the_staff_member_logs_it_with_evidence(page, live_server, browser_app, artifacts):
    manager, staff, person_id, item_id = _cast(browser_app)
    deadline = local_today() + timedelta(days=7)

    sign_in(page, live_server, manager)
    page.click("nav >> text=Giao việc")
    page.fill("#assignment-form .item-search", "bao cao dinh ky")
    expect(page.locator("#item-results-new .item-result")).to_have_count(1)
    pick_item(page, "new", item_id)
    page.fill("#as-quantity", "3")
    page.fill("#as-deadline", f"{deadline:%d/%m/%Y}")  # typed as people do: dd/mm/yyyy
    page.check(f"#assignment-form input[name=person_ids][value='{person_id}']")
    page.click("#assignment-form button:has-text('Giao việc')")
    expect(page.locator("#messages")).to_contain_text("Đã giao việc cho 1 người.")
    row = page.locator("#assignment-rows tr.assignment").first
    expect(row).to_contain_text("SNV-010")
    expect(row).to_contain_text(deadline.strftime("%d/%m/%Y"))
    expect(page.locator("#as-quantity")).to_have_value("")  # a fresh form
    page.screenshot(path=str(artifacts / "assignments.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, staff)
    page.click("nav >> text=Nhật ký công việc")
    pick_item(page, "new", item_id)
    page.fill("#new-quantity", "1")
    page.fill("#new-hours", "2")
    page.select_option("#new-assignment_id", index=1)
    page.set_input_files("#new-evidence_file", files=[{"name": "ghi-chu.pdf", "mimeType": "application/pdf",
                                                        "buffer": b"Chi la van ban"}])
    page.click("text=Thêm vào nhật ký")
    expect(page.locator("#entry-form .error")).to_contain_text("Chỉ nhận tệp PDF")
    expect(page.locator("#entry-rows tr.entry")).to_have_count(0)

    page.fill("#new-quantity", "1")
    page.set_input_files("#new-evidence_file", files=[{"name": "báo cáo.pdf", "mimeType": "application/pdf",
                                                        "buffer": PDF}])
    page.click("text=Thêm vào nhật ký")
    entry = page.locator("#entry-rows tr.entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Giao việc · hạn " + deadline.strftime("%d/%m/%Y"))
    expect(entry.locator("a.evidence-file")).to_have_text("báo cáo.pdf")
    expect(page.locator("#entry-form .error")).to_have_count(0)
    with page.expect_download() as download:
        entry.locator("a.evidence-file").click()
    assert download.value.suggested_filename == "báo cáo.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    page.screenshot(path=str(artifacts / "diary-with-evidence.png"), full_page=True)
    sign_out(page)
