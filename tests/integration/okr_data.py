"""A unit with its head, a division manager, two staff and an organiser of its bloc, for the OKR tests."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from webapp.auth.actor import Actor
from webapp.models import CatalogueItem, DiaryEntry, Person, Unit, UserAccount
from webapp.okr import keyresults, service
from webapp.okr.keyresults import KeyResultInput
from webapp.worklog.summary import count_approved


@dataclass
class OkrTeam:
    """Who sets and reviews objectives in one unit, and two catalogue items."""

    unit: Unit
    head: Actor
    manager: Actor
    staff: Actor
    other: Actor
    organiser: Actor
    person: Person
    other_person: Person
    item: CatalogueItem
    other_item: CatalogueItem


def okr_team(make) -> OkrTeam:
    """The unit's people (staff and other in the manager's division) and items K 1,5 and K 1."""
    unit = make.unit()
    _, head = make.person(unit, "head")
    _, manager = make.person(unit, "manager")
    person, staff = make.person(unit)
    other_person, other = make.person(unit)
    organiser = make.organiser("chinhquyen")
    return OkrTeam(unit, *(Actor.from_account(a) for a in (head, manager, staff, other, organiser)), person,
                   other_person, make.item(unit, "1.50"), make.item(unit, "1.00"))


def unit_objective(session, t: OkrTeam, period: str = "Quý 4/2026", title: str = "Nâng cao chất lượng tham mưu"):
    """A unit objective of the head, reviewed by the organiser."""
    return service.create_objective(session, t.head, "unit", period, title, t.organiser.account_id)


def division_objective(session, t: OkrTeam, period: str = "Quý 4/2026"):
    """A division objective of the manager, reviewed by the head."""
    return service.create_objective(session, t.manager, "division", period, "Phòng hoàn thành kế hoạch quý",
                                    t.head.account_id)


def person_objective(session, t: OkrTeam, period: str = "Quý 4/2026"):
    """The staff member's own objective, reviewed by their manager."""
    return service.create_objective(session, t.staff, "person", period, "Hoàn thành hồ sơ đúng hạn",
                                    t.manager.account_id)


def kr_input(measured_by: str = "items", weight: str = "60", baseline: str = "0", target: str = "20",
             allow_over: bool = False) -> KeyResultInput:
    """A key result as typed."""
    return KeyResultInput(title=f"KR {measured_by} {weight}", baseline=Decimal(baseline), target=Decimal(target),
                          weight=Decimal(weight), measured_by=measured_by, measure_unit="văn bản",
                          allow_over=allow_over)


def items_key_result(session, actor: Actor, objective, item: CatalogueItem, weight: str = "60", target: str = "20"):
    """A key result measured from work on one item."""
    key_result = keyresults.add_key_result(session, actor, objective.id, kr_input("items", weight, target=target))
    keyresults.link_item(session, actor, key_result.id, item.id)
    return key_result


def entry(session, person: Person, item: CatalogueItem, quantity: str, day: date, status: str = "approved",
          k: str | None = None) -> DiaryEntry:
    """A diary entry in a given status, with the item's K (or another K, frozen earlier)."""
    row = DiaryEntry(person_id=person.id, unit_id=person.unit_id, work_date=day, item_id=item.id,
                     quantity=Decimal(quantity), coefficient=Decimal(k) if k else item.coefficient,
                     hours=Decimal("1"), status=status)
    session.add(row)
    session.flush()
    if status == "approved":
        count_approved(session, row)  # what approval does
    return row


def account(session, actor: Actor) -> UserAccount:
    """The actor's account row."""
    return session.get(UserAccount, actor.account_id)
