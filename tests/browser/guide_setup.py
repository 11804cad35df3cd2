"""What the guide's OKR and catalogue pictures show in Phường Đông Sơn, made through the real services: the
province's and the bloc's objectives, the unit's (two key results), a division's aligned to it, a person's
aligned to that, some check-ins, and a catalogue change waiting for the head."""
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from webapp.auth.actor import Actor
from webapp.catalog.drafts import Proposal, propose
from webapp.clock import local_today
from webapp.models import Unit, UserAccount
from webapp.okr import keyresults, service
from webapp.okr.keyresults import CheckInInput, KeyResultInput


@dataclass(frozen=True)
class OkrIds:
    """The objectives the walks open."""

    unit: int
    division: int
    person: int
    period: str  # "Quý 4/2026"


def _result(session, actor, objective_id, title, target, weight, measured_by="checkin", unit_of_measure="báo cáo"):
    """A key result with a zero baseline."""
    data = KeyResultInput(title, Decimal(0), Decimal(target), Decimal(weight), measured_by, unit_of_measure)
    return keyresults.add_key_result(session, actor, objective_id, data)


def _check_in(session, actor, key_result_id, value, confidence, document):
    """A check-in with a document as evidence."""
    data = CheckInInput(confidence, Decimal(value), "Theo báo cáo tháng", document, local_today())
    keyresults.check_in(session, actor, key_result_id, data)


def _objective(session, actor, level, period, title, reviewer, supports=None):
    """An objective, aligned to the one above when given."""
    objective = service.create_objective(session, actor, level, period, title, reviewer.id)
    if supports:
        service.align(session, actor, objective.id, supports)
    return objective.id


def make_okr(session: Session, unit: Unit, head, manager, staff, item_id: int) -> OkrIds:
    """The province → bloc → unit → division → person branch of this quarter, some of it agreed."""
    today = local_today()
    period = f"Quý {(today.month - 1) // 3 + 1}/{today.year}"
    organiser = session.exec(select(UserAccount).where(UserAccount.role == "organiser",
                                                       UserAccount.bloc_id == unit.bloc_id)).first()
    admin = session.exec(select(UserAccount).where(UserAccount.role == "admin")).first()
    by = {account.id: Actor.from_account(account, unit.code if account.unit_id else None)
          for account in (organiser, admin, head, manager, staff)}
    province = _objective(session, by[organiser.id], "province", period,
                          "Nâng cao chỉ số cải cách hành chính của tỉnh", admin)
    bloc = _objective(session, by[organiser.id], "bloc", period,
                      "Giải quyết thủ tục hành chính đúng hạn ở mọi cơ quan, đơn vị", admin, province)
    for objective_id, title, value in ((province, "Thủ tục hành chính được số hóa hồ sơ", 35),
                                       (bloc, "Cơ quan, đơn vị không có hồ sơ trễ hạn", 45)):
        result = _result(session, by[organiser.id], objective_id, title, 100, 100, unit_of_measure="%")
        _check_in(session, by[organiser.id], result.id, value, "at_risk", "18/BC-SNV")
    unit_id = _objective(session, by[head.id], "unit", period,
                         "Phường Đông Sơn giải quyết văn bản, hồ sơ đúng hạn", organiser, bloc)
    from_work = _result(session, by[head.id], unit_id, "Công văn, thông báo ban hành đúng hạn", 40, 60, "items",
                        "văn bản")
    keyresults.link_item(session, by[head.id], from_work.id, item_id)
    report = _result(session, by[head.id], unit_id, "Báo cáo chuyên đề cải cách hành chính", 4, 40)
    _check_in(session, by[head.id], report.id, 2, "on_track", "45/BC-UBND")
    service.agree(session, by[organiser.id], unit_id)
    division_id = _objective(session, by[manager.id], "division", period,
                             "Văn phòng trả lời kiến nghị của cử tri đúng hạn", head, unit_id)
    _result(session, by[manager.id], division_id, "Kiến nghị được trả lời đúng hạn", 30, 50,
            unit_of_measure="kiến nghị")
    _result(session, by[manager.id], division_id, "Báo cáo tổng hợp kiến nghị gửi HĐND", 3, 50)
    service.agree(session, by[head.id], division_id)
    person_id = _objective(session, by[staff.id], "person", period,
                           "Trả lời kiến nghị của cử tri thuộc lĩnh vực được giao", manager, division_id)
    mine = _result(session, by[staff.id], person_id, "Công văn trả lời kiến nghị", 12, 100, unit_of_measure="công văn")
    _check_in(session, by[staff.id], mine.id, 5, "on_track", "130/UBND-VP")
    return OkrIds(unit_id, division_id, person_id, period)


def propose_change(session: Session, unit: Unit, personnel) -> None:
    """The officer proposes a new K for DS-002; the head's page "Duyệt thay đổi danh mục" shows it pending."""
    proposal = Proposal("change", "DS-002", coefficient=Decimal("1.60"), standard_hours=Decimal("5.5"))
    propose(session, Actor.from_account(personnel, unit.code), unit, proposal, local_today(),
            "Hội nghị giao ban mở rộng, thêm thời gian chuẩn bị tài liệu")
