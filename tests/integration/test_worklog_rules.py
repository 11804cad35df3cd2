"""The diary's input rules: each refusal names its field, speaks Vietnamese and changes nothing."""
import unicodedata
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from webapp.errors import DomainError
from webapp.models import CatalogueItem, DiaryEntry, Holiday, Unit

from .worklog_data import actor, add_entry, common_item, entry_input, form_of, team, update_entry, working_day


def _count(session) -> int:
    """How many diary entries exist."""
    return session.exec(select(func.count(DiaryEntry.id))).one()


def _refused(session, t, data, field: str) -> str:
    """Adding the entry is refused on the field; nothing is written."""
    before = _count(session)
    with pytest.raises(DomainError) as refusal:
        add_entry(session, actor(t.staff), data)
    session.rollback()
    assert refusal.value.field == field
    assert _count(session) == before
    return refusal.value.message


def test_an_entry_for_today_is_added_as_a_draft_with_the_items_coefficient(session):
    t = team(session)
    item = common_item(session, t.unit, "SNV-010")
    entry = add_entry(session, actor(t.staff), entry_input(item, working_day(session), "3", "2.5"))
    assert (entry.status, entry.version, entry.person_id) == ("draft", 1, t.person_id)
    assert entry.coefficient == item.coefficient == Decimal("1.25")


def test_an_entry_dated_tomorrow_is_refused(session):
    t = team(session)
    tomorrow = working_day(session) + timedelta(days=1)
    message = _refused(session, t, entry_input(common_item(session, t.unit), tomorrow), "work_date")
    assert "tương lai" in message


def test_an_entry_within_the_window_of_five_working_days_is_accepted(session):
    t = team(session)
    oldest = working_day(session, 5)
    assert add_entry(session, actor(t.staff), entry_input(common_item(session, t.unit), oldest)).id


def test_an_entry_older_than_the_window_is_refused(session):
    t = team(session)
    too_old = working_day(session, 6)
    message = _refused(session, t, entry_input(common_item(session, t.unit), too_old), "work_date")
    assert "5 ngày làm việc" in message


def test_the_window_follows_the_configured_number_of_working_days(app, session):
    app.config["DIARY_WINDOW_WORKING_DAYS"] = 2
    t = team(session)
    _refused(session, t, entry_input(common_item(session, t.unit), working_day(session, 3)), "work_date")


@pytest.mark.parametrize("quantity", ["0", "-1"])
def test_a_quantity_that_is_not_positive_is_refused(session, quantity):
    t = team(session)
    message = _refused(session, t, entry_input(common_item(session, t.unit), working_day(session), quantity), "quantity")
    assert message == "Số lượng phải lớn hơn 0."


def test_a_quantity_with_more_than_two_decimals_is_refused(session):
    t = team(session)
    _refused(session, t, entry_input(common_item(session, t.unit), working_day(session), "1.125"), "quantity")


@pytest.mark.parametrize("hours", ["1.1", "2.33", "-0.25", "24.25"])
def test_hours_outside_quarter_hour_steps_or_range_are_refused(session, hours):
    t = team(session)
    _refused(session, t, entry_input(common_item(session, t.unit), working_day(session), hours=hours), "hours")


def test_the_hours_of_a_day_may_not_total_more_than_24(session):
    t = team(session)
    item, today = common_item(session, t.unit), working_day(session)
    add_entry(session, actor(t.staff), entry_input(item, today, hours="20"))
    add_entry(session, actor(t.staff), entry_input(item, today, hours="4"))
    message = _refused(session, t, entry_input(item, today, hours="0.25"), "hours")
    assert "vượt quá 24 giờ" in message


def test_changing_an_entry_counts_its_own_hours_only_once(session):
    t = team(session)
    item, today = common_item(session, t.unit), working_day(session)
    entry = add_entry(session, actor(t.staff), entry_input(item, today, hours="20"))
    changed = update_entry(session, actor(t.staff), entry.id, entry.version, entry_input(item, today, hours="24"))
    assert changed.hours == Decimal("24")


def test_an_item_of_another_unit_is_refused(session):
    t = team(session)
    foreign = session.exec(select(CatalogueItem).join(Unit, Unit.id == CatalogueItem.unit_id)
                           .where(Unit.code == "hac-thanh")).first()
    _refused(session, t, entry_input(foreign, working_day(session)), "item_id")


def test_an_item_of_another_position_is_refused(session):
    t = team(session)
    leaders_only = common_item(session, t.unit, "SNV-002")  # chủ trì họp: leaders' positions only
    message = _refused(session, t, entry_input(leaders_only, working_day(session)), "item_id")
    assert "vị trí việc làm" in message


def test_an_item_linked_to_the_persons_position_is_accepted(session):
    t = team(session)
    linked = common_item(session, t.unit, "SNV-012")  # not "*", but linked to the staff's position
    assert not linked.applies_to_all
    assert add_entry(session, actor(t.staff), entry_input(linked, working_day(session))).id


def test_text_is_normalized_to_nfc_on_input(session):
    t = team(session)
    decomposed = unicodedata.normalize("NFD", "  Soạn thảo công văn hướng dẫn  ")
    entry = add_entry(session, actor(t.staff), entry_input(
        common_item(session, t.unit), working_day(session), description=decomposed,
        evidence_doc_number=unicodedata.normalize("NFD", "12/SNV-TCBC về việc")))
    assert entry.description == "Soạn thảo công văn hướng dẫn"
    assert unicodedata.is_normalized("NFC", entry.description)
    assert unicodedata.is_normalized("NFC", entry.evidence_doc_number)


def test_an_evidence_link_must_be_a_web_address(session):
    t = team(session)
    data = entry_input(common_item(session, t.unit), working_day(session), evidence_link="javascript:alert(1)")
    _refused(session, t, data, "evidence_link")


def test_a_holiday_inside_the_window_is_not_a_working_day(session):
    t = team(session)
    sixth_working_day_back = working_day(session, 6)
    session.add(Holiday(day=working_day(session, 2), name="Nghỉ bù (thử)"))
    session.flush()
    item = common_item(session, t.unit)
    assert add_entry(session, actor(t.staff), entry_input(item, sixth_working_day_back)).id
    message = _refused(session, t, entry_input(item, working_day(session, 6)), "work_date")
    assert "5 ngày làm việc" in message


@pytest.mark.parametrize("quantity, says", [
    ("1e9", "ký hiệu mũ"), ("1.000", "phân cách hàng nghìn"), ("1.000.000", "phân cách hàng nghìn"),
    ("10001", "tối đa 10.000"),
])
def test_quantities_that_are_not_plain_or_beyond_a_month_are_refused_over_http(login, session, quantity, says):
    t = team(session)
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), "quantity": quantity}
    response = login(t.staff.username).post("/diary/entries", data=data, hx=True)
    assert response.status_code == 422 and says in response.get_data(as_text=True)
    assert session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.staff.person_id)).first() is None


def test_an_evidence_document_dated_1900_is_refused(login, session):
    t = team(session)
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))),
            "evidence_doc_number": "12/UBND", "evidence_doc_date": "01/01/1900"}
    response = login(t.staff.username).post("/diary/entries", data=data, hx=True)
    assert response.status_code == 422 and "từ 01/01/2000" in response.get_data(as_text=True)


def test_a_non_htmx_add_dated_in_the_year_9999_is_refused_on_the_page(login, session):
    t = team(session)
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), "work_date": "31/12/9999"}
    response = login(t.staff.username).post("/diary/entries", data=data)
    assert response.status_code == 422 and "từ 01/01/2000" in response.get_data(as_text=True)
