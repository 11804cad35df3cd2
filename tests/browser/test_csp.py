"""The main pages work under the Content-Security-Policy: diary (add with the form reset), catalogue search,
approvals (select all), OKR bars, the reports page with a polling job; no CSP violation, console error or page
error on the way. (Opening a sheet here would make sheets test_evaluation does not expect; it and every other
browser test run under the same policy.)"""
import pytest
from playwright.sync_api import expect
from sqlmodel import select

from webapp.db import new_session
from webapp.models import DiaryEntry, Person, ReportJob, UserAccount

from ..integration.worklog_data import UNIT, common_item, team
from .conftest import pick_item, sign_in, sign_out

# Records every violation the browser reports, before any page script runs (init scripts are not subject to CSP).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));
"""


@pytest.fixture
def watched(page):
    """The page, with its console errors, page errors and CSP violations collected (asserted empty at the end)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.add_init_script(WATCH_VIOLATIONS)
    yield page, problems


def _violations(page) -> list[str]:
    """The CSP violations the page has seen."""
    return page.evaluate("window.__cspViolations || []")


def _cast(app):
    """A staff member of the other division (other browser tests count the first one's queue), their manager,
    the head; a catalogue item id; the head's account id."""
    with app.app_context(), new_session(app) as session:
        t = team(session)
        return (_other_staff(session, t).username, t.other_manager.username, t.head.username,
                common_item(session, t.unit).id, t.head.id)


def _other_staff(session, t) -> UserAccount:
    """The first staff member (not a leader) of the other manager's division."""
    return next(a for a in session.exec(select(UserAccount).where(
        UserAccount.unit_id == t.unit.id, UserAccount.role == "staff",
        UserAccount.division_id == t.other_manager.division_id).order_by(UserAccount.id))
        if not session.get(Person, a.person_id).is_leader)


def _queued_copy(app, head_id: int) -> int:
    """A queued copy of the head's last report (as if the worker had not picked it up yet)."""
    with app.app_context(), new_session(app) as session:
        done = session.exec(select(ReportJob).where(ReportJob.requested_by_id == head_id)
                            .order_by(ReportJob.id.desc())).first()
        job = ReportJob(kind=done.kind, file_format=done.file_format, unit_id=done.unit_id, params=done.params,
                        requested_by_id=head_id)
        session.add(job)
        session.commit()
        return job.id


def _finish(app, job_id: int, head_id: int) -> None:
    """The worker finishes the queued job with the file of the earlier one."""
    with app.app_context(), new_session(app) as session:
        job = session.get(ReportJob, job_id)
        earlier = session.exec(select(ReportJob).where(ReportJob.requested_by_id == head_id, ReportJob.id != job_id,
                                                       ReportJob.status == "done")).first()
        job.status, job.file_path, job.expires_at = "done", earlier.file_path, earlier.expires_at
        job.finished_at = earlier.finished_at
        session.add(job)
        session.commit()


@pytest.fixture
def tidy(browser_app):
    """Remove this test's diary entries and reports afterwards (other browser tests count them)."""
    yield
    with browser_app.app_context(), new_session(browser_app) as session:
        t = team(session)
        person_id = _other_staff(session, t).person_id
        for row in session.exec(select(DiaryEntry).where(DiaryEntry.person_id == person_id,
                                                         DiaryEntry.description == DESCRIPTION)):
            session.delete(row)
        for row in session.exec(select(ReportJob).where(ReportJob.requested_by_id == t.head.id)):
            session.delete(row)
        session.commit()


DESCRIPTION = "Soạn báo cáo dưới CSP"


def test_the_main_pages_work_under_the_csp_without_a_violation(watched, tidy, live_server, browser_app, artifacts):
    page, problems = watched
    staff, manager, head, item_id, head_id = _cast(browser_app)
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, live_server, staff)
    page.goto(f"{live_server}/diary")
    pick_item(page, "new", item_id)  # picker.js: a static script
    page.fill("#new-quantity", "2")
    page.fill("#new-hours", "1,5")
    page.fill("#new-description", DESCRIPTION)
    page.click("text=Thêm vào nhật ký")
    expect(page.locator("#entry-rows tr.entry", has_text=DESCRIPTION)).to_have_count(1)
    expect(page.locator("#new-description")).to_have_value("")  # data-reset-after-save (was hx-on)
    page.click("button:has-text('Gửi duyệt')")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server}/units/{UNIT}/catalogue")
    with page.expect_response(lambda r: "catalogue?" in r.url and r.status == 200):
        page.fill("#q", "báo cáo")  # htmx trigger from a static script, no eval
    sign_out(page)

    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/approvals")
    boxes = page.locator("input[type=checkbox][name=selected]")
    assert boxes.count() >= 1
    page.check("input[data-select-all]")  # was an onclick= handler
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    sign_out(page)

    sign_in(page, live_server, head)
    page.goto(f"{live_server}/okr/units/{UNIT}")
    bars = page.evaluate("() => [...document.querySelectorAll('[data-bar]')].map(b => [b.dataset.bar, b.style.width])")
    assert all(width == f"{float(value):g}%" for value, width in bars)  # drawn by app.js, not style=
    page.goto(f"{live_server}/units/{UNIT}/reports")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    job_id = _queued_copy(browser_app, head_id)
    page.goto(f"{live_server}/units/{UNIT}/reports")
    row = page.locator(f"#job-{job_id}")
    expect(row).to_contain_text("Đang chờ xử lý")
    with page.expect_request(lambda r: r.url.endswith(f"/reports/{job_id}")):  # htmx polling every second
        pass
    _finish(browser_app, job_id, head_id)
    expect(row.locator("a", has_text="Tải về")).to_be_visible(timeout=5000)
    page.screenshot(path=str(artifacts / "csp-reports-polling.png"), full_page=True)

    assert _violations(page) == [] and problems == []


def test_a_blocked_inline_script_would_be_caught_by_the_watch(watched, live_server):
    page, problems = watched
    page.goto(f"{live_server}/login")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                            document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None  # the CSP blocked it
    assert any("script-src" in v for v in _violations(page))
    assert any("Content Security Policy" in p for p in problems)
