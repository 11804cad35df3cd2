"""Two pilot units side by side in October 2026 (22 working days, no holiday), every figure worked out by hand in
the comments; the seeded pilot units stop being pilot units for the test (its transaction is rolled back)."""
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import update

from webapp.models import Unit, UserAccount

UTC = timezone.utc
OCTOBER = date(2026, 10, 1)
CREATED = datetime(2026, 8, 1, tzinfo=UTC)


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment of 2026 in UTC (local time is 7 hours ahead)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Pilot:
    """The two units and the accounts the tests sign in with."""

    ward: Unit
    department: Unit
    ward_staff: UserAccount


def _people(make, unit, count: int, roles=("staff",)):
    """count people of the unit with accounts created before the span."""
    made = []
    for index in range(count):
        person, account = make.person(unit, roles[index] if index < len(roles) else "staff")
        account.created_at = CREATED
        made.append((person, account))
    return made


def pilot_units(session, make) -> Pilot:
    """Phường Quảng Hưng (3 people) and Sở Tài nguyên và Môi trường (1 person), as below."""
    session.execute(update(Unit).values(is_pilot=False))
    ward = make.unit(name="Ủy ban nhân dân phường Quảng Hưng", short_name="Phường Quảng Hưng", pilot=True)
    department = make.unit(name="Sở Tài nguyên và Môi trường tỉnh Thanh Hóa", short_name="Sở Tài nguyên và Môi trường",
                           pilot=True)
    staff = _ward(session, make, ward)
    _department(make, department)
    session.flush()
    return Pilot(ward, department, staff)


def _ward(session, make, ward) -> UserAccount:
    """3 accounts, 2 of them signed in within October (local time); 22 + 22 + 12 working days in post (Linh starts
    15/10); diaries on 3 of them; 5 entries kept, 4 sent, 3 approved after 2 h, 24 h and 78 h; 3 returns of 2
    entries; 3 sheets, 2 approved (1 by 31/10 local), bands tốt and xuất sắc; 2 appeals, 1 answered; 4 items in
    force, 2 unused (one only sent, never approved), one retired before October."""
    (an, an_account), (linh, linh_account), (boss, boss_account) = _people(make, ward, 3, ("staff", "staff", "manager"))
    linh.started_on = date(2026, 10, 15)
    make.login(an_account, utc(10, 5, 2))
    make.login(an_account, utc(10, 20, 2))
    make.login(linh_account, utc(9, 30, 16, 30))  # 30/09 23:30 local: before the span
    make.login(boss_account, utc(9, 30, 17, 30))  # 01/10 00:30 local: within it
    used, once, never, sent_only = (make.item(ward, code=f"QH-00{n}", name=name) for n, name in (
        (1, "Văn bản hành chính"), (2, "Hồ sơ một cửa"), (3, "Báo cáo chuyên đề"), (4, "Biên bản kiểm tra")))
    make.item(ward, code="QH-009", name="Mục đã bãi bỏ", effective_to=date(2026, 9, 30))
    make.entry(an, used, date(2026, 10, 1), submitted_at=utc(10, 1, 8), reviewed_at=utc(10, 1, 10))  # 2 h
    make.entry(an, used, date(2026, 10, 1), submitted_at=utc(10, 1, 8), reviewed_at=utc(10, 2, 8))  # 24 h
    third = make.entry(an, once, date(2026, 10, 2), submitted_at=utc(10, 2, 8), reviewed_at=utc(10, 5, 14))  # 78 h
    make.returned(third, utc(10, 2, 9))
    make.returned(third, utc(10, 3, 9))
    saturday = make.entry(an, sent_only, date(2026, 10, 3), status="submitted", submitted_at=utc(10, 4, 1))
    make.returned(saturday, utc(10, 4, 0))
    make.entry(linh, used, date(2026, 10, 15), status="draft")
    make.entry(an, used, date(2026, 9, 30), submitted_at=utc(9, 30, 8), reviewed_at=utc(9, 30, 9))  # other month
    make.entry(an, used, date(2026, 11, 2), status="draft")  # other month
    period = make.period(ward, OCTOBER, "closing")
    make.sheet(an, period, band="tot", approved_at=utc(10, 31, 16))  # 31/10 23:00 local: on time
    late = make.sheet(linh, period, band="xuat_sac", approved_at=utc(11, 1, 1))  # 01/11 08:00 local: late
    make.sheet(boss, period, state="reviewed")
    make.appeal(late, linh_account, answered=True)
    make.appeal(late, linh_account)
    session.flush()
    return an_account


def _department(make, department) -> None:
    """1 account never signed in; 1 diary day of 22; 1 entry approved 30 minutes after it was sent; 2 items, 1
    used; no sheet."""
    ((person, _account),) = _people(make, department, 1)
    used = make.item(department, code="TN-001", name="Thẩm định hồ sơ đất đai")
    make.item(department, code="TN-002", name="Kiểm tra môi trường")
    make.entry(person, used, date(2026, 10, 5), submitted_at=utc(10, 5, 1), reviewed_at=utc(10, 5, 1, 30))
