"""Test factories: small, explicit rows for the cases the seeds do not cover."""
from datetime import date
from decimal import Decimal
from itertools import count

from sqlmodel import Session, select
from werkzeug.security import generate_password_hash

from webapp.models import Bloc, CatalogueItem, Division, JobPosition, Level, Person, Unit, UserAccount
from webapp.org.lines import reset_default_lines

PASSWORD = "Demo@2026"
_HASH = generate_password_hash(PASSWORD, method="scrypt")
_seq = count(1)


class Factory:
    """make.unit(), make.person(), make.account() … flushed, not committed."""

    def __init__(self, session: Session):
        self.session = session

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def bloc(self, code: str) -> Bloc:
        """An existing bloc by code."""
        return self.session.exec(select(Bloc).where(Bloc.code == code)).one()

    def unit(self, bloc: str = "chinhquyen", name: str | None = None) -> Unit:
        """A unit with one division 'pt'."""
        n = next(_seq)
        level = self.session.exec(select(Level)).first()
        unit = self._add(Unit(code=f"test-unit-{n}", name=name or f"Đơn vị thử nghiệm {n}",
                              short_name=f"Đơn vị {n}", bloc_id=self.bloc(bloc).id, level_id=level.id,
                              username_prefix=f"t{n}"))
        self._add(Division(unit_id=unit.id, code="pt", name="Phòng Tổng hợp"))
        return unit

    def division(self, unit: Unit, code: str = "pt") -> Division:
        """A unit's division by code."""
        return self.session.exec(select(Division).where(Division.unit_id == unit.id, Division.code == code)).one()

    def position(self, unit: Unit, group: str = "professional") -> JobPosition:
        """A job position."""
        n = next(_seq)
        return self._add(JobPosition(unit_id=unit.id, code=f"VT-{n}", name=f"Chuyên viên {n}", position_group=group))

    def person(self, unit: Unit, role: str = "staff", division: Division | None = None,
               username: str | None = None) -> tuple[Person, UserAccount]:
        """A person with an account of the given role."""
        n = next(_seq)
        division = division or self.division(unit)
        position = self.position(unit, "leadership" if role in {"head", "manager"} else "professional")
        person = self._add(Person(unit_id=unit.id, division_id=division.id, position_id=position.id,
                                  full_name=f"Người Thử {n}", title="Chuyên viên",
                                  is_leader=role in {"head", "manager"}))
        account = self._add(UserAccount(username=username or f"test.{n}", password_hash=_HASH, role=role,
                                        person_id=person.id, unit_id=unit.id, division_id=division.id,
                                        display_name=person.full_name))
        reset_default_lines(self.session, unit.id)  # as the staff services do after adding someone
        return person, account

    def organiser(self, bloc: str, username: str | None = None) -> UserAccount:
        """A province organiser of a bloc."""
        return self._add(UserAccount(username=username or f"test.org.{next(_seq)}", password_hash=_HASH,
                                     role="organiser", bloc_id=self.bloc(bloc).id, display_name="Tổ chức"))

    def item(self, unit: Unit, k: str = "1.00", code: str | None = None, name: str = "Văn bản thử") -> CatalogueItem:
        """A catalogue item applying to all positions."""
        return self._add(CatalogueItem(unit_id=unit.id, code=code or f"T-{next(_seq)}", name=name,
                                       unit_of_measure="văn bản", task_group="B", coefficient=Decimal(k),
                                       standard_hours=Decimal("4"), applies_to_all=True,
                                       effective_from=date(2026, 1, 1)))
