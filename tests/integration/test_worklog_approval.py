"""Approving and returning entries: versions, audit, declared work, lateness, bulk."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import select

from webapp.errors import Conflict, DomainError
from webapp.models import Assignment, AuditLog, DiaryEntry
from webapp.worklog import review, service

from .worklog_data import actor, add_entry, common_item, entry_input, submitted, team, update_entry, working_day


def _audit(session, entry_id: int) -> list[str]:
    """The audit actions of one entry, oldest first."""
    return list(session.exec(select(AuditLog.action).where(AuditLog.entity == "diaryentry", AuditLog.entity_id == entry_id)
                             .order_by(AuditLog.id)).all())


def test_the_second_of_two_managers_approving_at_once_gets_a_clear_conflict(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    seen = entry.version  # both opened the queue at this version
    review.approve_entry(session, actor(t.manager), entry.id, seen)
    with pytest.raises(Conflict) as conflict:
        review.approve_entry(session, actor(t.head), entry.id, seen, quality_errors=1)
    assert "vừa được người khác cập nhật" in conflict.value.message
    assert "Đã duyệt" in conflict.value.message
    session.rollback()
    assert session.get(DiaryEntry, entry.id).quality_errors == 0


def test_the_version_check_holds_when_another_transaction_changed_the_row_meanwhile(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    seen = entry.version
    # Another request bumps the row behind this session's back; the loaded object still says `seen`.
    session.execute(text("UPDATE diaryentry SET version = version + 1 WHERE id = :id"), {"id": entry.id})
    assert entry.version == seen
    with pytest.raises(Conflict):
        review.approve_entry(session, actor(t.manager), entry.id, seen)


def test_a_return_after_an_approval_at_the_same_version_is_a_conflict(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    seen = entry.version
    review.approve_entry(session, actor(t.manager), entry.id, seen)
    with pytest.raises(Conflict):
        review.return_entry(session, actor(t.head), entry.id, seen, "Sai số liệu")


def test_the_conflict_answers_409_with_the_message_on_the_queue_page(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    manager, head = login(t.manager.username), login(t.head.username)
    form = {"version": str(entry.version)}
    assert manager.post(f"/approvals/{entry.id}/approve", form, hx=True).status_code == 200
    second = head.post(f"/approvals/{entry.id}/approve", form, hx=True)
    assert second.status_code == 409
    assert "vừa được người khác cập nhật" in second.get_data(as_text=True)
    assert second.headers["HX-Reswap"] == "none"


def test_every_change_writes_an_audit_record(session):
    t = team(session)
    item, day = common_item(session, t.unit), working_day(session)
    entry = add_entry(session, actor(t.staff), entry_input(item, day))
    entry = update_entry(session, actor(t.staff), entry.id, entry.version, entry_input(item, day, "3"))
    service.submit_day(session, actor(t.staff), day)
    review.return_entry(session, actor(t.manager), entry.id, entry.version, "Thiếu số văn bản")
    service.submit_day(session, actor(t.staff), day)
    review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    assert _audit(session, entry.id) == [
        "diary_entry_added", "diary_entry_updated", "diary_entry_submitted", "diary_entry_returned",
        "diary_entry_submitted", "diary_entry_approved",
    ]
    returned = session.exec(select(AuditLog).where(AuditLog.action == "diary_entry_returned",
                                                   AuditLog.entity_id == entry.id)).one()
    assert returned.reason == "Thiếu số văn bản" and returned.actor_id == t.manager.id
    assert returned.before["status"] == "submitted" and returned.after["status"] == "returned"


def test_the_added_entrys_audit_record_holds_the_whole_row_with_its_id(session):
    t = team(session)
    entry = add_entry(session, actor(t.staff), entry_input(common_item(session, t.unit, "SNV-010"),
                                                                    working_day(session), "3", "1.5"))
    added = session.exec(select(AuditLog).where(AuditLog.action == "diary_entry_added",
                                                AuditLog.entity_id == entry.id)).one()
    assert (added.entity, added.actor_id, added.unit_id, added.before) == ("diaryentry", t.staff.id, t.unit.id, {})
    assert added.after["id"] == entry.id and added.after["person_id"] == t.person_id
    assert (added.after["quantity"], added.after["hours"], added.after["coefficient"]) == ("3", "1.5", "1.25")
    assert added.after["status"] == "draft" and added.after["version"] == 1


def test_deleting_a_draft_is_audited_with_what_it_was(session):
    t = team(session)
    entry = add_entry(session, actor(t.staff), entry_input(common_item(session, t.unit), working_day(session)))
    service.delete_entry(session, actor(t.staff), entry.id, entry.version)
    assert session.get(DiaryEntry, entry.id) is None
    deleted = session.exec(select(AuditLog).where(AuditLog.action == "diary_entry_deleted",
                                                  AuditLog.entity_id == entry.id)).one()
    assert Decimal(deleted.before["quantity"]) == 2 and deleted.after == {}


def test_a_return_needs_a_reason(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    with pytest.raises(DomainError) as refusal:
        review.return_entry(session, actor(t.manager), entry.id, entry.version, "   ")
    assert refusal.value.field == "reason"
    assert session.get(DiaryEntry, entry.id).status == "submitted"


def test_a_returned_entry_goes_back_to_its_author_with_the_reason_and_can_be_fixed(session):
    t = team(session)
    item, day = common_item(session, t.unit), working_day(session)
    entry = submitted(session, t, day)
    review.return_entry(session, actor(t.manager), entry.id, entry.version, "Số lượng chưa đúng")
    assert (entry.status, entry.return_reason) == ("returned", "Số lượng chưa đúng")
    fixed = update_entry(session, actor(t.staff), entry.id, entry.version, entry_input(item, day, "1"))
    service.submit_entries(session, actor(t.staff), [fixed.id])
    assert review.approve_entry(session, actor(t.manager), fixed.id, fixed.version).quantity == 1


def test_declared_work_becomes_an_assignment_completed_by_the_approved_entry(session):
    t = team(session)
    day = working_day(session, 1)
    entry = submitted(session, t, day, quantity="3")
    assert entry.assignment_id is None
    review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    assignment = session.get(Assignment, entry.assignment_id)
    assert (assignment.source, assignment.quantity, assignment.deadline) == ("declared", Decimal("3"), day)
    assert (assignment.person_id, assignment.item_id, assignment.unit_id) == (t.person_id, entry.item_id, t.unit.id)
    assert assignment.assigned_by_id == t.manager.person_id
    assert entry.is_late is False and entry.completed_on == day
    assert session.exec(select(AuditLog).where(AuditLog.action == "assignment_declared",
                                               AuditLog.entity_id == assignment.id)).one()


def _assigned(session, t, deadline):
    """A planned assignment of five items to the staff member."""
    row = Assignment(unit_id=t.unit.id, person_id=t.person_id, item_id=common_item(session, t.unit).id,
                     quantity=Decimal("5"), deadline=deadline, source="plan", assigned_by_id=t.manager.person_id)
    session.add(row)
    session.commit()
    return row


def test_work_completed_after_the_assignments_deadline_is_late(session):
    t = team(session)
    day = working_day(session, 2)
    assignment = _assigned(session, t, deadline=day)
    entry = submitted(session, t, day, assignment_id=assignment.id)
    review.approve_entry(session, actor(t.manager), entry.id, entry.version, completed_on=working_day(session))
    assert entry.is_late is True and entry.assignment_id == assignment.id


def test_work_completed_by_the_deadline_is_on_time(session):
    t = team(session)
    day = working_day(session, 2)
    assignment = _assigned(session, t, deadline=day + timedelta(days=1))
    entry = submitted(session, t, day, assignment_id=assignment.id)
    review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    assert entry.is_late is False and entry.completed_on == day


def test_an_exemption_needs_its_objective_cause(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    with pytest.raises(DomainError) as refusal:
        review.approve_entry(session, actor(t.manager), entry.id, entry.version, quality_errors=1, errors_exempt=True)
    assert refusal.value.field == "exemption_reason"
    approved = review.approve_entry(session, actor(t.manager), entry.id, entry.version, quality_errors=1,
                                     errors_exempt=True, exemption_reason="Văn bản hướng dẫn của Bộ thay đổi")
    assert (approved.quality_errors, approved.errors_exempt) == (1, True)


def test_an_entry_of_another_person_cannot_be_linked_to_my_assignment(session):
    t = team(session)
    assignment = _assigned(session, t, deadline=working_day(session))
    data = entry_input(common_item(session, t.unit), working_day(session), assignment_id=assignment.id)
    with pytest.raises(DomainError) as refusal:
        add_entry(session, actor(t.colleague), data)
    assert refusal.value.field == "assignment_id"


def test_bulk_approval_approves_the_selection_and_reports_stale_rows(session):
    t = team(session)
    day = working_day(session)
    entries = [submitted(session, t, day) for _ in range(3)]
    stale = (entries[2].id, entries[2].version - 1)
    result = review.approve_entries(session, actor(t.manager), [(e.id, e.version) for e in entries[:2]] + [stale])
    assert [e.id for e in result.approved] == [entries[0].id, entries[1].id]
    assert result.refused[0][0] == entries[2].id and "vừa được người khác cập nhật" in result.refused[0][1]
    assert [session.get(DiaryEntry, e.id).status for e in entries] == ["approved", "approved", "submitted"]


def test_bulk_approval_of_nothing_is_refused(session):
    t = team(session)
    with pytest.raises(DomainError, match="chọn ít nhất một mục"):
        review.approve_entries(session, actor(t.manager), [])


def test_bulk_approval_skips_entries_outside_the_managers_scope(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    result = review.approve_entries(session, actor(t.other_manager), [(entry.id, entry.version)])
    assert not result.approved and "lãnh đạo trực tiếp" in result.refused[0][1]
    assert session.get(DiaryEntry, entry.id).status == "submitted"


@pytest.mark.parametrize("errors", [-1, 1000])
def test_a_number_of_quality_errors_out_of_range_is_refused(session, errors):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    with pytest.raises(DomainError) as refusal:
        review.approve_entry(session, actor(t.manager), entry.id, entry.version, quality_errors=errors)
    assert refusal.value.field == "quality_errors"


def test_a_completion_date_before_the_diary_date_is_refused(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    with pytest.raises(DomainError) as refusal:
        review.approve_entry(session, actor(t.manager), entry.id, entry.version,
                              completed_on=working_day(session, 1))
    assert refusal.value.field == "completed_on"


def test_each_approval_adds_its_converted_work_once_to_the_month_summary(session):
    from webapp.models import WorkSummary
    t = team(session)
    day = working_day(session)
    first, second = submitted(session, t, day), submitted(session, t, day)
    review.approve_entry(session, actor(t.manager), first.id, first.version, quality_errors=1)
    review.approve_entry(session, actor(t.manager), second.id, second.version, quality_errors=1)
    rows = session.exec(select(WorkSummary).where(WorkSummary.person_id == first.person_id)).all()
    assert len(rows) == 1 and rows[0].entries == 2 and rows[0].quality_errors == 1
    assert rows[0].converted == first.quantity * first.coefficient + second.quantity * second.coefficient
    assert rows[0].month == f"{day:%Y-%m}" and not rows[0].declared  # declared work got its assignment
    with pytest.raises(DomainError):
        review.approve_entry(session, actor(t.manager), first.id, first.version + 1)  # approved once only
    assert session.exec(select(WorkSummary).where(WorkSummary.person_id == first.person_id)).one().entries == 2


# --- what the staff member sees of the decision ----------------------------------------------------------


def _row_of(login, t, entry) -> str:
    """The entry's row on its author's diary page."""
    page = login(t.staff.username).get(f"/diary?day={entry.work_date.isoformat()}").get_data(as_text=True)
    return re.search(rf'<tr id="entry-{entry.id}".*?</tr>', page, re.S).group(0)


def test_the_quality_errors_a_manager_recorded_show_on_the_staff_members_entry(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    review.approve_entry(session, actor(t.manager), entry.id, entry.version, quality_errors=2)
    row = _row_of(login, t, entry)
    assert "Đã duyệt" in row and "Lỗi chất lượng: <b>2</b>" in row and "miễn trừ" not in row


def test_exempted_errors_lateness_and_the_reason_show_on_the_entry(login, session):
    t = team(session)
    day = working_day(session, 2)
    assignment = Assignment(unit_id=t.unit.id, person_id=t.person_id, item_id=common_item(session, t.unit).id,
                            quantity=Decimal(1), deadline=day, source="plan", assigned_by_id=t.manager.person_id)
    session.add(assignment)
    session.commit()
    entry = submitted(session, t, day, assignment_id=assignment.id)
    done = working_day(session, 1)
    review.approve_entry(session, actor(t.manager), entry.id, entry.version, quality_errors=1, errors_exempt=True,
                         delay_exempt=True, exemption_reason="Chờ số liệu của Sở Tài chính", completed_on=done)
    row = _row_of(login, t, entry)
    assert "Lỗi chất lượng: <b>1</b> (được miễn trừ, không bị trừ điểm)" in row
    assert re.search(rf"Hoàn thành {done:%d/%m/%Y}, hạn {day:%d/%m/%Y}:\s*chậm tiến độ \(được miễn trừ\)", row)
    assert "Lý do miễn trừ: Chờ số liệu của Sở Tài chính" in row


def test_an_entry_approved_on_time_without_errors_says_so(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    row = _row_of(login, t, entry)
    assert "Không có lỗi chất lượng" in row and "chậm tiến độ" not in row
