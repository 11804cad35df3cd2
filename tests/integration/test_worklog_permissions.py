"""Who may do what with a diary entry, and the closed period that refuses every write."""
import pytest
from sqlmodel import select

from webapp.errors import DomainError, Forbidden
from webapp.models import DiaryEntry
from webapp.worklog import review, service

from .worklog_data import (
    actor,
    add_entry,
    close_month,
    common_item,
    entry_input,
    submitted,
    team,
    update_entry,
    working_day,
)


def _draft(session, t):
    """A draft entry of the staff member for today."""
    return add_entry(session, actor(t.staff), entry_input(common_item(session, t.unit), working_day(session)))


def test_only_the_author_changes_their_draft(session):
    t = team(session)
    entry = _draft(session, t)
    data = entry_input(common_item(session, t.unit), working_day(session), "5")
    for someone in (t.colleague, t.manager, t.head):
        with pytest.raises(Forbidden):
            update_entry(session, actor(someone), entry.id, entry.version, data)
        with pytest.raises(Forbidden):
            service.delete_entry(session, actor(someone), entry.id, entry.version)
    session.rollback()
    assert update_entry(session, actor(t.staff), entry.id, entry.version, data).quantity == 5


def test_only_the_author_submits_their_entries(session):
    t = team(session)
    entry = _draft(session, t)
    with pytest.raises(Forbidden):
        service.submit_entries(session, actor(t.colleague), [entry.id])


def test_only_the_direct_manager_or_the_unit_head_approves(session):
    t = team(session)
    first, second = submitted(session, t, working_day(session)), submitted(session, t, working_day(session))
    for outsider in (t.other_manager, t.colleague, t.staff):
        with pytest.raises(Forbidden):
            review.approve_entry(session, actor(outsider), first.id, first.version)
        with pytest.raises(Forbidden):
            review.return_entry(session, actor(outsider), first.id, first.version, "Sai số liệu")
    session.rollback()
    assert review.approve_entry(session, actor(t.manager), first.id, first.version).status == "approved"
    assert review.approve_entry(session, actor(t.head), second.id, second.version).status == "approved"


def test_a_manager_cannot_approve_their_own_entries(session):
    t = team(session)
    own = add_entry(session, actor(t.manager), entry_input(common_item(session, t.unit), working_day(session)))
    service.submit_entries(session, actor(t.manager), [own.id])
    with pytest.raises(Forbidden):
        review.approve_entry(session, actor(t.manager), own.id, own.version)


def test_an_approved_entry_cannot_be_changed_or_deleted_by_its_author(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    data = entry_input(common_item(session, t.unit), working_day(session), "9")
    with pytest.raises(DomainError, match="Đã duyệt"):
        update_entry(session, actor(t.staff), entry.id, entry.version, data)
    with pytest.raises(DomainError, match="Đã duyệt"):
        service.delete_entry(session, actor(t.staff), entry.id, entry.version)
    session.rollback()
    assert session.get(DiaryEntry, entry.id).quantity == 2


def test_a_submitted_entry_waits_for_the_manager_and_cannot_be_edited(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    with pytest.raises(DomainError, match="Đã gửi duyệt"):
        update_entry(session, actor(t.staff), entry.id, entry.version,
                             entry_input(common_item(session, t.unit), working_day(session)))


def test_a_staff_member_cannot_open_the_approval_queue(login, session):
    t = team(session)
    assert login(t.staff.username).get("/approvals").status_code == 403


def test_a_manager_sees_only_the_entries_of_their_own_division(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session), description="Việc của phòng mình")
    mine = login(t.manager.username).get("/approvals").get_data(as_text=True)
    assert f'id="approval-{entry.id}"' in mine
    other = login(t.other_manager.username).get("/approvals").get_data(as_text=True)
    assert f'id="approval-{entry.id}"' not in other


# --- a closed (or closing) period refuses every write path ----------------------------------------


def _write_paths(session, t):
    """Every service write on entries of a day, prepared before the month is closed."""
    day = working_day(session)
    item = common_item(session, t.unit)
    draft = _draft(session, t)
    waiting = [submitted(session, t, day) for _ in range(3)]
    staff, manager = actor(t.staff), actor(t.manager)
    return day, {
        "add": lambda: add_entry(session, staff, entry_input(item, day)),
        "update": lambda: update_entry(session, staff, draft.id, draft.version, entry_input(item, day, "4")),
        "delete": lambda: service.delete_entry(session, staff, draft.id, draft.version),
        "submit": lambda: service.submit_day(session, staff, day),
        "approve": lambda: review.approve_entry(session, manager, waiting[0].id, waiting[0].version),
        "return": lambda: review.return_entry(session, manager, waiting[1].id, waiting[1].version, "Thiếu minh chứng"),
        "bulk": lambda: _bulk_refused(review.approve_entries(session, manager, [(waiting[2].id, waiting[2].version)])),
    }


def _bulk_refused(result):
    """Bulk approval reports refusals instead of raising: raise the first for the test."""
    assert not result.approved
    raise DomainError(result.refused[0][1])


@pytest.mark.parametrize("state", ["closing", "closed"])
@pytest.mark.parametrize("path", ["add", "update", "delete", "submit", "approve", "return", "bulk"])
def test_a_closed_period_refuses_every_write_path(session, path, state):
    t = team(session)
    day, paths = _write_paths(session, t)
    close_month(session, t, day, state)
    before = _state(session, t)
    with pytest.raises(DomainError, match="không thể thêm hoặc thay đổi dữ liệu"):
        paths[path]()
    session.rollback()
    assert _state(session, t) == before


def _state(session, t) -> dict:
    """Every entry of the staff member with its status, version and quantity."""
    rows = session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.person_id)).all()
    return {e.id: (e.status, e.version, e.quantity) for e in rows}


def test_the_diary_page_says_why_a_closed_day_cannot_be_written(login, session):
    t = team(session)
    close_month(session, t, working_day(session))
    page = login(t.staff.username).get("/diary").get_data(as_text=True)
    assert 'id="entry-form"' not in page
    assert "đã chốt số liệu hoặc đã khóa" in page


def test_the_office_managers_lists_leave_out_the_deputy_heads_who_answer_to_the_head(session):
    from webapp.models import Person, UserAccount
    from webapp.worklog import queries
    t = team(session)
    deputy = session.exec(select(UserAccount).join(Person, Person.id == UserAccount.person_id)
                          .where(Person.division_id == t.manager.division_id, Person.is_leader,
                                 UserAccount.role == "staff")).first()
    assert deputy is not None, "the seeded office has a deputy head"
    entry = add_entry(session, actor(deputy), entry_input(common_item(session, t.unit), working_day(session)))
    service.submit_entries(session, actor(deputy), [entry.id])
    people = {p.id for p in queries.managed_people(session, actor(t.manager))}
    assert deputy.person_id not in people and t.person_id in people
    assert [r.entry.id for r in queries.queue(session, actor(t.manager))] == []
    assert queries.pending_count(session, actor(t.manager)) == 0
    assert queries.pending_count(session, actor(t.head)) == 1


def test_a_staff_members_bulk_approval_or_empty_return_is_refused_for_the_role_first(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    colleague = login(t.colleague.username)
    assert colleague.post("/approvals/bulk", data={}).status_code == 403
    assert colleague.post("/approvals/bulk", data={"selected": f"{entry.id}:{entry.version}"}).status_code == 403
    with pytest.raises(Forbidden):
        review.return_entry(session, actor(t.colleague), entry.id, entry.version, "")
    session.expire_all()
    assert session.get(DiaryEntry, entry.id).status == "submitted"
