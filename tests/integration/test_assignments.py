"""Giao việc: who may give work to whom, the rules, progress and overdue flags, cancelling; the page."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from webapp.assignments import queries, service
from webapp.assignments.service import AssignmentInput
from webapp.clock import local_today
from webapp.errors import Conflict, DomainError, Forbidden
from webapp.models import Assignment, AuditLog, DiaryEntry, Person
from webapp.worklog import review

from .worklog_data import actor, add_entry, close_month, common_item, entry_input, form_of, submitted, team, working_day


def _given(session, t, *accounts, quantity="4", deadline=None, code="SNV-010", **kw) -> AssignmentInput:
    """What the manager fills in for the given accounts' people."""
    return AssignmentInput(person_ids=tuple(a.person_id for a in accounts or (t.staff,)),
                           item_id=common_item(session, t.unit, code).id, quantity=Decimal(quantity),
                           deadline=deadline or local_today() + timedelta(days=7), **kw)


def _count(session) -> int:
    """How many assignments exist."""
    return session.exec(select(func.count(Assignment.id))).one()


def _refused(session, t, data, field: str, by=None) -> str:
    """Assigning is refused on the field; nothing is written."""
    before = _count(session)
    with pytest.raises(DomainError) as refusal:
        service.assign(session, actor(by or t.manager), data)
    session.rollback()
    assert refusal.value.field == field
    assert _count(session) == before
    return refusal.value.message


def _past_due(session, t, quantity="4", back=1) -> Assignment:
    """An assignment whose deadline passed `back` working days ago (the service refuses such deadlines)."""
    row = Assignment(unit_id=t.unit.id, person_id=t.person_id, item_id=common_item(session, t.unit, "SNV-010").id,
                     quantity=Decimal(quantity), deadline=working_day(session, back), source="plan",
                     assigned_by_id=t.manager.person_id)
    session.add(row)
    session.commit()
    return row


def _view(session, t, assignment_id, by=None) -> queries.AssignmentView:
    """The assignment as the list shows it."""
    return queries.one(session, actor(by or t.manager), assignment_id, local_today())


# --- giving work ------------------------------------------------------------------------------------


def test_a_manager_assigns_an_item_to_two_people_of_their_division_at_once(session):
    t = team(session)
    rows = service.assign(session, actor(t.manager), _given(session, t, t.staff, t.colleague, source="plan",
                                                            note="Theo Kế hoạch số 12/KH-SNV"))
    assert sorted(r.person_id for r in rows) == sorted([t.staff.person_id, t.colleague.person_id])
    assert {(r.quantity, r.source, r.assigned_by_id, r.unit_id) for r in rows} == {
        (Decimal("4"), "plan", t.manager.person_id, t.unit.id)}
    audited = session.exec(select(AuditLog.entity_id).where(AuditLog.action == "assignment_created")).all()
    assert sorted(audited) == sorted(r.id for r in rows)


def test_a_manager_cannot_give_work_to_someone_of_another_division(session):
    t = team(session)
    outsider = session.exec(select(Person).where(Person.unit_id == t.unit.id, Person.active,
                                                 Person.division_id != t.manager.division_id)).first()
    data = _given(session, t)
    message = _refused(session, t, AssignmentInput(**{**data.__dict__, "person_ids": (t.person_id, outsider.id)}),
                       "person_ids")
    assert "thuộc phòng mình phụ trách" in message


def test_the_head_gives_work_to_anyone_in_the_unit(session):
    t = team(session)
    rows = service.assign(session, actor(t.head), _given(session, t, t.staff, t.other_manager))
    assert len(rows) == 2


@pytest.mark.parametrize("role", ["staff", "colleague"])
def test_a_staff_member_cannot_give_work(session, role):
    t = team(session)
    with pytest.raises(Forbidden):
        service.assign(session, actor(getattr(t, role)), _given(session, t, t.colleague))


def test_nobody_is_chosen_is_refused_on_the_people_field(session):
    t = team(session)
    data = _given(session, t)
    _refused(session, t, AssignmentInput(**{**data.__dict__, "person_ids": ()}), "person_ids")


def test_a_deadline_before_today_is_refused(session):
    t = team(session)
    message = _refused(session, t, _given(session, t, deadline=local_today() - timedelta(days=1)), "deadline")
    assert message == "Hạn hoàn thành không được trước ngày hôm nay."


def test_a_deadline_more_than_a_year_ahead_is_refused(session):
    t = team(session)
    _refused(session, t, _given(session, t, deadline=local_today() + timedelta(days=400)), "deadline")


@pytest.mark.parametrize("quantity", ["0", "-2", "1.005"])
def test_a_quantity_that_is_not_positive_with_two_decimals_is_refused(session, quantity):
    t = team(session)
    _refused(session, t, _given(session, t, quantity=quantity), "quantity")


def test_an_item_outside_a_persons_position_is_refused_naming_the_person(session):
    t = team(session)
    staff = session.get(Person, t.person_id)
    message = _refused(session, t, _given(session, t, code="SNV-002"), "item_id")  # leaders' positions only
    assert message.endswith(f"vị trí việc làm của {staff.full_name}.")


def test_an_unknown_source_is_refused(session):
    t = team(session)
    _refused(session, t, _given(session, t, source="declared"), "source")


def test_the_note_is_stored_in_nfc(session):
    t = team(session)
    import unicodedata
    row, = service.assign(session, actor(t.manager), _given(session, t, note=unicodedata.normalize("NFD", " Gấp ")))
    assert row.note == "Gấp"


@pytest.mark.parametrize("state", ["closing", "closed"])
def test_no_work_is_given_with_a_deadline_in_a_closing_or_closed_month(session, state):
    t = team(session)
    close_month(session, t, local_today(), state)
    before = _count(session)
    with pytest.raises(DomainError, match="không thể thêm hoặc thay đổi dữ liệu"):
        service.assign(session, actor(t.manager), _given(session, t, deadline=local_today()))
    session.rollback()
    assert _count(session) == before


# --- progress and overdue ------------------------------------------------------------------------------


def test_progress_counts_the_approved_linked_entries_converted_by_k(session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t, quantity="4"))  # SNV-010, K = 1,25
    item = common_item(session, t.unit, "SNV-010")
    approved = submitted(session, t, working_day(session), quantity="1", item=item, assignment_id=row.id)
    review.approve_entry(session, actor(t.manager), approved.id, approved.version)
    submitted(session, t, working_day(session), quantity="2", item=item, assignment_id=row.id)  # waiting
    view = _view(session, t, row.id)
    assert (view.converted, view.done, view.done_converted, view.waiting) == (
        Decimal("5"), Decimal("1"), Decimal("1.25"), Decimal("2"))
    assert (view.percent, view.state, view.overdue) == (Decimal("25"), "open", False)


def test_an_assignment_past_its_deadline_and_not_complete_is_overdue(session):
    t = team(session)
    row = _past_due(session, t)
    view = _view(session, t, row.id)
    assert view.overdue and view.state == "overdue"
    assert [v.assignment.id for v in queries.listing(session, actor(t.manager), local_today(), show="overdue")] == [row.id]


def test_a_complete_assignment_is_not_overdue_after_its_deadline(session):
    t = team(session)
    row = _past_due(session, t, quantity="2", back=2)
    entry = submitted(session, t, working_day(session, 1), quantity="2",
                      item=common_item(session, t.unit, "SNV-010"), assignment_id=row.id)
    approved = review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    assert approved.is_late  # done after the deadline, but done
    view = _view(session, t, row.id)
    assert (view.state, view.percent, view.overdue) == ("done", Decimal("100"), False)
    assert queries.listing(session, actor(t.manager), local_today(), show="overdue") == []


def test_a_manager_lists_only_their_divisions_assignments(session):
    t = team(session)
    mine, = service.assign(session, actor(t.manager), _given(session, t))
    theirs, = service.assign(session, actor(t.head), _given(session, t, t.other_manager))
    listed = {v.assignment.id for v in queries.listing(session, actor(t.manager), local_today())}
    assert mine.id in listed and theirs.id not in listed
    assert {mine.id, theirs.id} <= {v.assignment.id for v in queries.listing(session, actor(t.head), local_today())}
    assert {v.assignment.id for v in queries.listing(session, actor(t.staff), local_today())} == {mine.id}


# --- cancelling ----------------------------------------------------------------------------------------


def test_cancelling_sets_cancelled_at_and_is_audited(session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    cancelled = service.cancel(session, actor(t.manager), row.id)
    session.expire_all()
    assert session.get(Assignment, row.id).cancelled_at is not None and cancelled.cancelled_at is not None
    log = session.exec(select(AuditLog).where(AuditLog.action == "assignment_cancelled",
                                              AuditLog.entity_id == row.id)).one()
    assert log.before == {"cancelled_at": None} and log.after["cancelled_at"]
    assert _view(session, t, row.id).state == "cancelled"


def test_cancelling_twice_is_refused(session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    service.cancel(session, actor(t.manager), row.id)
    with pytest.raises(DomainError, match="đã được hủy"):
        service.cancel(session, actor(t.head), row.id)


def test_the_second_of_two_cancellations_at_once_gets_a_conflict(session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    # Another request cancels behind this session's back; the loaded row still looks open.
    session.execute(Assignment.__table__.update().where(Assignment.id == row.id).values(cancelled_at=func.now()))
    with pytest.raises(Conflict):
        service.cancel(session, actor(t.head), row.id)


def test_only_the_direct_manager_or_the_head_cancels(session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    for outsider in (t.other_manager, t.staff, t.colleague):
        with pytest.raises(Forbidden):
            service.cancel(session, actor(outsider), row.id)
    session.rollback()
    assert service.cancel(session, actor(t.head), row.id).cancelled_at is not None


def test_declared_work_cannot_be_cancelled(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    with pytest.raises(DomainError, match="tự kê khai"):
        service.cancel(session, actor(t.manager), session.get(DiaryEntry, entry.id).assignment_id)


@pytest.mark.parametrize("state", ["closing", "closed"])
def test_no_assignment_is_cancelled_in_a_closing_or_closed_month(session, state):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t, deadline=local_today()))
    close_month(session, t, local_today(), state)
    with pytest.raises(DomainError, match="không thể thêm hoặc thay đổi dữ liệu"):
        service.cancel(session, actor(t.manager), row.id)
    session.rollback()
    assert session.get(Assignment, row.id).cancelled_at is None


def test_a_cancelled_assignment_is_no_longer_offered_nor_linkable_in_the_diary(login, session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    user = login(t.staff.username)
    assert f'<option value="{row.id}"' in user.get("/diary").get_data(as_text=True)
    service.cancel(session, actor(t.manager), row.id)
    assert f'<option value="{row.id}"' not in user.get("/diary").get_data(as_text=True)
    with pytest.raises(DomainError, match="không hợp lệ"):
        add_entry(session, actor(t.staff), entry_input(common_item(session, t.unit, "SNV-010"),
                                                             working_day(session), assignment_id=row.id))


# --- the page --------------------------------------------------------------------------------------------


def test_the_page_offers_the_managers_own_people_and_the_units_items(login, session):
    t = team(session)
    page = login(t.manager.username).get("/assignments").get_data(as_text=True)
    assert 'id="assignment-form"' in page and 'name="csrf_token"' in page
    assert f'name="person_ids" value="{t.person_id}"' in page
    assert f'name="person_ids" value="{t.other_manager.person_id}"' not in page
    assert "SNV-002" in page  # every item of the unit, whatever the position
    assert 'href="/assignments"' in page  # the navigation


def test_posting_the_form_returns_the_list_a_fresh_form_and_a_message(login, session):
    t = team(session)
    data = {"item_id": str(common_item(session, t.unit, "SNV-010").id), "quantity": "2,5", "source": "document",
            "deadline": (local_today() + timedelta(days=3)).isoformat(), "note": "Theo công văn 45",
            "person_ids": [str(t.staff.person_id), str(t.colleague.person_id)]}
    response = login(t.manager.username).post("/assignments", data, hx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<tbody id="assignment-rows">')
    rows = session.exec(select(Assignment).where(Assignment.source == "document")).all()
    assert len(rows) == 2 and {r.quantity for r in rows} == {Decimal("2.5")}
    assert all(f'<tr id="assignment-{r.id}"' in html for r in rows)
    assert re.search(r'<template>\s*<form id="assignment-form"[^>]*hx-swap-oob="true"', html)
    assert "Đã giao việc cho 2 người." in html
    assert "3,13" in html  # 2,5 × 1,25 converted


def test_an_invalid_form_comes_back_with_vietnamese_messages_and_changes_nothing(login, session):
    t = team(session)
    before = _count(session)
    response = login(t.manager.username).post("/assignments", {"quantity": "0", "deadline": "",
                                                                "item_id": ""}, hx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#assignment-form"
    assert html.lstrip().startswith('<form id="assignment-form"')
    for message in ("Vui lòng chọn ít nhất một người thực hiện.", "Vui lòng chọn sản phẩm/công việc.",
                    "Vui lòng chọn hạn hoàn thành."):
        assert message in html
    assert _count(session) == before


def test_a_refusal_of_the_service_shows_next_to_its_field(login, session):
    t = team(session)
    data = {"item_id": str(common_item(session, t.unit, "SNV-010").id), "quantity": "1", "source": "adhoc",
            "deadline": (local_today() - timedelta(days=1)).isoformat(), "person_ids": [str(t.person_id)]}
    response = login(t.manager.username).post("/assignments", data, hx=True)
    assert response.status_code == 422
    assert re.search(r'has-error">\s*<label for="as-deadline">', response.get_data(as_text=True))


def test_a_plain_form_post_redirects_to_the_list(login, session):
    t = team(session)
    data = {"item_id": str(common_item(session, t.unit).id), "quantity": "1", "source": "adhoc",
            "deadline": local_today().isoformat(), "person_ids": [str(t.person_id)]}
    response = login(t.manager.username).post("/assignments", data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/assignments")


def test_the_list_filters_by_person_and_state_as_rows_for_htmx(login, session):
    t = team(session)
    late = _past_due(session, t)
    fresh, = service.assign(session, actor(t.manager), _given(session, t, t.colleague))
    user = login(t.manager.username)
    overdue = user.get("/assignments?show=overdue", hx=True).get_data(as_text=True)
    assert overdue.startswith('<tbody id="assignment-rows">')
    assert f'id="assignment-{late.id}"' in overdue and f'id="assignment-{fresh.id}"' not in overdue
    assert "Quá hạn" in overdue
    theirs = user.get(f"/assignments?person={t.colleague.person_id}", hx=True).get_data(as_text=True)
    assert f'id="assignment-{fresh.id}"' in theirs and f'id="assignment-{late.id}"' not in theirs


def test_cancelling_from_the_page_returns_the_row_marked_cancelled(login, session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    response = login(t.manager.username).post(f"/assignments/{row.id}/cancel", hx=True)
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="assignment-{row.id}" class="assignment state-cancelled"')
    assert "Đã hủy" in html and 'id="messages"' in html and "/cancel" not in html


def test_another_divisions_manager_gets_403_when_cancelling(login, session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    assert login(t.other_manager.username).post(f"/assignments/{row.id}/cancel", hx=True).status_code == 403


def test_a_staff_member_sees_their_assignments_without_the_form(login, session):
    t = team(session)
    mine, = service.assign(session, actor(t.manager), _given(session, t))
    theirs, = service.assign(session, actor(t.manager), _given(session, t, t.colleague))
    user = login(t.staff.username)
    page = user.get("/assignments").get_data(as_text=True)
    assert 'id="assignment-form"' not in page and "/cancel" not in page
    assert f'id="assignment-{mine.id}"' in page and f'id="assignment-{theirs.id}"' not in page
    assert user.post("/assignments", {"person_ids": [str(t.person_id)]}, hx=True).status_code in (403, 422)
    assert _count(session) == 2


def test_a_staff_member_links_a_diary_entry_to_their_open_assignment(login, session):
    t = team(session)
    row, = service.assign(session, actor(t.manager), _given(session, t))
    user = login(t.staff.username)
    page = user.get("/diary").get_data(as_text=True)
    assert 'name="assignment_id"' in page and f'<option value="{row.id}"' in page
    data = form_of(entry_input(common_item(session, t.unit, "SNV-010"), working_day(session), assignment_id=row.id))
    assert user.post("/diary/entries", data, hx=True).status_code == 200
    entry = session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.person_id)).one()
    assert entry.assignment_id == row.id


def test_the_item_picker_of_the_form_searches_the_units_catalogue(login, session):
    t = team(session)
    html = login(t.manager.username).get("/picker/assignments?q=tri+CHU&picker=new", hx=True).get_data(as_text=True)
    assert html.startswith('<div id="item-results-new"')
    assert "<b>SNV-002</b>" in html  # a leaders' item: managers may assign any item of the unit


def test_the_item_picker_of_the_assignment_form_is_refused_to_staff(login, session):
    t = team(session)
    assert login(t.staff.username).get("/picker/assignments?q=bao", hx=True).status_code == 403


def test_the_assignment_form_uses_the_shared_item_picker(login, session):
    t = team(session)
    page = login(t.manager.username).get("/assignments").get_data(as_text=True)
    form = re.search(r'<form id="assignment-form".*?</form>', page, re.S).group(0)
    assert 'id="item-picker-new"' in form and 'hx-get="/picker/assignments"' in form
