"""The user guide's screenshots (static/guide), taken from the real pages of Phường Đông Sơn as each role
walks the guide's steps. Running this test regenerates them, so that the guide stays true as pages change."""
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlmodel import select

from webapp.assignments.service import AssignmentInput, assign
from webapp.auth.actor import Actor
from webapp.clock import local_today
from webapp.db import new_session
from webapp.evaluations.service import own_sheet
from webapp.models import CatalogueItem, Person, Unit, UserAccount
from webapp.workdays import earliest_allowed
from webapp.worklog import review, service
from webapp.worklog.rules import EntryInput

from .conftest import pick_item, sign_in, sign_out
from .guide_setup import OkrIds, make_okr, propose_change
from .guide_shots import GUIDE_IMAGES, WIDTH, capture

UNIT = "dong-son"  # no other browser test works in it: its month may be closed here


@dataclass(frozen=True)
class Cast:
    """Who walks the guide, and what they work on."""

    staff: str
    colleague: str
    manager: str
    head: str
    personnel: str
    spare: str  # an account no walk signs in with: its password is reset
    item_id: int
    okr: OkrIds


def _actor(account: UserAccount) -> Actor:
    """The service-level actor of an account of the unit."""
    return Actor.from_account(account, UNIT)


def _cast(app) -> Cast:
    """A division manager, two of their staff (one with a returned entry, a draft, an assignment and a sheet to
    self-assess; one whose entries and sheet wait for the manager), a deputy whose sheet waits for the head."""
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == UNIT)).one()
        accounts = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id)
                                .order_by(UserAccount.id)).all()
        manager = next(a for a in accounts if a.role == "manager")
        staff, colleague = [a for a in accounts if a.role == "staff" and a.division_id == manager.division_id
                            and not session.get(Person, a.person_id).is_leader][:2]
        head = next(a for a in accounts if a.role == "head")
        personnel = next(a for a in accounts if a.role == "personnel")
        item = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id,
                                                        CatalogueItem.code == "DS-001")).one()
        today, earlier = local_today(), earliest_allowed(session, local_today(), 1)

        def add(account, day, quantity="2", hours="3", text="Công văn trả lời kiến nghị của cử tri"):
            data = EntryInput(work_date=day, item_id=item.id, quantity=Decimal(quantity), hours=Decimal(hours),
                              description=text, evidence_doc_number="125/UBND-VP")
            return service.add(session, _actor(account), data).entry

        sent = add(staff, earlier, text="Thông báo lịch tiếp công dân tháng")
        (sent,) = service.submit_entries(session, _actor(staff), [sent.id])
        review.return_entry(session, _actor(manager), sent.id, sent.version, "Thiếu số, ký hiệu văn bản minh chứng")
        for day, quantity in ((earlier, "3"), (today, "2")):
            service.submit_entries(session, _actor(colleague), [add(colleague, day, quantity).id])
        (done,) = service.submit_entries(session, _actor(staff), [add(staff, earlier, "6").id])
        review.approve_entry(session, _actor(manager), done.id, done.version)  # the unit's OKR counts it
        work = AssignmentInput((staff.person_id,), item.id, Decimal(4), today + timedelta(days=10), "document",
                               "Theo Kế hoạch số 12/KH-UBND")
        assign(session, _actor(manager), work)
        first = today.replace(day=1)
        own_sheet(session, _actor(staff), first, today)
        sheet = own_sheet(session, _actor(colleague), first, today)
        sheet.state = "self_assessed"
        deputy = next(a for a in accounts if a.role == "manager" and a.id != manager.id)
        own_sheet(session, _actor(deputy), first, today).state = "reviewed"
        session.commit()
        okr = make_okr(session, unit, head, manager, staff, item.id)
        propose_change(session, unit, personnel)
        spare = next(a for a in reversed(accounts) if a.role == "staff" and a not in (staff, colleague))
        return Cast(staff.username, colleague.username, manager.username, head.username, personnel.username,
                    spare.username, item.id, okr)


@pytest.fixture(scope="module")
def cast(browser_app) -> Cast:
    """Set up once for the module's walks."""
    return _cast(browser_app)


def _open(page, base_url: str, username: str) -> None:
    """Sign in at the guide's width."""
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, base_url, username)


def test_a_staff_member_walks_the_guide(page, live_server, cast):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(f"{live_server}/login")
    page.fill("#username", cast.staff)
    capture(page, "cong-chuc-dang-nhap.png", "main form")
    page.fill("#password", "Demo@2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    capture(page, "cong-chuc-menu.png", "header.topbar")
    capture(page, "cong-chuc-viec-can-lam.png", "#todo")
    capture(page, "cong-chuc-muc-tieu-cua-toi.png", "#my-okr")
    page.click("header >> text=Đổi mật khẩu")
    capture(page, "cong-chuc-doi-mat-khau.png", "main form")
    page.click("nav >> text=Nhật ký công việc")
    page.wait_for_load_state("load")
    page.fill("#entry-form .item-search", "cong van thong bao")
    pick_item(page, "new", cast.item_id)
    page.fill("#new-quantity", "2")
    page.fill("#new-hours", "3,5")
    page.fill("#new-description", "Công văn trả lời kiến nghị của cử tri phường")
    capture(page, "cong-chuc-ghi-nhat-ky.png", "#entry-form")
    page.click("text=Thêm vào nhật ký")
    expect(page.locator("#entry-rows tr.entry")).to_have_count(1)
    capture(page, "cong-chuc-nhat-ky-ngay.png", "table.diary", "#day-totals")
    page.goto(f"{live_server}/")
    capture(page, "cong-chuc-bi-tra-lai.png", "#todo-returned")
    page.click("nav >> text=Việc được giao")
    capture(page, "cong-chuc-viec-duoc-giao.png", "h1", "table.assignments")
    page.click("nav >> text=Đánh giá, xếp loại")
    page.click("text=Phiếu theo dõi, đánh giá tháng")
    capture(page, "cong-chuc-tu-danh-gia.png", "form:has(button:has-text('Gửi tự đánh giá'))")
    capture(page, "cong-chuc-diem-nhiem-vu.png", "#task-results")


def test_a_division_manager_walks_the_guide(page, live_server, cast):
    _open(page, live_server, cast.manager)
    capture(page, "lanh-dao-phong-viec-can-lam.png", "#todo-approvals", "#todo-sheets")
    page.click("nav >> text=Duyệt nhật ký")
    capture(page, "lanh-dao-phong-duyet-nhat-ky.png", "h1", "table.approvals")
    page.click("nav >> text=Giao việc")
    capture(page, "lanh-dao-phong-giao-viec.png", "#assignment-form")
    page.click("nav >> text=Giờ làm việc")
    capture(page, "lanh-dao-phong-gio-lam-viec.png", "h1", "#hours-table")
    page.click("nav >> text=Đánh giá, xếp loại")
    page.click("#waiting a")
    capture(page, "lanh-dao-phong-danh-gia-phieu.png", "form:has(button:has-text('Ghi kết quả đánh giá'))")
    page.click("nav >> text=Báo cáo")
    capture(page, "lanh-dao-phong-bao-cao.png", "#report-form")
    page.click("nav >> text=Mục tiêu và kết quả then chốt")
    page.click("a.button:has-text('Phòng, ban')")
    page.fill("#title", "Văn phòng hoàn thành báo cáo chuyên đề đúng hạn")
    page.select_option("#reviewer_id", index=1)
    capture(page, "lanh-dao-phong-muc-tieu-phong.png", "h1", "main form")
    page.goto(f"{live_server}/okr/objectives/{cast.okr.division}")
    article = page.locator("#key-results article").nth(0)
    article.locator("input[name=value]").fill("18")
    article.locator("select[name=confidence]").select_option("at_risk")
    article.locator("input[name=note]").fill("Còn 12 kiến nghị chờ ý kiến của các phòng")
    article.locator("input[name=evidence_doc_number]").fill("52/BC-VP")
    capture(page, "lanh-dao-phong-cap-nhat-tien-do.png", "#key-results article >> nth=0", max_height=560)
    article.locator("button:has-text('Cập nhật tiến độ')").click()
    expect(page.locator("#key-results article").nth(0).locator(".checkins")).to_contain_text("52/BC-VP")


def test_the_head_walks_the_guide(page, live_server, cast):
    _open(page, live_server, cast.head)
    page.click("nav >> text=Mục tiêu và kết quả then chốt")
    expect(page.locator("#okr-tree")).to_contain_text("Phường Đông Sơn giải quyết văn bản")
    capture(page, "thu-truong-cay-muc-tieu.png", "h1", "#okr-tree section.card >> nth=0", max_height=560)
    page.goto(f"{live_server}/okr/objectives/{cast.okr.unit}")
    capture(page, "thu-truong-ket-qua-then-chot.png", "#alignment", "#key-results", max_height=640)
    page.click("nav >> text=Danh mục sản phẩm/công việc")
    page.click("main >> text=Duyệt thay đổi danh mục")
    capture(page, "thu-truong-duyet-danh-muc.png", "h1", "section.batch", max_height=520)
    page.click("nav >> text=Đánh giá, xếp loại")
    page.click("#waiting a")
    capture(page, "thu-truong-phe-duyet.png", "form:has(button:has-text('Phê duyệt'))",
            "form:has(button:has-text('Trả lại'))")
    page.click("nav >> text=Đánh giá, xếp loại")
    page.click("text=Bảng tổng hợp đánh giá, xếp loại của đơn vị")
    capture(page, "thu-truong-tong-hop.png", "h1", "#unit-results", max_height=520)
    page.click("button:has-text('Chốt số liệu và tính điểm')")
    capture(page, "thu-truong-chot-so-lieu.png", "article.card")
    page.click("button:has-text('Xác nhận')")
    expect(page.locator("main")).to_contain_text("Chốt số liệu")
    capture(page, "thu-truong-mo-lai.png", "form:has(button:has-text('Mở lại kỳ đánh giá'))")


def test_the_personnel_officer_walks_the_guide(page, live_server, cast):
    page.on("dialog", lambda dialog: dialog.accept())
    _open(page, live_server, cast.personnel)
    page.click("nav >> text=Cơ cấu tổ chức")
    page.click("#units-by-bloc a >> nth=0")
    capture(page, "can-bo-to-chuc-co-cau.png", "h1", "#management", max_height=480)
    page.click("nav >> text=Vị trí việc làm")
    capture(page, "can-bo-to-chuc-vi-tri.png", "section.card.position", max_height=520)
    page.click("nav >> text=Danh mục sản phẩm/công việc")
    capture(page, "can-bo-to-chuc-danh-muc.png", "h1", "table.grid", max_height=480)
    page.click("nav >> text=Tài khoản")
    capture(page, "can-bo-to-chuc-tai-khoan.png", "h1", "table.grid", max_height=420)
    page.click(f"tr:has-text('{cast.spare}') button:has-text('Đặt lại mật khẩu')")
    expect(page.locator("#temporary-password")).to_have_text(re.compile(r"\S{10,}"))
    # The picture shows an example, not the real (random) password: nothing secret is committed, nor a new file per run.
    page.locator("#temporary-password").evaluate("code => { code.textContent = 'Vd7mQ2xK9p' }")
    capture(page, "can-bo-to-chuc-mat-khau-tam.png", "section.card")
    _officer_keeps_the_lists(page, live_server)
    page.click("nav >> text=Báo cáo")
    page.select_option("#report-kind", "summary")
    page.click("button:has-text('Lập báo cáo')")
    expect(page.locator("#jobs")).to_contain_text("Tải về", timeout=30_000)
    capture(page, "can-bo-to-chuc-bao-cao.png", "#report-form", "#jobs")


def _officer_keeps_the_lists(page, live_server) -> None:
    """Phòng, ban; Danh sách cán bộ (add a person, their account, a move); Quan hệ báo cáo; a catalogue draft."""
    page.click("nav >> text=Phòng, ban")
    capture(page, "can-bo-to-chuc-phong-ban.png", "h1", "#divisions", max_height=520)
    page.click("nav >> text=Danh sách cán bộ")
    capture(page, "can-bo-to-chuc-danh-sach-can-bo.png", "h1", "#staff-rows table", max_height=420)
    page.click("text=Thêm cán bộ")
    page.fill("#full_name", "Lê Thị Minh Thư")
    page.fill("#national_id", "038196004321")
    page.fill("#title", "Chuyên viên")
    page.fill("#started_on", local_today().strftime("%d/%m/%Y"))
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Đã thêm cán bộ và tạo tài khoản")
    page.locator("#initial-password").evaluate("code => { code.textContent = 'Vd7mQ2xK9p' }")  # as for the reset
    capture(page, "can-bo-to-chuc-mat-khau-ban-dau.png", "#account-created")
    page.click("main >> text=Danh sách cán bộ")
    page.click("#staff-rows a:has-text('Lê Thị Minh Thư')")
    capture(page, "can-bo-to-chuc-tai-khoan-can-bo.png", "#account")
    page.click("text=Chuyển công tác")
    page.select_option("#unit", "hac-thanh")
    page.click("button:has-text('Chọn')")
    capture(page, "can-bo-to-chuc-chuyen-cong-tac.png", "main", max_height=560)  # not confirmed: she stays
    page.goto(f"{live_server}/units/{UNIT}/reporting-lines")
    expect(page.locator("#line-problems")).to_contain_text("Lê Thị Minh Thư")  # no division: no direct manager
    capture(page, "can-bo-to-chuc-quan-he-bao-cao.png", "#line-problems", "main section.card:has(table)",
            max_height=560)
    page.click("nav >> text=Danh mục sản phẩm/công việc")
    page.click("#catalogue-rows a[title='Đề xuất sửa đổi'] >> nth=2")
    page.fill("#draft-coefficient", "1,10")
    page.fill("#draft-effective_from", local_today().strftime("%d/%m/%Y"))
    page.fill("#draft-reason", "Văn bản phải lấy ý kiến nhiều phòng, ban")
    capture(page, "can-bo-to-chuc-de-xuat.png", "#draft-form", max_height=620)


def _officer_imports_a_file_with_errors(page, tmp_path) -> None:
    """Nhập, xuất Excel: the staff template with a bad row, refused with the row and column."""
    page.click("nav >> text=Nhập, xuất Excel")
    capture(page, "can-bo-to-chuc-nhap-xuat.png", "h1", "#lists", max_height=420)
    row = page.locator("#lists tr", has_text="Danh sách cán bộ")
    with page.expect_download() as template:
        row.locator("a:has-text('Mẫu')").click()
    with open(template.value.path(), "rb") as handle:
        wb = load_workbook(io.BytesIO(handle.read()))
    wb["Cán bộ"].append(["038197001234", "Nguyễn Văn Bình", "Nam", "Công chức", "Chuyên viên", "KHONG-CO", "vp",
                         "Có lẽ", "31/02/2026", None])
    path = tmp_path / "can-bo.xlsx"
    wb.save(path)
    row.locator("input[type=file]").set_input_files(str(path))
    row.locator("button:has-text('Tải lên và kiểm tra')").click()
    expect(page.locator("#import-problems")).to_contain_text("Có hoặc Không")
    capture(page, "can-bo-to-chuc-loi-nhap.png", "main section[id^=import-]", max_height=420)


def test_the_personnel_officer_imports_a_list_as_the_guide_shows(page, live_server, cast, tmp_path):
    _open(page, live_server, cast.personnel)
    _officer_imports_a_file_with_errors(page, tmp_path)


def test_a_province_organiser_and_the_administrator_walk_the_guide(page, live_server, cast):
    _open(page, live_server, "tochuc.chinhquyen")
    capture(page, "to-chuc-cap-tinh-trang-chu.png", "main", max_height=480)
    page.click("nav >> text=Mục tiêu và kết quả then chốt")
    page.select_option("select[name=unit]", UNIT)
    page.click("button:has-text('Chọn')")
    page.fill("input[name=period]", cast.okr.period)
    page.click("form.filters button:has-text('Xem')")
    expect(page.locator("#okr-tree")).to_contain_text("Nâng cao chỉ số cải cách hành chính")
    capture(page, "to-chuc-cap-tinh-muc-tieu.png", "#okr-tree section.card >> nth=0", max_height=560)
    page.goto(f"{live_server}/units/{UNIT}/reporting-lines")
    capture(page, "to-chuc-cap-tinh-cap-tren-danh-gia.png", "#superior-evaluator")
    page.click("nav >> text=Đánh giá, xếp loại")
    page.click("button:has-text('Chốt số liệu tháng')")
    capture(page, "to-chuc-cap-tinh-chot-toan-khoi.png", "article.card")
    sign_out(page)
    sign_in(page, live_server, "admin")
    page.click("nav >> text=Tài khoản")
    page.select_option("#unit", UNIT)
    page.click("button:has-text('Xem')")
    capture(page, "quan-tri-tai-khoan.png", "main form.inline", "table.grid", max_height=420)


def test_the_guide_shows_its_pictures_and_the_help_link_opens_the_pages_section(page, live_server, cast, artifacts):
    _open(page, live_server, cast.staff)
    page.click("nav >> text=Nhật ký công việc")
    page.click("header >> text=Hướng dẫn")
    page.wait_for_url("**/huong-dan/cong-chuc#ghi-nhat-ky")
    expect(page.locator("#ghi-nhat-ky h3")).to_be_in_viewport()
    images = page.locator(".guide-shot img")
    assert images.count() >= 8
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
        assert images.nth(index).evaluate("img => img.complete && img.naturalWidth > 0"), index
    page.screenshot(path=str(artifacts / "guide-cong-chuc.png"), full_page=True)
    page.goto(f"{live_server}/huong-dan")
    expect(page.locator(".guide-role").first).to_contain_text("Vai trò của bạn")


def test_every_screenshot_is_small_and_the_set_stays_under_two_megabytes():
    sizes = {path.name: path.stat().st_size for path in GUIDE_IMAGES.glob("*.png")}
    assert sizes and sum(sizes.values()) < 2_000_000, sizes
    assert max(sizes.values()) < 250_000, sizes
