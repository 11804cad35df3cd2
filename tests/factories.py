"""Test factories: small, explicit rows for the cases the seeds do not cover."""
from datetime import date, datetime, timezone
from decimal import Decimal
from itertools import count

from sqlmodel import Session, select
from werkzeug.security import generate_password_hash

from webapp.evaluations.rulesets import default_ruleset_row
from webapp.models import (Appeal, AuditLog, Bloc, CatalogueItem, DiaryEntry, Division, EvaluationSheet, JobPosition,
                           Level, Period, Person, Unit, UserAccount)
from webapp.org.lines import reset_default_lines
from webapp.periods.service import last_day_of_month
from webapp.worklog.summary import count_approved

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

    def unit(self, bloc: str = "chinhquyen", name: str | None = None, short_name: str | None = None,
             pilot: bool = False) -> Unit:
        """A unit with one division 'pt'."""
        n = next(_seq)
        level = self.session.exec(select(Level)).first()
        unit = self._add(Unit(code=f"test-unit-{n}", name=name or f"Đơn vị thử nghiệm {n}",
                              short_name=short_name or f"Đơn vị {n}", bloc_id=self.bloc(bloc).id, level_id=level.id,
                              username_prefix=f"t{n}", is_pilot=pilot))
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

    def item(self, unit: Unit, k: str = "1.00", code: str | None = None, name: str = "Văn bản thử",
             effective_to: date | None = None) -> CatalogueItem:
        """A catalogue item applying to all positions."""
        return self._add(CatalogueItem(unit_id=unit.id, code=code or f"T-{next(_seq)}", name=name,
                                       unit_of_measure="văn bản", task_group="B", coefficient=Decimal(k),
                                       standard_hours=Decimal("4"), applies_to_all=True,
                                       effective_from=date(2026, 1, 1), effective_to=effective_to))

    def entry(self, person: Person, item: CatalogueItem, day: date, status: str = "approved",
              submitted_at: datetime | None = None, reviewed_at: datetime | None = None) -> DiaryEntry:
        """A diary entry as it stands after its history (sent, approved…); an approved one is counted in the
        summaries, as approval does."""
        entry = self._add(DiaryEntry(person_id=person.id, unit_id=person.unit_id, work_date=day, item_id=item.id,
                                     quantity=Decimal(1), coefficient=item.coefficient, hours=Decimal(2),
                                     status=status, submitted_at=submitted_at, reviewed_at=reviewed_at,
                                     completed_on=day if status == "approved" else None))
        if status == "approved":
            count_approved(self.session, entry)
        return entry

    def returned(self, entry: DiaryEntry, at: datetime) -> AuditLog:
        """The audit record of one return of the entry (what review.return_entry writes)."""
        return self._add(AuditLog(created_at=at, action="diary_entry_returned", entity="diaryentry",
                                  entity_id=entry.id, unit_id=entry.unit_id, reason="Thiếu minh chứng"))

    def login(self, account: UserAccount, at: datetime) -> AuditLog:
        """The audit record of a sign-in (what auth.service.authenticate writes)."""
        return self._add(AuditLog(created_at=at, actor_id=account.id, action="login", entity="useraccount",
                                  entity_id=account.id, unit_id=account.unit_id, after={"username": account.username}))

    def period(self, unit: Unit, month: date, state: str = "open") -> Period:
        """The unit's monthly period of the month."""
        first = month.replace(day=1)
        return self._add(Period(unit_id=unit.id, kind="month", key=f"{first:%Y-%m}", starts_on=first,
                                ends_on=last_day_of_month(first), state=state))

    def sheet(self, person: Person, period: Period, state: str = "approved", band: str = "",
              approved_at: datetime | None = None) -> EvaluationSheet:
        """A person's sheet of the period at a stage, with its band and the head's approval time."""
        rule_set = default_ruleset_row(self.session, period.starts_on)
        return self._add(EvaluationSheet(period_id=period.id, person_id=person.id, unit_id=person.unit_id,
                                         rule_set_id=rule_set.id, state=state, band=band, approved_at=approved_at))

    def appeal(self, sheet: EvaluationSheet, account: UserAccount, answered: bool = False) -> Appeal:
        """An appeal against the sheet, answered or not."""
        return self._add(Appeal(sheet_id=sheet.id, filed_by_id=account.id, text="Đề nghị xem lại điểm tiến độ.",
                                answer="Giữ nguyên kết quả." if answered else "",
                                answered_at=datetime(2026, 11, 10, 2, 0, tzinfo=timezone.utc) if answered else None))
