"""The rules the OKR services enforce: weights, targets, items of the unit, who checks in, agrees and closes,
levels and alignment, closed periods, the audit log."""
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from webapp.errors import DomainError, Forbidden, NotFound
from webapp.models import AuditLog, CheckIn, Period
from webapp.okr import keyresults, service
from webapp.okr.keyresults import CheckInInput

from .okr_data import division_objective, items_key_result, kr_input, okr_team, person_objective, unit_objective


@pytest.fixture
def t(make):
    return okr_team(make)


def test_an_objective_is_set_for_a_quarter_with_its_period_and_scope(session, t):
    objective = unit_objective(session, t)
    assert (objective.level, objective.period_key, objective.state) == ("unit", "2026-Q4", "draft")
    assert (objective.starts_on, objective.ends_on) == (date(2026, 10, 1), date(2026, 12, 31))
    assert (objective.unit_id, objective.bloc_id, objective.division_id) == (t.unit.id, t.unit.bloc_id, None)


def test_an_objective_is_set_for_a_quarter_or_a_year_never_a_month(session, t):
    assert unit_objective(session, t, period="2026").period_key == "2026"
    with pytest.raises(DomainError, match="theo quý hoặc năm"):
        unit_objective(session, t, period="11/2026")


def test_each_level_is_set_by_its_own_role(session, t):
    with pytest.raises(Forbidden):
        service.create_objective(session, t.staff, "unit", "Quý 4/2026", "Mục tiêu", t.organiser.account_id)
    with pytest.raises(Forbidden):
        service.create_objective(session, t.head, "division", "Quý 4/2026", "Mục tiêu", t.organiser.account_id)
    with pytest.raises(Forbidden):
        service.create_objective(session, t.head, "province", "Quý 4/2026", "Mục tiêu", t.organiser.account_id)
    assert division_objective(session, t).division_id == t.manager.division_id
    assert person_objective(session, t).person_id == t.staff.person_id


def test_the_owner_cannot_be_the_reviewer_and_a_person_is_agreed_by_their_manager(session, t):
    with pytest.raises(DomainError, match="phải khác người chủ trì"):
        service.create_objective(session, t.head, "unit", "Quý 4/2026", "Mục tiêu", t.head.account_id)
    with pytest.raises(DomainError, match="người thẩm định trong danh sách"):
        service.create_objective(session, t.staff, "person", "Quý 4/2026", "Mục tiêu", t.other.account_id)
    with pytest.raises(DomainError, match="người thẩm định trong danh sách"):
        service.create_objective(session, t.head, "unit", "Quý 4/2026", "Mục tiêu", t.manager.account_id)


def test_weights_never_pass_100_percent_and_must_reach_it_before_agreement(session, t):
    objective = unit_objective(session, t)
    keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "60"))
    with pytest.raises(DomainError, match="chỉ còn 40 %"):
        keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "50"))
    with pytest.raises(DomainError, match="phải bằng 100 % \\(hiện là 60 %\\)"):
        service.agree(session, t.organiser, objective.id)
    keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "40"))
    assert service.agree(session, t.organiser, objective.id).state == "agreed"


def test_a_target_equal_to_the_baseline_is_refused(session, t):
    objective = unit_objective(session, t)
    with pytest.raises(DomainError, match="khác giá trị ban đầu"):
        keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", baseline="5", target="5"))


def test_a_key_result_from_work_links_only_catalogue_items_of_its_unit(session, make, t):
    objective = unit_objective(session, t)
    key_result = keyresults.add_key_result(session, t.head, objective.id, kr_input("items"))
    foreign = make.item(make.unit())
    with pytest.raises(DomainError, match="danh mục của cơ quan, đơn vị"):
        keyresults.link_item(session, t.head, key_result.id, foreign.id)
    keyresults.link_item(session, t.head, key_result.id, t.item.id)
    by_checkin = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "40"))
    with pytest.raises(DomainError, match="cập nhật định kỳ"):
        keyresults.link_item(session, t.head, by_checkin.id, t.other_item.id)


def test_only_the_owner_checks_in(session, t):
    objective = unit_objective(session, t)
    key_result = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "100"))
    check = CheckInInput("at_risk", Decimal("7"), "Đã trình 7 đề án", "12/QĐ-SNV")
    for intruder in (t.organiser, t.manager):
        with pytest.raises((Forbidden, NotFound)):
            keyresults.check_in(session, intruder, key_result.id, check)
    row = keyresults.check_in(session, t.head, key_result.id, check)
    assert (row.value, row.confidence, row.reported_by_id) == (Decimal("7"), "at_risk", t.head.account_id)


def test_a_typed_check_in_needs_evidence_and_a_bounded_value(session, t):
    objective = unit_objective(session, t)
    key_result = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "100"))
    with pytest.raises(DomainError, match="minh chứng"):
        keyresults.check_in(session, t.head, key_result.id, CheckInInput("on_track", Decimal("3")))
    with pytest.raises(DomainError, match="Giá trị phải từ 0"):
        keyresults.check_in(session, t.head, key_result.id,
                            CheckInInput("on_track", Decimal("1e12"), evidence_link="https://vb.thanhhoa.gov.vn/1"))
    with pytest.raises(DomainError, match="http"):
        keyresults.check_in(session, t.head, key_result.id,
                            CheckInInput("on_track", Decimal("3"), evidence_link="javascript:alert(1)"))
    assert session.exec(select(CheckIn).where(CheckIn.key_result_id == key_result.id)).all() == []


def test_only_the_reviewer_agrees_or_closes(session, t):
    objective = unit_objective(session, t)
    keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "100"))
    with pytest.raises(Forbidden, match="người thẩm định"):
        service.agree(session, t.head, objective.id)
    service.agree(session, t.organiser, objective.id)
    with pytest.raises(Forbidden):
        service.close(session, t.head, objective.id)
    assert service.close(session, t.organiser, objective.id).state == "closed"


def test_an_agreed_objective_keeps_its_key_results_but_takes_check_ins(session, t):
    objective = unit_objective(session, t)
    key_result = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "100"))
    service.agree(session, t.organiser, objective.id)
    with pytest.raises(DomainError, match="đã được thống nhất"):
        keyresults.edit_key_result(session, t.head, key_result.id, kr_input("checkin", "100", target="30"))
    keyresults.check_in(session, t.head, key_result.id, CheckInInput("on_track", Decimal("3"), evidence_link="https://x.vn"))


def _closed(session, t):
    """A unit objective with a key result from work, a division objective aligned to it; then closed."""
    objective = unit_objective(session, t)
    key_result = items_key_result(session, t.head, objective, t.item, weight="100")
    service.agree(session, t.organiser, objective.id)
    service.close(session, t.organiser, objective.id)
    return objective, key_result


def test_a_closed_objective_cannot_change(session, t):
    objective, key_result = _closed(session, t)
    check = CheckInInput("on_track")
    attempts = [
        lambda: service.edit_objective(session, t.head, objective.id, "Tên mới", t.organiser.account_id),
        lambda: keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "10")),
        lambda: keyresults.edit_key_result(session, t.head, key_result.id, kr_input("items", "100")),
        lambda: keyresults.link_item(session, t.head, key_result.id, t.other_item.id),
        lambda: keyresults.unlink_item(session, t.head, key_result.id, t.item.id),
        lambda: keyresults.check_in(session, t.head, key_result.id, check),
        lambda: service.close(session, t.organiser, objective.id),
        lambda: service.align(session, t.manager, division_objective(session, t).id, objective.id),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError):
            attempt()
    assert session.exec(select(CheckIn).where(CheckIn.key_result_id == key_result.id)).all() == []


def test_an_objective_of_a_unit_whose_period_is_closed_cannot_change(session, t):
    objective = unit_objective(session, t)
    session.add(Period(unit_id=t.unit.id, kind="quarter", key="2026-Q4", starts_on=date(2026, 10, 1),
                       ends_on=date(2026, 12, 31), state="closed"))
    session.flush()
    with pytest.raises(DomainError, match="Kỳ đánh giá của mục tiêu đã khóa"):
        keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "100"))
    with pytest.raises(DomainError, match="đã khóa"):
        unit_objective(session, t)


def test_a_division_objective_aligns_to_one_or_more_objectives_of_its_unit(session, t):
    first, second = unit_objective(session, t), unit_objective(session, t, title="Chuyển đổi số")
    division = division_objective(session, t)
    service.align(session, t.manager, division.id, first.id)
    service.align(session, t.manager, division.id, second.id)
    with pytest.raises(DomainError, match="đã được gắn kết"):
        service.align(session, t.manager, division.id, first.id)
    service.unalign(session, t.manager, division.id, second.id)
    with pytest.raises(NotFound):
        service.unalign(session, t.manager, division.id, second.id)


def test_alignment_goes_to_the_level_above_in_the_same_branch_over_a_containing_period(session, make, t):
    unit_level = unit_objective(session, t)
    person = person_objective(session, t)
    with pytest.raises(DomainError, match="chỉ gắn kết với mục tiêu phòng, ban"):
        service.align(session, t.staff, person.id, unit_level.id)
    yearly = unit_objective(session, t, period="2026")
    division = division_objective(session, t, period="2026")
    with pytest.raises(DomainError, match="bao trùm"):
        service.align(session, t.manager, division.id, unit_objective(session, t, period="Quý 3/2026").id)
    service.align(session, t.manager, division.id, yearly.id)
    with pytest.raises(Forbidden, match="người chủ trì"):
        service.align(session, t.head, division.id, yearly.id)


def test_an_objective_outside_the_actors_scope_is_not_found(session, make, t):
    objective = unit_objective(session, t)
    stranger = okr_team(make)
    with pytest.raises(NotFound):
        service.agree(session, stranger.head, objective.id)
    with pytest.raises(NotFound):
        keyresults.add_key_result(session, stranger.head, objective.id, kr_input("checkin"))


def test_every_change_is_audited_with_before_and_after(session, t):
    objective = unit_objective(session, t)
    key_result = items_key_result(session, t.head, objective, t.item, weight="100")
    service.agree(session, t.organiser, objective.id)
    keyresults.check_in(session, t.head, key_result.id, CheckInInput("on_track", note="Đúng kế hoạch"))
    service.close(session, t.organiser, objective.id)
    logged = session.exec(select(AuditLog.action, AuditLog.before, AuditLog.after)
                          .where(AuditLog.action.like("okr_%")).order_by(AuditLog.id)).all()
    actions = [action for action, _, _ in logged]
    assert actions == ["okr_objective_created", "okr_key_result_created", "okr_item_linked", "okr_objective_agreed",
                       "okr_checked_in", "okr_objective_closed"]
    assert logged[-1][1:] == ({"state": "agreed"}, {"state": "closed"})
