"""Catalogue changes are drafts the head approves, effective from a date, with a version history."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from webapp.catalog import decisions, drafts, picker, versions
from webapp.catalog.drafts import Proposal
from webapp.clock import local_today
from webapp.errors import Conflict, DomainError, Forbidden
from webapp.models import AuditLog, CatalogueDraft, CatalogueItem, CatalogueItemVersion, Person
from webapp.periods.service import month_period

from .catalogue_data import actor, approved_change, item, new_item, new_k, office


def _today():
    return local_today()


def test_a_new_item_approved_today_is_offered_in_the_pickers_today_and_not_yesterday(session):
    o = office(session)
    approved_change(session, o, new_item(), _today())
    person = session.get(Person, o.staff.person_id)
    codes = {i.code for i in picker.person_items(session, person, _today())}
    assert "SNV-NEW-1" in codes
    assert "SNV-NEW-1" not in {i.code for i in picker.person_items(session, person, _today() - timedelta(days=1))}
    assert "SNV-NEW-1" in {i.code for i in picker.unit_items(session, o.unit.id, _today())}


def test_a_proposal_changes_nothing_in_the_catalogue_until_the_head_approves(session):
    o = office(session)
    target = item(session, o.unit)
    drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.10"), _today(), "Điều chỉnh K")
    session.refresh(target)
    assert target.coefficient == Decimal("1.00") and target.version == 1
    assert session.exec(select(CatalogueDraft).where(CatalogueDraft.code == "SNV-001")).one().state == "pending"


def test_an_approved_change_closes_the_old_version_the_day_before_and_keeps_both_in_the_history(session):
    o = office(session)
    target = item(session, o.unit)
    approved_change(session, o, new_k("SNV-001", "1.10"), _today())
    session.refresh(target)
    assert (target.coefficient, target.version) == (Decimal("1.10"), 2)
    history = versions.history(session, target)
    (second, approver), (first, seeded_by) = history
    assert (first.version, first.coefficient, first.effective_to) == (1, Decimal("1.00"), _today() - timedelta(days=1))
    assert (second.version, second.coefficient, second.effective_from, second.effective_to) == (
        2, Decimal("1.10"), _today(), None)
    assert approver == o.head.display_name and second.approved_at is not None and seeded_by == ""


def test_a_retired_item_is_offered_until_the_day_before_its_date(session):
    o = office(session)
    day = _today() + timedelta(days=3)
    approved_change(session, o, Proposal(kind="retire", code="SNV-001"), day)
    person = session.get(Person, o.staff.person_id)
    assert "SNV-001" in {i.code for i in picker.person_items(session, person, day - timedelta(days=1))}
    assert "SNV-001" not in {i.code for i in picker.person_items(session, person, day)}
    assert item(session, o.unit).effective_to == day - timedelta(days=1)


@pytest.mark.parametrize("k, message", [
    ("0", "lớn hơn 0"), ("0.50", "từ 0,8 đến 2,0"), ("2.01", "từ 0,8 đến 2,0"), ("1.234", "2 chữ số thập phân"),
])
def test_k_must_be_positive_and_within_the_rule_sets_range(session, k, message):
    o = office(session)
    with pytest.raises(DomainError, match=message):
        drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", k), _today(), "Điều chỉnh")
    assert session.exec(select(CatalogueDraft)).all() == []


def test_the_k_range_comes_from_the_rule_set_data_with_its_reference(session):
    from webapp.evaluations.rulesets import default_ruleset_row, rules_of
    rule = rules_of(default_ruleset_row(session, _today())).coefficient
    assert (rule.low, rule.high) == (Decimal("0.8"), Decimal("2.0")) and "0,8 đến 2,0" in rule.legal_reference


@pytest.mark.parametrize("state", ["closing", "closed"])
def test_no_change_takes_effect_inside_a_closing_or_closed_period(session, state):
    o = office(session)
    day = date(2026, 10, 15)
    month_period(session, o.unit.id, day).state = state
    session.commit()
    with pytest.raises(DomainError, match="không thể thay đổi danh mục trong kỳ này"):
        drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.10"), day, "Điều chỉnh")


def test_an_approval_is_refused_when_the_period_closed_after_the_proposal(session):
    o = office(session)
    day = date(2026, 11, 20)
    batch = drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.10"), day, "Điều chỉnh")
    month_period(session, o.unit.id, day).state = "closing"
    session.commit()
    with pytest.raises(DomainError, match="Chốt số liệu"):
        decisions.approve(session, actor(o.head), batch.id)
    assert session.get(CatalogueDraft, session.exec(select(CatalogueDraft.id)).one()).state == "pending"
    assert item(session, o.unit).coefficient == Decimal("1.00")


def test_a_batch_is_checked_whole_and_nothing_is_written_when_one_proposal_is_bad(session):
    o = office(session)
    proposals = [new_item("SNV-NEW-1"), new_k("SNV-001", "1.10"), new_item("SNV-NEW-2", k="9")]
    with pytest.raises(drafts.ProposalError) as refused:
        drafts.propose_batch(session, actor(o.officer), o.unit, proposals, _today(), "Nhập từ Excel")
    assert refused.value.index == 2 and "Đề xuất thứ 3 (mã SNV-NEW-2)" in refused.value.message
    assert session.exec(select(CatalogueDraft)).all() == []


def test_a_batch_approved_at_once_applies_every_draft_and_audits_each(session):
    o = office(session)
    proposals = [new_item("SNV-NEW-1"), new_k("SNV-001", "1.10"), Proposal(kind="retire", code="SNV-002")]
    batch = drafts.propose_batch(session, actor(o.officer), o.unit, proposals, _today(), "Rà soát năm")
    decided = decisions.approve(session, actor(o.head), batch.id)
    assert [d.state for d in decided] == ["approved"] * 3
    actions = [a for a in session.exec(select(AuditLog.action).where(AuditLog.action.like("catalogue_%"))).all()]
    assert sorted(set(actions)) == ["catalogue_draft_approved", "catalogue_draft_proposed", "catalogue_item_changed",
                                    "catalogue_item_created", "catalogue_item_retired"]
    assert actions.count("catalogue_draft_proposed") == 3 and actions.count("catalogue_draft_approved") == 3


def test_the_audit_of_a_change_keeps_the_values_before_and_after(session):
    o = office(session)
    approved_change(session, o, new_k("SNV-001", "1.10"), _today())
    log = session.exec(select(AuditLog).where(AuditLog.action == "catalogue_item_changed")).one()
    assert (log.before["coefficient"], log.after["coefficient"]) == ("1.00", "1.10")
    assert log.actor_id == o.head.id and log.reason == "Rà soát danh mục"


def test_one_draft_of_a_batch_may_be_approved_and_another_rejected_with_a_reason(session):
    o = office(session)
    proposals = [new_k("SNV-001", "1.10"), new_k("SNV-002", "1.30")]
    batch = drafts.propose_batch(session, actor(o.officer), o.unit, proposals, _today(), "Điều chỉnh")
    first, second = session.exec(select(CatalogueDraft).order_by(CatalogueDraft.id)).all()
    decisions.approve(session, actor(o.head), batch.id, first.id)
    with pytest.raises(DomainError, match="lý do từ chối"):
        decisions.reject(session, actor(o.head), batch.id, "  ", second.id)
    decisions.reject(session, actor(o.head), batch.id, "K chưa có căn cứ", second.id)
    session.refresh(second)
    assert (second.state, second.decision_reason) == ("rejected", "K chưa có căn cứ")
    assert item(session, o.unit, "SNV-002").version == 1


def test_the_officer_withdraws_before_the_decision_and_then_nothing_is_left_to_decide(session):
    o = office(session)
    batch = drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.10"), _today(), "Điều chỉnh")
    decisions.withdraw(session, actor(o.officer), batch.id)
    with pytest.raises(Conflict):
        decisions.approve(session, actor(o.head), batch.id)


@pytest.mark.parametrize("role", ["staff", "head", "manager"])
def test_only_the_officer_or_the_admin_proposes(session, role, make):
    o = office(session)
    account = session.exec(select(type(o.head)).where(type(o.head).unit_id == o.unit.id,
                                                     type(o.head).role == role)).first()
    with pytest.raises(Forbidden):
        drafts.propose(session, actor(account), o.unit, new_k("SNV-001", "1.10"), _today(), "Điều chỉnh")


def test_the_officer_of_another_unit_cannot_propose_and_the_officer_cannot_approve(session):
    o, other = office(session), office(session, "hac-thanh")
    with pytest.raises(Forbidden):
        drafts.propose(session, actor(other.officer, "hac-thanh"), o.unit, new_k("SNV-001", "1.10"), _today(), "x")
    batch = drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.10"), _today(), "Điều chỉnh")
    for decider in (actor(o.officer), actor(other.head, "hac-thanh"), actor(o.staff)):
        with pytest.raises(Forbidden):
            decisions.approve(session, decider, batch.id)


def test_the_admin_may_propose_and_approve_and_leaves_two_audit_records(session):
    o = office(session)
    admin = session.exec(select(type(o.head)).where(type(o.head).role == "admin")).first()
    batch = drafts.propose(session, actor(admin, None), o.unit, new_k("SNV-001", "1.10"), _today(), "Điều chỉnh")
    decisions.approve(session, actor(admin, None), batch.id)
    draft = session.exec(select(CatalogueDraft)).one()
    logs = session.exec(select(AuditLog.action).where(AuditLog.entity == "cataloguedraft",
                                                      AuditLog.entity_id == draft.id, AuditLog.actor_id == admin.id))
    assert sorted(logs.all()) == ["catalogue_draft_approved", "catalogue_draft_proposed"]


@pytest.mark.parametrize("proposal, message", [
    (new_item("SNV-001"), "đã có trong danh mục"),
    (new_item("SNV-NEW-1", positions=("KHONG-CO",)), "Vị trí việc làm không có"),
    (new_item("SNV-NEW-1", task_group="E"), "Nhóm phải là"),
    (new_item("SNV-NEW-1", name="  "), "nhập tên"),
    (new_item("SNV-NEW-1", name="x" * 501), "tối đa 500"),
    (new_item("SNV-NEW-1", standard_hours=Decimal("-1")), "Giờ chuẩn"),
    (Proposal(kind="change", code="KHONG-CO", coefficient=Decimal("1")), "Không tìm thấy"),
    (Proposal(kind="change", code="SNV-001", coefficient=Decimal("1.00")), "không thay đổi giá trị nào"),
    (Proposal(kind="rename", code="SNV-001"), "Loại đề xuất"),
])
def test_a_bad_proposal_gets_a_vietnamese_message_and_writes_nothing(session, proposal, message):
    o = office(session)
    with pytest.raises(DomainError, match=message):
        drafts.propose(session, actor(o.officer), o.unit, proposal, _today(), "Điều chỉnh")
    assert session.exec(select(CatalogueDraft)).all() == []


def test_a_code_with_a_pending_draft_cannot_be_proposed_again(session):
    o = office(session)
    drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.10"), _today(), "Điều chỉnh")
    with pytest.raises(DomainError, match="đang có đề xuất chờ"):
        drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.20"), _today(), "Điều chỉnh")


def test_a_change_dated_before_the_current_version_is_refused(session):
    o = office(session)
    approved_change(session, o, new_k("SNV-001", "1.10"), _today() + timedelta(days=5))
    with pytest.raises(DomainError, match="phiên bản hiện hành"):
        drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.20"), _today(), "Điều chỉnh")


def test_a_change_approved_after_another_change_of_the_same_item_is_refused_as_stale(session):
    o = office(session)
    batch = drafts.propose(session, actor(o.officer), o.unit, new_k("SNV-001", "1.10"), _today(), "Điều chỉnh")
    stale = session.exec(select(CatalogueDraft)).one()
    target = item(session, o.unit)
    target.version = 5  # what another approved change would have done meanwhile
    session.commit()
    with pytest.raises(Conflict, match="đã thay đổi sau khi đề xuất"):
        decisions.approve(session, actor(o.head), batch.id)
    session.refresh(stale)
    assert stale.state == "pending"


def test_seeding_recorded_version_1_of_every_seeded_item(session):
    o = office(session)
    items = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == o.unit.id)).all()
    first = {v.item_id: v for v in session.exec(select(CatalogueItemVersion).where(CatalogueItemVersion.version == 1))}
    assert all(i.id in first and first[i.id].coefficient == i.coefficient for i in items)


def test_the_picker_shows_the_k_an_entry_would_take_on_its_day_before_a_later_change(session):
    o = office(session)
    approved_change(session, o, new_k("SNV-001", "1.50"), _today() + timedelta(days=10))
    person = session.get(Person, o.staff.person_id)
    items = picker.person_items(session, person, _today())
    choices = picker.choose(items, "SNV-001", k=picker.coefficients_on(session, items, _today()))
    target = next(i for i in choices.items if i.code == "SNV-001")
    assert (target.coefficient, choices.coefficient(target)) == (Decimal("1.50"), Decimal("1.00"))


def test_seeding_again_leaves_an_item_changed_in_the_app_as_approved(session):
    from webapp.seeding import load_all

    from ..conftest import SEEDS
    o = office(session)
    approved_change(session, o, new_k("SNV-001", "1.10"), _today())
    load_all(session, SEEDS)
    session.commit()
    target = item(session, o.unit)
    assert (target.coefficient, target.version) == (Decimal("1.10"), 2)
    assert len(versions.history(session, target)) == 2


def test_a_retired_position_is_offered_for_no_new_item(session):
    from webapp.models import JobPosition
    o = office(session)
    position = session.exec(select(JobPosition).where(JobPosition.unit_id == o.unit.id)).first()
    position.active = False
    session.commit()
    with pytest.raises(DomainError, match="đã ngừng sử dụng"):
        drafts.propose(session, actor(o.officer), o.unit, new_item(positions=(position.code,)), _today(), "Mới")
