"""Dismissing a reminder, and the `flask remind` command the daily job runs."""
import click
from flask import Blueprint, render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session, new_session
from ..formatting import vn_date
from ..htmx import is_partial, redirect_to
from ..models import Person
from ..worklog.service import window
from . import service

bp = Blueprint("reminders", __name__, cli_group=None)


@bp.post("/reminders/<int:reminder_id>/dismiss")
@login_required
def dismiss(reminder_id: int):
    """Ẩn lời nhắc (the person was away that day): htmx gets the remaining days without a diary."""
    session = get_session()
    reminder = service.dismiss(session, current_user, reminder_id)
    if not is_partial():
        return redirect_to(url_for("home.index"))
    person = session.get(Person, reminder.person_id)
    return render_template("reminders/_reminders.html", days=service.days_without_diary(session, person, window()))


@bp.cli.command("remind")
@click.option("--date", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Ngày chạy (yyyy-mm-dd), mặc định hôm nay; nhắc cho ngày làm việc liền trước.")
def remind_command(today) -> None:
    """Nhắc những người chưa ghi nhật ký ngày làm việc liền trước (chạy hằng ngày; chạy lại không nhắc trùng)."""
    with new_session() as session:
        day, added = service.remind(session, today.date() if today else None)
    click.echo(f"Đã tạo {added} lời nhắc chưa ghi nhật ký ngày {vn_date(day)}.")

