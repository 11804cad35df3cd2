"""Tình hình đánh giá through the real pages: the government bloc's organiser sees the units late at head approval,
sends the reminder, and the head finds it on their home page."""
from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import select

from webapp.clock import local_today
from webapp.db import new_session
from webapp.evaluations.compute import ensure_sheets
from webapp.models import AuditLog, EvaluationSheet, Period, SheetReminder, Unit
from webapp.periods.service import month_periods

from .conftest import sign_in, sign_out


def _late_month(app):
    """A month long past (its deadlines gone by) whose Đông Sơn sheets all wait for approval; (month, cleanup)."""
    first = max((local_today().replace(day=1) - timedelta(days=100)).replace(day=1), local_today().replace(
        month=1, day=1))
    with app.app_context(), new_session(app) as session:
        unit = session.exec(select(Unit).where(Unit.code == "dong-son")).one()
        existed = {p.id for p in session.exec(select(Period).where(Period.unit_id == unit.id))}
        (period,) = month_periods(session, first, [unit.id])
        ensure_sheets(session, [period])
        session.execute(update(EvaluationSheet).where(EvaluationSheet.period_id == period.id).values(state="reviewed"))
        session.commit()
        return first, period.id, period.id in existed


def _cleanup(app, period_id: int, existed: bool) -> None:
    """Remove the month's sheets, the reminders and their audit records: later tests see the seeded pilot."""
    with app.app_context(), new_session(app) as session:
        session.execute(delete(SheetReminder))
        session.execute(delete(AuditLog).where(AuditLog.entity == "sheetreminder"))
        session.execute(delete(EvaluationSheet).where(EvaluationSheet.period_id == period_id))
        if not existed:
            session.execute(delete(Period).where(Period.id == period_id))
        session.commit()


def test_the_organiser_sees_the_units_late_at_head_approval_and_reminds_them(page, live_server, browser_app,
                                                                             artifacts):
    first, period_id, existed = _late_month(browser_app)
    try:
        sign_in(page, live_server, "tochuc.chinhquyen")
        page.click("nav >> text=Tình hình đánh giá")
        page.fill("input[name=month]", first.strftime("%m/%Y"))
        page.click("button:has-text('Xem')")
        page.wait_for_url(lambda url: "month=" in url)  # the chosen month's page, not the default one
        row = page.locator("#standing-dong-son")
        late = int(row.locator("td[data-stage=approval]").inner_text())
        assert late > 0
        totals = [int(t) for t in page.locator("#standing tbody td.late-total").all_inner_texts()]
        assert totals == sorted(totals, reverse=True) and len(totals) == 4  # the bloc's units, most late first
        page.screenshot(path=str(artifacts / "standing-bloc.png"), full_page=True)

        row.locator("td[data-stage=approval] a").click()
        assert page.locator("#standing-people tbody tr").count() == late
        assert "chờ thủ trưởng phê duyệt" in page.inner_text("#standing-people")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("button:has-text('Nhắc việc')")
        page.wait_for_selector("#messages .alert")  # the same list again, with the outcome
        assert "Đã gửi" in page.inner_text("#messages")
        page.screenshot(path=str(artifacts / "standing-unit-reminded.png"), full_page=True)
        sign_out(page)

        sign_in(page, live_server, "ds.lexuanhoa")
        reminder = page.locator("#sheet-reminders")
        assert f"Tháng {first:%m/%Y}" in reminder.inner_text() and "chờ bạn phê duyệt" in reminder.inner_text()
        page.screenshot(path=str(artifacts / "standing-head-reminder.png"), full_page=True)
        sign_out(page)
    finally:
        _cleanup(browser_app, period_id, existed)
