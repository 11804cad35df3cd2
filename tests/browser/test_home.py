"""Việc cần làm through the real pages: a staff member's home with something in each list, and their
manager's with entries and a sheet waiting; screenshots for people to look at."""
from playwright.sync_api import expect
from sqlmodel import select

from webapp.clock import local_today
from webapp.db import new_session
from webapp.evaluations.service import own_sheet
from webapp.models import Person, UserAccount
from webapp.worklog import review, service

from ..integration.worklog_data import actor, add_entry, common_item, entry_input, team, working_day
from .conftest import sign_in


def _cast(app):
    """In the other division of Sở Nội vụ (the other browser tests use the first): its manager, a staff member
    with a returned entry, drafts and a sheet to self-assess, and a colleague whose entries and sheet wait."""
    with app.app_context(), new_session(app) as session:
        t = team(session)
        manager = t.other_manager
        staff, colleague = session.exec(
            select(UserAccount).join(Person, Person.id == UserAccount.person_id)
            .where(UserAccount.role == "staff", UserAccount.division_id == manager.division_id, ~Person.is_leader)
            .order_by(UserAccount.id).limit(2)).all()
        item, today, earlier = common_item(session, t.unit), working_day(session), working_day(session, 1)

        def add(account, day, **kw):
            return add_entry(session, actor(account), entry_input(item, day, **kw))

        sent = add(staff, earlier, description="Báo cáo tổng hợp biên chế quý IV")
        service.submit_entries(session, actor(staff), [sent.id])
        review.return_entry(session, actor(manager), sent.id, sent.version, "Thiếu số, ký hiệu văn bản minh chứng")
        add(staff, today)
        add(staff, today, quantity="1")
        for day in (today, earlier):
            service.submit_entries(session, actor(colleague), [add(colleague, day).id])
        first = local_today().replace(day=1)
        own_sheet(session, actor(staff), first, local_today())
        sheet = own_sheet(session, actor(colleague), first, local_today())
        sheet.state = "self_assessed"
        session.commit()
        return staff.username, manager.username


def test_a_staff_members_and_a_managers_home_are_their_to_do_lists(page, live_server, browser_app, artifacts):
    staff, manager = _cast(browser_app)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, staff)
    expect(page.locator("h1")).to_have_text("Việc cần làm")
    expect(page.locator("#todo-returned .count")).to_have_text("1")
    expect(page.locator("#todo-returned")).to_contain_text("Lý do trả lại: Thiếu số, ký hiệu văn bản minh chứng")
    expect(page.locator("#todo-drafts .count")).to_have_text("2")
    month = local_today().strftime("%m/%Y")  # (an earlier month's sheet may wait too, from another test)
    expect(page.locator("#todo-self-assessment")).to_contain_text(f"Phiếu theo dõi, đánh giá tháng {month}")
    expect(page.locator("#reminders li").first).to_contain_text("Bạn chưa ghi nhật ký công việc ngày")
    page.screenshot(path=str(artifacts / "home-staff.png"), full_page=True)
    page.click("#todo-drafts button:has-text('Gửi duyệt')")  # straight from the list
    page.wait_for_url("**/diary?day=*")
    expect(page.locator("#messages")).to_contain_text("Đã gửi duyệt 2 mục nhật ký ngày")
    page.click("form.logout button")
    page.wait_for_url("**/login")

    sign_in(page, live_server, manager)
    expect(page.locator("#todo-approvals .count")).to_have_text("4")  # the colleague's 2 and the 2 just sent
    expect(page.locator("#todo-sheets .count")).to_have_text("1")
    expect(page.locator("#missing-diaries")).to_be_visible()
    page.screenshot(path=str(artifacts / "home-manager.png"), full_page=True)
    page.click("#todo-approvals li >> nth=0 >> a")
    page.wait_for_url("**/approvals?person=*")
