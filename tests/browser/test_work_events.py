"""Work from the e-office through the real pages: the task-assignment system assigns a document to a staff
member of Sở Nội vụ, the reference sender posts three of her documents of the day (real HTTP, the API's
token); they appear as suggestions on her diary, she confirms two and dismisses one, sends the two for
approval, her manager approves them, and her sheet's task points move."""
from playwright.sync_api import expect
from sqlmodel import select

from bench.eoffice_sender import Sender, day_of_events, send_all
from webapp.api import clients
from webapp.auth.actor import Actor
from webapp.db import new_session
from webapp.models import Person, UserAccount, WorkSuggestion

from ..integration.worklog_data import team, working_day
from .conftest import sign_in, sign_out

STAFF = "snv.lethiduyen"  # Văn thư viên of Văn phòng Sở: no other browser test writes her diary


def _setup(app) -> tuple[str, str, str, object]:
    """A client of Sở Nội vụ with work and assignment scopes; (token, manager's username, her name, the day)."""
    with app.app_context(), new_session(app) as session:
        t = team(session)
        admin = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.role == "admin")).first())
        issued = clients.register(session, admin, "Hệ thống quản lý văn bản và điều hành (trình duyệt)",
                                  [t.unit.id], ["work:write", "assignments:write"], 1000)
        staff = session.exec(select(UserAccount).where(UserAccount.username == STAFF)).one()
        manager = session.get(UserAccount, session.exec(select(UserAccount.id).where(
            UserAccount.person_id == session.get(Person, staff.person_id).reports_to_id)).one())
        return issued.token, manager.username, session.get(Person, staff.person_id).full_name, working_day(session)


def _task_points(page, base: str) -> float:
    """Her current month's sheet, and its task points as a number."""
    page.goto(f"{base}/evaluations")
    page.click("text=Phiếu theo dõi, đánh giá tháng")
    return float(page.inner_text("#task-points").replace(".", "").replace(",", "."))


def test_documents_from_the_e_office_become_approved_work_and_move_the_task_points(page, live_server, browser_app,
                                                                                  artifacts):
    token, manager, name, day = _setup(browser_app)
    sender = Sender(live_server, token)
    status, body = sender.request("POST", "/api/v1/assignments", {
        "external_id": "GV-BROWSER-1", "assignee": {"username": STAFF}, "assigned_by": {"username": manager},
        "item_code": "SNV-001", "quantity": "4", "deadline": day.isoformat(), "note": "Vào sổ văn bản đi"})
    assert status == 201, body
    # One connection: the browser tests may run on SQLite, which takes one writer at a time.
    sent = send_all(sender, day_of_events("so-noi-vu", day, [STAFF], [{"item_code": "SNV-001"}], 3, "BROWSER"), 1)
    assert dict(sent.statuses) == {201: 3}, sent.problems

    sign_in(page, live_server, STAFF)
    before = _task_points(page, live_server)
    page.goto(f"{live_server}/diary?day={day.isoformat()}")
    page.wait_for_load_state("load")
    rows = page.locator("#suggestions tr.suggestion")
    expect(rows).to_have_count(3)
    expect(page.locator("#suggestions")).to_contain_text("Đề xuất từ hệ thống văn bản")
    page.screenshot(path=str(artifacts / "work-events-suggestions.png"), full_page=True)
    with browser_app.app_context(), new_session(browser_app) as session:
        ids = session.exec(select(WorkSuggestion.id).where(WorkSuggestion.external_id.like("BROWSER-%"))
                           .order_by(WorkSuggestion.id)).all()
    for suggestion_id in ids[:2]:
        page.click(f"#suggestion-{suggestion_id} button:has-text('Xác nhận')")
        expect(page.locator(f"#suggestion-{suggestion_id} button")).to_have_count(0)
    page.click(f"#suggestion-{ids[2]} button:has-text('Bỏ qua')")
    expect(page.locator(f"#suggestion-{ids[2]} button")).to_have_count(0)
    page.goto(f"{live_server}/diary?day={day.isoformat()}")
    expect(page.locator("#suggestions tr.suggestion")).to_have_count(0)
    expect(page.locator("#entry-rows tr.entry")).to_have_count(2)
    page.click("text=Gửi duyệt (2 mục)")
    expect(page.locator("#entry-rows .status-submitted")).to_have_count(2)
    page.screenshot(path=str(artifacts / "work-events-diary-submitted.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, manager)
    page.click("nav >> text=Duyệt nhật ký")
    group = page.locator("#approval-rows tr.group-head", has_text=name)
    expect(group).to_contain_text("2 mục")
    page.on("dialog", lambda dialog: dialog.accept())  # the group's “Duyệt cả nhóm” asks first
    group.locator("button:has-text('Duyệt cả nhóm (2 mục)')").click()
    expect(page.locator("#approval-rows tr.group-head", has_text=name)).to_have_count(0)
    page.screenshot(path=str(artifacts / "work-events-approved.png"), full_page=True)
    sign_out(page)

    sign_in(page, live_server, STAFF)
    after = _task_points(page, live_server)
    page.screenshot(path=str(artifacts / "work-events-sheet.png"), full_page=True)
    # Assigned 4 + declared 2 (entries without an assignment count on both sides) = 6; completed 2: a = b = c =
    # 33,33 %, 70 × 1/3 = 23,33 task points, from 0 before (nothing completed of what was assigned).
    assert (before, after) == (0.0, 23.33)
