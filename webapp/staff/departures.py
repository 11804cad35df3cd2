"""End of service on its date: a person entered with a future end date (ngày thôi việc) stays at work until that
day comes; then their record leaves the unit's lists, their account is locked, its sessions end and its reset links
die, and the reporting lines of the unit are worked out again. Run by the worker's sweep every minute and by
`flask staff-departures` (cron); a second run changes nothing."""
import click
from flask import Blueprint
from sqlmodel import Session, select

from ..audit import record
from ..clock import local_today
from ..db import new_session
from ..models import Person, UserAccount
from ..org.lines import reset_default_lines
from .service import account_follows_person

bp = Blueprint("staff_departures", __name__, cli_group=None)


def end_due_services(session: Session, today=None) -> int:
    """Everyone still active whose end date has come leaves (audited as the system); how many; one commit."""
    today = today or local_today()
    due = session.exec(select(Person).where(Person.active, Person.left_on.is_not(None), Person.left_on <= today)
                       .with_for_update(skip_locked=True)).all()  # a person being edited right now: next pass
    for person in due:
        person.active = False
        record(session, None, "person_service_ended", person, {"active": True},
               {"active": False, "left_on": person.left_on.isoformat()})
        account = session.exec(select(UserAccount).where(UserAccount.person_id == person.id).with_for_update()).first()
        if account:
            account_follows_person(session, None, person, account)
    for unit_id in sorted({person.unit_id for person in due}):
        reset_default_lines(session, unit_id)
    session.commit()
    return len(due)


@bp.cli.command("staff-departures")
def departures_command() -> None:
    """Cho thôi việc những người đã đến ngày thôi việc: khóa tài khoản, kết thúc phiên đăng nhập."""
    with new_session() as session:
        ended = end_due_services(session)
    click.echo(f"Đã ghi thôi việc cho {ended} người đến ngày thôi việc.")
