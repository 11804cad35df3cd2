"""A unit with a year of OKR and planned work, its head, and the organisers of its bloc and of another, for the
agency evaluation tests."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from webapp.auth.actor import Actor
from webapp.models import Person, Unit
from webapp.okr import keyresults, service
from webapp.okr.keyresults import CheckInInput

from .evaluation_data import approved, assign
from .okr_data import kr_input

YEAR = 2026


@dataclass
class AgencyTeam:
    """The unit, its head and a staff member, the superior level and a stranger to the unit."""

    unit: Unit
    head: Actor
    staff: Actor
    organiser: Actor
    other_organiser: Actor
    admin: Actor


def agency_team(make) -> AgencyTeam:
    """A government-bloc unit, its head and one staff member; the government and Party blocs' organisers."""
    unit = make.unit("chinhquyen", name="Sở Thử nghiệm Đánh giá")
    _, head = make.person(unit, "head")
    _, staff = make.person(unit)
    organiser, other = make.organiser("chinhquyen"), make.organiser("dang")
    admin = make.organiser("chinhquyen")
    admin.role, admin.bloc_id = "admin", None
    make.session.flush()
    return AgencyTeam(unit, *(Actor.from_account(a) for a in (head, staff, organiser, other, admin)))


def year_of_work(session, make, t: AgencyTeam, done: str = "3", okr_value: str = "8") -> None:
    """Assigned 4 × K 1,5 = 6 with a deadline in the year, done `done` × 1,5; a year objective at okr_value / 10."""
    person = session.get(Person, t.staff.person_id)
    item = make.item(t.unit, "1.50")
    assignment = assign(session, person, item, "4", date(YEAR, 6, 30))
    approved(session, person, item, done, date(YEAR, 6, 20), assignment)
    objective = service.create_objective(session, t.head, "unit", f"Năm {YEAR}", "Hoàn thành kế hoạch năm",
                                         t.organiser.account_id)
    key_result = keyresults.add_key_result(session, t.head, objective.id, kr_input("checkin", "100", target="10"))
    service.agree(session, t.organiser, objective.id)
    keyresults.check_in(session, t.head, key_result.id, CheckInInput("on_track", Decimal(okr_value),
                                                                     evidence_doc_number="01/BC"))


def scores(*values: str) -> dict[str, Decimal]:
    """Scores of CQ.1 … CQ.5."""
    return {f"CQ.{n}": Decimal(v) for n, v in enumerate(values, start=1)}


def form(*values: str, **extra) -> dict:
    """The criteria as typed in the page's form (Vietnamese decimals)."""
    return {**{f"c_CQ_{n}": v for n, v in enumerate(values, start=1)}, **extra}
