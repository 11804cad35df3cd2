"""The home page's figures of the unit."""
import re

from sqlalchemy import func
from sqlmodel import select

from webapp.models import CatalogueItem

from .worklog_data import team


def test_the_home_page_counts_the_units_catalogue_items(login, session):
    t = team(session)
    count = session.exec(select(func.count(CatalogueItem.id)).where(CatalogueItem.unit_id == t.unit.id,
                                                                    CatalogueItem.active)).one()
    page = login(t.staff.username).get("/").get_data(as_text=True)
    assert re.search(rf"<b>{count}</b> sản phẩm/công việc trong danh mục", page)
    assert "built-in method" not in page
