"""Moving a person to another unit: the admin or the source unit's officer; what was written in the old unit
(sheets, entries, assignments) stays there and is read there; open work is listed before the move."""
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import select

from webapp.clock import local_today
from webapp.evaluations.service import compute_month, month_periods
from webapp.models import Assignment, AuditLog, DiaryEntry, Division, EvaluationSheet, Person, Unit, UserAccount
from webapp.reports.documents import diary, hours_summary

from ..helpers import username_of
from .evaluation_data import item, october_work, team

TARGET = "hac-thanh"


def _unit(session, code: str) -> Unit:
    return session.exec(select(Unit).where(Unit.code == code)).one()


def _moved_team(session):
    """A staff member of Sở Nội vụ with an October sheet scored, a running assignment and a draft entry."""
    t = team(session)
    october_work(session, t)
    compute_month(session, month_periods(session, date(2026, 10, 1), [t.unit]))
    running = Assignment(unit_id=t.unit.id, person_id=t.person.id, item_id=item(session, t.unit, "1.00").id,
                         quantity=Decimal("2"), deadline=local_today() + timedelta(days=10), source="plan")
    draft = DiaryEntry(person_id=t.person.id, unit_id=t.unit.id, work_date=local_today(),
                       item_id=item(session, t.unit, "1.00").id, quantity=Decimal("1"), coefficient=Decimal("1"),
                       hours=Decimal("2"), description="Dự thảo công văn dở dang")
    session.add_all([running, draft])
    session.commit()
    return t, running


def _move(client, person_id: int, code: str = TARGET, division_id: int | str = ""):
    return client.post(f"/staff/{person_id}/move", {"unit": code, "division_id": str(division_id)})


def _division(session, code: str) -> Division:
    return session.exec(select(Division).where(Division.unit_id == _unit(session, code).id)).first()


def test_the_move_page_lists_the_open_work_left_in_the_old_unit_before_confirming(login, session):
    t, _ = _moved_team(session)
    officer = login(username_of(session, "so-noi-vu", "personnel"))
    page = officer.get(f"/staff/{t.person.id}/move?unit={TARGET}").get_data(as_text=True)
    assert "Dự thảo công văn dở dang" in page and "Việc được giao còn hạn (1)" in page
    assert "Phiếu đánh giá chưa được thủ trưởng phê duyệt (1)" in page and "Xác nhận chuyển sang" in page
    assert session.get(Person, t.person.id).unit_id == t.unit.id  # nothing moved by looking


def test_a_moved_persons_past_sheet_entries_and_assignments_keep_the_unit_they_were_written_in(login, session):
    t, running = _moved_team(session)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    officer = login(username_of(session, "so-noi-vu", "personnel"))
    assert _move(officer, t.person.id, division_id=_division(session, TARGET).id).status_code == 303
    session.expire_all()
    person, account = session.get(Person, t.person.id), session.get(UserAccount, t.staff.id)
    new_unit = _unit(session, TARGET)
    assert (person.unit_id, account.unit_id, account.division_id) == (new_unit.id, new_unit.id, person.division_id)
    assert session.get(EvaluationSheet, sheet.id).unit_id == t.unit.id
    entries = session.exec(select(DiaryEntry).where(DiaryEntry.person_id == person.id)).all()
    assert entries and {e.unit_id for e in entries} == {t.unit.id}
    assert session.get(Assignment, running.id).cancelled_at is not None
    assert {a.unit_id for a in session.exec(select(Assignment).where(Assignment.person_id == person.id))} == {t.unit.id}
    # Read where they were written: the old unit's October hours and diary still hold them, the new unit's not.
    october = (date(2026, 10, 1), date(2026, 10, 31))
    old_hours = hours_summary(session, t.unit, *october)
    assert person.id in [line["person"].id for line in old_hours["lines"]]
    new_hours = {line["person"].id: line["total"] for line in hours_summary(session, new_unit, *october)["lines"]}
    assert new_hours[person.id] == 0  # listed as the new unit's staff, without the old unit's hours
    assert {line["person"].id: line["total"] for line in old_hours["lines"]}[person.id] > 0
    assert len(diary(session, t.unit, person, *october)["rows"]) == 2
    assert diary(session, new_unit, person, *october)["rows"] == []
    old_month = login(t.head.username).get("/units/so-noi-vu/evaluations?month=2026-10").get_data(as_text=True)
    assert person.full_name in old_month


def test_after_a_move_the_old_sheet_stays_visible_to_its_unit_and_is_not_the_new_heads_to_approve(login, session):
    t, _ = _moved_team(session)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).one()
    _move(login(username_of(session, "so-noi-vu", "personnel")), t.person.id)
    assert login(t.head.username).get(f"/sheets/{sheet.id}").status_code == 200
    new_head = login(username_of(session, TARGET, "head"))
    assert new_head.get(f"/sheets/{sheet.id}").status_code == 403
    assert new_head.post(f"/sheets/{sheet.id}/approve", {"version": str(sheet.version)}).status_code == 403


def test_a_unit_role_falls_back_to_staff_and_the_move_is_audited(login, session):
    t, _ = _moved_team(session)
    _move(login("admin"), t.manager.person_id)
    session.expire_all()
    assert session.get(UserAccount, t.manager.id).role == "staff"
    audit = session.exec(select(AuditLog).where(AuditLog.action == "person_move",
                                                AuditLog.entity_id == t.manager.person_id)).one()
    assert (audit.before["unit_id"], audit.after["unit_id"]) == (t.unit.id, _unit(session, TARGET).id)


def test_only_the_admin_and_the_source_units_officer_may_move_a_person(login, session):
    t, _ = _moved_team(session)
    for username in (username_of(session, TARGET, "personnel"), t.head.username, t.staff.username):
        assert _move(login(username), t.person.id).status_code == 403, username
    assert session.get(Person, t.person.id).unit_id == t.unit.id


def test_a_division_of_another_unit_than_the_target_is_refused(login, session):
    t, _ = _moved_team(session)
    response = _move(login("admin"), t.person.id, division_id=_division(session, "so-khcn").id)
    assert response.status_code == 422
    assert "Vui lòng chọn phòng, ban của cơ quan, đơn vị." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Person, t.person.id).unit_id == t.unit.id


def test_an_unknown_target_unit_is_refused_with_a_message(login, session):
    t, _ = _moved_team(session)
    response = _move(login("admin"), t.person.id, code="khong-co")
    assert response.status_code == 422
    assert "Vui lòng chọn cơ quan, đơn vị chuyển đến." in response.get_data(as_text=True)


def test_a_move_leaves_assignments_of_a_closing_month_and_declared_work_untouched(login, session):
    t, running = _moved_team(session)
    declared = Assignment(unit_id=t.unit.id, person_id=t.person.id, item_id=running.item_id, quantity=Decimal("1"),
                          deadline=running.deadline, source="declared")
    session.add(declared)
    (period,) = month_periods(session, running.deadline.replace(day=1), [t.unit])
    period.state = "closing"
    session.commit()
    assert _move(login("admin"), t.person.id).status_code == 303
    session.expire_all()
    assert session.get(Assignment, running.id).cancelled_at is None
    assert session.get(Assignment, declared.id).cancelled_at is None
