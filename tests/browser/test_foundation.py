"""A staff member of phường Hạc Thành signs in and searches their unit's catalogue."""
from .conftest import sign_in


def test_a_staff_member_searches_the_catalogue_as_they_type(page, live_server, artifacts):
    sign_in(page, live_server, _staff_username())
    page.click("text=Danh mục sản phẩm/công việc")
    rows = page.locator("#catalogue-rows tr[id^=item-]")
    assert rows.count() >= 40
    page.fill("#q", "chung thuc")  # without diacritics
    # A function: Playwright eval()s a bare expression, which the CSP refuses.
    page.wait_for_function("() => document.querySelectorAll('#catalogue-rows tr[id^=item-]').length < 40")
    assert "Chứng thực" in page.inner_text("#catalogue-rows")
    assert "q=chung%20thuc" in page.url or "q=chung+thuc" in page.url  # the search is in the address bar
    page.screenshot(path=str(artifacts / "catalogue-search.png"), full_page=True)


def _staff_username() -> str:
    """A staff member of Hạc Thành from the demo accounts."""
    import csv
    from .conftest import ROOT
    with open(ROOT / "seeds" / "demo_accounts.csv", encoding="utf-8") as handle:
        return next(r["username"] for r in csv.DictReader(handle) if r["role"] == "staff" and r["unit"] == "hac-thanh")
