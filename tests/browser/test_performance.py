"""The government bloc's organiser opens the index of their units for November 2026, refreshes it and sorts it by
diary coverage through the real pages; the screenshot is kept as a test artifact."""
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import select

from webapp.db import new_session
from webapp.models import CatalogueItem, DiaryEntry, Person, Unit

from .conftest import sign_in

NOVEMBER = [date(2026, 11, 2) + timedelta(days=n) for n in range(29)
            if (date(2026, 11, 2) + timedelta(n)).weekday() < 5]


def _diaries(app) -> None:
    """Hạc Thành keeps its diary every working day, Sở Nội vụ on the first five, Đông Sơn never."""
    with app.app_context(), new_session(app) as session:
        for code, days in (("hac-thanh", NOVEMBER), ("so-noi-vu", NOVEMBER[:5])):
            unit = session.exec(select(Unit).where(Unit.code == code)).one()
            item = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id)).first()
            for person in session.exec(select(Person).where(Person.unit_id == unit.id, Person.active)).all():
                session.add_all(DiaryEntry(person_id=person.id, unit_id=unit.id, work_date=day, item_id=item.id,
                                           quantity=Decimal(1), coefficient=item.coefficient, hours=Decimal(2),
                                           status="draft") for day in days)
        session.commit()


def _percent(text: str) -> float | None:
    """"12,34 %" → 12.34; "–" → None."""
    text = text.strip()
    return None if text == "–" else float(text.replace(" %", "").replace(".", "").replace(",", "."))


def test_the_organiser_sorts_the_blocs_units_by_diary_coverage(page, live_server, browser_app, artifacts):
    _diaries(browser_app)
    sign_in(page, live_server, "tochuc.chinhquyen")
    page.click("nav >> text=Chỉ số hiệu quả")
    page.fill("input[name=month]", "11/2026")
    page.click("form.filters >> text=Xem")
    page.click("text=Cập nhật số liệu")
    page.wait_for_selector("#performance-refresh >> text=Đã cập nhật")
    page.reload()
    assert "Số liệu cập nhật lúc" in page.inner_text("main")
    page.click("#index-table th >> text=Tỷ lệ ngày có nhật ký")
    page.wait_for_url("**sort=coverage&dir=desc**")
    names = page.locator("#index-table tbody tr:not(.rollup) th").all_inner_texts()
    values = [_percent(t) for t in page.locator("#index-table tbody tr:not(.rollup) td[data-col=coverage]")
              .all_inner_texts()]
    assert names[0] == "Phường Hạc Thành" and values[0] == 100.0
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and names.index("Sở Nội vụ") < names.index(
        "Phường Đông Sơn")
    assert page.locator("#index-table tr.rollup").count() == 1  # the bloc's roll-up, no province row
    assert page.locator("svg.bar-chart title").count() >= 1
    page.screenshot(path=str(artifacts / "performance-bloc-sorted-by-coverage.png"), full_page=True)
    page.click("#index-table th >> text=Tỷ lệ ngày có nhật ký")  # again: lowest first
    page.wait_for_url("**sort=coverage&dir=asc**")
    again = [_percent(t) for t in page.locator("#index-table tbody tr:not(.rollup) td[data-col=coverage]")
             .all_inner_texts()]
    assert [v for v in again if v is not None] == sorted(known)
