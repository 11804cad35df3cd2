"""Reporting lines (quan hệ báo cáo): defaults, the officer's choice, refusals, problems, and what follows them:
approval queues, sheet reviews, the head's superior evaluator, Form 01 signers, the page and its scope."""
import pytest
from sqlmodel import select

from webapp.auth.actor import Actor
from webapp.errors import DomainError, Forbidden
from webapp.evaluations import queries as sheet_queries
from webapp.evaluations.workflow import load
from webapp.models import AuditLog, Person, Unit, UserAccount
from webapp.org import line_service
from webapp.org.line_problems import problems
from webapp.org.lines import reset_default_lines
from webapp.reports.form01_data import form01
from webapp.seeding import load_all
from webapp.worklog import queries as diary_queries
from webapp.worklog import review

from ..conftest import SEEDS
from ..helpers import organiser_of, username_of
from .evaluation_data import team as sheet_team
from .test_evaluations import ALL_FIVES, THE_REST, _opened, _version
from .worklog_data import actor, submitted, team, working_day


def _account(session, username: str) -> UserAccount:
    return session.exec(select(UserAccount).where(UserAccount.username == username)).one()


def _officer(session, unit: Unit) -> Actor:
    """The unit's personnel officer as an actor."""
    return Actor.from_account(_account(session, username_of(session, unit.code, "personnel")), unit.code)


def _kinds(session, unit: Unit) -> set[str]:
    return {p.kind for p in problems(session, unit)}


# Defaults and seeds

def test_by_default_staff_report_to_their_divisions_manager_and_managers_and_deputies_to_the_head(session):
    t = team(session)
    staff, manager, head = (session.get(Person, a.person_id) for a in (t.staff, t.manager, t.head))
    deputy = session.exec(select(Person).where(Person.unit_id == t.unit.id, Person.is_leader,
                                               Person.id != head.id, Person.id != manager.id)).first()
    assert staff.reports_to_id == manager.id and staff.manager_override_id is None
    assert manager.reports_to_id == head.id and deputy.reports_to_id == head.id
    assert head.reports_to_id is None


def test_the_personnel_officer_reports_to_the_manager_of_their_division(session):
    unit = session.exec(select(Unit).where(Unit.code == "hac-thanh")).one()
    officer = session.get(Person, _officer(session, unit).person_id)
    manager = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id, UserAccount.role == "manager",
                                                     UserAccount.division_id == officer.division_id)).one()
    assert officer.reports_to_id == manager.person_id


def test_seeding_fills_the_lines_again_and_gives_pilot_units_their_blocs_organiser_as_superior_evaluator(session):
    unit = session.exec(select(Unit).where(Unit.code == "hac-thanh")).one()
    expected = dict(session.exec(select(Person.id, Person.reports_to_id).where(Person.unit_id == unit.id)).all())
    for person in session.exec(select(Person).where(Person.unit_id == unit.id)):
        person.reports_to_id = None
    session.commit()
    load_all(session, SEEDS)
    assert dict(session.exec(select(Person.id, Person.reports_to_id).where(Person.unit_id == unit.id)).all()) == expected
    assert session.get(UserAccount, unit.superior_evaluator_id).username == organiser_of(session, "chinhquyen")
    assert problems(session, unit) == []


# Following the lines: diaries

def test_a_person_moved_to_another_manager_shows_up_in_the_new_managers_queue_and_leaves_the_old_ones(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    assert [e.entry.id for e in diary_queries.queue(session, actor(t.manager))] == [entry.id]
    line_service.set_manager(session, _officer(session, t.unit), t.unit, t.staff.person_id, t.other_manager.person_id)
    assert [e.entry.id for e in diary_queries.queue(session, actor(t.other_manager))] == [entry.id]
    assert diary_queries.queue(session, actor(t.manager)) == []
    assert entry.id in {e.entry.id for e in diary_queries.queue(session, actor(t.head))}  # the head sees the unit


def test_an_explicit_line_across_divisions_approves_diaries_and_the_old_manager_is_refused(session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    line_service.set_manager(session, _officer(session, t.unit), t.unit, t.staff.person_id, t.other_manager.person_id)
    with pytest.raises(Forbidden):
        review.approve_entry(session, actor(t.manager), entry.id, entry.version)
    session.rollback()
    approved = review.approve_entry(session, actor(t.other_manager), entry.id, entry.version)
    assert approved.status == "approved"


def test_going_back_to_the_default_returns_the_person_to_their_divisions_manager(session):
    t = team(session)
    officer = _officer(session, t.unit)
    line_service.set_manager(session, officer, t.unit, t.staff.person_id, t.other_manager.person_id)
    person = line_service.set_manager(session, officer, t.unit, t.staff.person_id, None)
    assert person.reports_to_id == t.manager.person_id and person.manager_override_id is None


def test_a_line_change_is_audited_with_before_and_after(session):
    t = team(session)
    line_service.set_manager(session, _officer(session, t.unit), t.unit, t.staff.person_id, t.other_manager.person_id)
    audit = session.exec(select(AuditLog).where(AuditLog.action == "reporting_line_set",
                                                AuditLog.entity_id == t.staff.person_id)).one()
    assert audit.before == {"manager_override_id": None, "reports_to_id": t.manager.person_id}
    assert audit.after == {"manager_override_id": t.other_manager.person_id, "reports_to_id": t.other_manager.person_id}


# Refusals

def _refused(session, t, person_id: int, manager_id: int, message: str) -> None:
    """The change is refused with the message and nothing changed."""
    before = dict(session.exec(select(Person.id, Person.reports_to_id).where(Person.unit_id == t.unit.id)).all())
    with pytest.raises(DomainError, match=message):
        line_service.set_manager(session, _officer(session, t.unit), t.unit, person_id, manager_id)
    session.rollback()
    assert dict(session.exec(select(Person.id, Person.reports_to_id).where(Person.unit_id == t.unit.id)).all()) == before


def test_a_person_cannot_be_their_own_manager(session):
    t = team(session)
    _refused(session, t, t.manager.person_id, t.manager.person_id, "chính người này")


def test_a_manager_outside_the_unit_is_refused(session):
    t = team(session)
    elsewhere = _account(session, username_of(session, "hac-thanh", "manager"))
    _refused(session, t, t.staff.person_id, elsewhere.person_id, "cùng cơ quan, đơn vị")


def test_a_colleague_without_a_leaders_account_cannot_be_chosen(session):
    t = team(session)
    _refused(session, t, t.staff.person_id, t.colleague.person_id, "không phải lãnh đạo")


def test_a_cycle_is_refused(session):
    t = team(session)
    line_service.set_manager(session, _officer(session, t.unit), t.unit, t.manager.person_id, t.other_manager.person_id)
    _refused(session, t, t.other_manager.person_id, t.manager.person_id, "vòng lặp")


def test_the_heads_line_is_the_superior_evaluator_not_a_person_of_the_unit(session):
    t = team(session)
    _refused(session, t, t.head.person_id, t.manager.person_id, "cấp trên đánh giá")


def test_only_the_units_officer_or_the_admin_changes_lines(session):
    t = team(session)
    for account in (t.manager, t.head, _account(session, username_of(session, "hac-thanh", "personnel"))):
        with pytest.raises(Forbidden):
            line_service.set_manager(session, Actor.from_account(account), t.unit, t.staff.person_id,
                                     t.other_manager.person_id)
        session.rollback()
    admin = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.role == "admin")).first())
    assert line_service.set_manager(session, admin, t.unit, t.staff.person_id, t.other_manager.person_id)


# Problems

def test_a_division_without_a_manager_leaves_its_staff_without_a_manager(make, session):
    unit = make.unit()
    make.person(unit, "head")
    person, _ = make.person(unit, "staff")
    found = problems(session, unit)
    assert {(p.kind, p.person_id) for p in found} >= {("missing", person.id), ("division", None)}


def test_a_unit_without_a_superior_evaluator_is_a_problem(make, session):
    unit = make.unit()
    assert "no_evaluator" in _kinds(session, unit)


def test_a_manager_who_left_is_a_problem_until_the_line_is_changed(session):
    t = team(session)
    officer = _officer(session, t.unit)
    line_service.set_manager(session, officer, t.unit, t.staff.person_id, t.other_manager.person_id)
    session.get(Person, t.other_manager.person_id).active = False
    reset_default_lines(session, t.unit.id)  # as the staff list does after someone leaves
    session.commit()
    assert [p.person_id for p in problems(session, t.unit) if p.kind == "inactive"] == [t.staff.person_id]
    assert "division" in _kinds(session, t.unit)  # their own division is left without a manager
    line_service.set_manager(session, officer, t.unit, t.staff.person_id, None)
    assert "inactive" not in _kinds(session, t.unit)


def test_lines_written_wrong_behind_the_apps_back_are_listed_self_outside_and_cycle(session):
    t = team(session)
    elsewhere = _account(session, username_of(session, "hac-thanh", "manager"))
    for person_id, manager_id in ((t.staff.person_id, t.staff.person_id), (t.colleague.person_id, elsewhere.person_id),
                                  (t.manager.person_id, t.other_manager.person_id),
                                  (t.other_manager.person_id, t.manager.person_id)):
        session.get(Person, person_id).manager_override_id = manager_id
    session.flush()
    reset_default_lines(session, t.unit.id)
    found = {(p.kind, p.person_id) for p in problems(session, t.unit)}
    assert {("self", t.staff.person_id), ("outside", t.colleague.person_id), ("cycle", t.manager.person_id),
            ("cycle", t.other_manager.person_id)} <= found


# Sheets and signatures

def _self_assessed(login, session):
    """The staff member's October sheet, self-assessed through the page."""
    t, staff, sheet_id = _opened(login, session)
    page = staff.get(f"/sheets/{sheet_id}").get_data(as_text=True)
    staff.post(f"/sheets/{sheet_id}/self-assess", data={"version": _version(page), "self_band": "tot",
                                                        **ALL_FIVES, **THE_REST})
    return t, sheet_id


def _other_manager(session, t) -> UserAccount:
    """A manager of another division of the sheet team's unit."""
    return session.exec(select(UserAccount).where(UserAccount.unit_id == t.unit.id, UserAccount.role == "manager",
                                                  UserAccount.division_id != t.manager.division_id)).first()


def test_an_explicit_line_across_divisions_moves_the_sheet_review_to_the_new_manager(login, session):
    t, sheet_id = _self_assessed(login, session)
    other = _other_manager(session, t)
    line_service.set_manager(session, _officer(session, t.unit), t.unit, t.person.id, other.person_id)
    ctx = load(session, sheet_id)
    assert "review" in sheet_queries.actions(Actor.from_account(other), ctx)
    assert "review" not in sheet_queries.actions(Actor.from_account(t.manager), ctx)
    page = login(other.username).get(f"/sheets/{sheet_id}")
    assert page.status_code == 200 and "/review" in page.get_data(as_text=True)


def _head_sheet(login, session, t):
    """The head's October sheet (opened by the head) and its context."""
    login(t.head.username).get("/evaluations?month=2026-10")
    from webapp.models import EvaluationSheet, Period
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    sheet_id = session.exec(select(EvaluationSheet.id).where(EvaluationSheet.period_id == period.id,
                                                             EvaluationSheet.person_id == t.head.person_id)).one()
    return period, sheet_id


def test_the_heads_sheet_goes_to_the_superior_evaluator_and_its_name_and_title_print_on_form_01(login, session):
    t, _, _ = _opened(login, session)
    period, sheet_id = _head_sheet(login, session, t)
    chair = _account(session, username_of(session, "hac-thanh", "head"))  # stands for a provincial leader
    admin = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.role == "admin")).first())
    line_service.set_superior_evaluator(session, admin, t.unit, chair.id)
    sheet = load(session, sheet_id)
    sheet.sheet.state = "self_assessed"
    assert "review" in sheet_queries.actions(Actor.from_account(chair), sheet)
    organiser = _account(session, organiser_of(session, "chinhquyen"))
    assert "review" not in sheet_queries.actions(Actor.from_account(organiser), sheet)
    session.rollback()
    doc = next(d for d in form01(session, t.unit, period)["sheets"] if d.sheet.id == sheet_id)
    chair_person = session.get(Person, chair.person_id)
    assert doc.signers.reviewer_name == chair_person.full_name and chair_person.title in doc.signers.reviewer_position
    assert "Phường Hạc Thành" in doc.signers.reviewer_position


def test_form_01_prints_the_explicit_manager_as_the_direct_leader(login, session):
    t = sheet_team(session)
    _opened(login, session)
    other = _other_manager(session, t)
    line_service.set_manager(session, _officer(session, t.unit), t.unit, t.person.id, other.person_id)
    from webapp.models import Period
    period = session.exec(select(Period).where(Period.unit_id == t.unit.id, Period.key == "2026-10")).one()
    doc = next(d for d in form01(session, t.unit, period)["sheets"] if d.person.id == t.person.id)
    assert doc.signers.reviewer_name == session.get(Person, other.person_id).full_name


def test_a_superior_evaluator_of_the_same_unit_is_refused_and_nothing_changes(session):
    t = team(session)
    admin = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.role == "admin")).first())
    before = t.unit.superior_evaluator_id
    with pytest.raises(DomainError, match="không thể đánh giá thủ trưởng"):
        line_service.set_superior_evaluator(session, admin, t.unit, t.manager.id)
    session.rollback()
    assert session.get(Unit, t.unit.id).superior_evaluator_id == before


def test_only_the_admin_or_the_blocs_organiser_chooses_the_superior_evaluator(session):
    t = team(session)
    with pytest.raises(Forbidden):
        line_service.set_superior_evaluator(session, _officer(session, t.unit), t.unit, None)
    session.rollback()
    organiser = Actor.from_account(_account(session, organiser_of(session, "chinhquyen")))
    assert line_service.set_superior_evaluator(session, organiser, t.unit, None).superior_evaluator_id is None
    assert "no_evaluator" in _kinds(session, t.unit)


# The page and its scope

def _path(unit: Unit) -> str:
    return f"/units/{unit.code}/reporting-lines"


def test_the_officer_sees_each_persons_line_with_the_explicit_ones_marked(login, session):
    t = team(session)
    line_service.set_manager(session, _officer(session, t.unit), t.unit, t.staff.person_id, t.other_manager.person_id)
    page = login(username_of(session, t.unit.code, "personnel")).get(_path(t.unit)).get_data(as_text=True)
    row = page[page.index(f'id="line-{t.staff.person_id}"'):]
    row = row[:row.index("</tr>")]
    assert 'class="explicit' in row and "Đặt riêng" in row and "<select" in row
    assert "Vấn đề cần xử lý" in page and "Cấp trên đánh giá thủ trưởng" in page


def test_an_htmx_change_answers_the_row_and_the_problems_out_of_band(login, session):
    t = team(session)
    officer = login(username_of(session, t.unit.code, "personnel"))
    response = officer.post(f"{_path(t.unit)}/{t.staff.person_id}", data={"manager_id": t.other_manager.person_id},
                            hx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith(f'<tr id="line-{t.staff.person_id}"')
    assert 'id="line-problems" class="card" hx-swap-oob="true"' in body
    session.expire_all()
    assert session.get(Person, t.staff.person_id).reports_to_id == t.other_manager.person_id


def test_a_refused_change_comes_back_with_its_vietnamese_message_and_changes_nothing(login, session):
    t = team(session)
    officer = login(username_of(session, t.unit.code, "personnel"))
    response = officer.post(f"{_path(t.unit)}/{t.staff.person_id}", data={"manager_id": t.staff.person_id}, hx=True)
    assert response.status_code == 422 and "Không thể chọn chính người này" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Person, t.staff.person_id).reports_to_id == t.manager.person_id


def test_a_plain_post_changes_the_line_and_goes_back_to_the_page(login, session):
    t = team(session)
    officer = login(username_of(session, t.unit.code, "personnel"))
    response = officer.post(f"{_path(t.unit)}/{t.staff.person_id}", data={"manager_id": t.other_manager.person_id})
    assert response.status_code == 303 and response.headers["Location"].endswith(_path(t.unit))


def test_the_officer_of_another_unit_and_staff_are_refused(login, session):
    t = team(session)
    for username in (username_of(session, "hac-thanh", "personnel"), t.staff.username, t.manager.username):
        client = login(username)
        assert client.get(_path(t.unit)).status_code == 403
        assert client.post(f"{_path(t.unit)}/{t.staff.person_id}",
                           data={"manager_id": t.other_manager.person_id}).status_code == 403
    session.expire_all()
    assert session.get(Person, t.staff.person_id).reports_to_id == t.manager.person_id


def test_the_organiser_reads_the_lines_without_changing_them(login, session):
    t = team(session)
    organiser = login(organiser_of(session, "chinhquyen"))
    page = organiser.get(_path(t.unit)).get_data(as_text=True)
    row = page[page.index(f'id="line-{t.staff.person_id}"'):]
    assert 'name="manager_id"' not in row[:row.index("</tr>")] and 'name="account_id"' in page
    response = organiser.post(f"{_path(t.unit)}/{t.staff.person_id}", data={"manager_id": t.other_manager.person_id})
    assert response.status_code == 403


def test_the_officers_home_shows_the_count_of_problems_with_a_link(login, session):
    t = team(session)
    officer = _officer(session, t.unit)
    line_service.set_manager(session, officer, t.unit, t.staff.person_id, t.other_manager.person_id)
    session.get(Person, t.other_manager.person_id).active = False
    session.commit()  # without re-resolving: the manager's own people point at them too
    expected = len(problems(session, t.unit))
    home = login(username_of(session, t.unit.code, "personnel")).get("/").get_data(as_text=True)
    section = home[home.index('id="todo-lines"'):]
    assert expected > 1 and f'href="{_path(t.unit)}"' in section and f"Xem và sửa {expected} vấn đề" in section


def test_locking_a_managers_account_moves_their_people_off_the_line_and_lists_them(session):
    from webapp.auth.accounts import set_active
    t = team(session)
    admin = Actor.from_account(session.exec(select(UserAccount).where(UserAccount.role == "admin")).first())
    set_active(session, admin, t.manager.id, False)
    assert session.get(Person, t.staff.person_id).reports_to_id is None
    assert ("missing", t.staff.person_id) in {(p.kind, p.person_id) for p in problems(session, t.unit)}
    set_active(session, admin, t.manager.id, True)
    assert session.get(Person, t.staff.person_id).reports_to_id == t.manager.person_id
