"""Nhật ký công việc (staff) and Duyệt nhật ký (managers), with htmx fragments."""
from datetime import date, timedelta

from flask import Blueprint, flash, make_response, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from ..auth.scope import require_role
from ..catalog import picker
from ..clock import local_today
from ..db import get_session
from ..errors import DomainError
from ..formatting import parse_vn_date
from ..forms import apply_form, bind, db_int
from ..htmx import is_partial, redirect_to, render
from ..once import AlreadySent, new_token
from ..reminders.service import missing_for
from . import approval_queue, evidence, queries, review, service, suggestions
from .forms import ApproveForm, EntryForm, ReturnForm, SubmitForm, VersionForm, parse_selection

bp = Blueprint("worklog", __name__)
bp.add_app_template_filter(evidence.display_name, "file_name")  # evidence names as shown


# --- the staff member's diary ---------------------------------------------------------------------


@bp.get("/diary")
@login_required
def diary():
    """Nhật ký công việc: one day (?day=yyyy-mm-dd) or its week (&week=1)."""
    day = _day_arg()
    return _week_page(day) if request.args.get("week") else _day_page(day, _new_form(day))


@bp.post("/diary/entries")
@login_required
def add():
    """Thêm mục nhật ký: htmx gets the new row and the totals; the form clears itself."""
    form = bind(EntryForm)
    try:
        saved = apply_form(form, lambda: service.add(get_session(), current_user, form.to_input()))
    except AlreadySent:
        if is_partial():
            raise  # the row is on the page already: only the message is shown
        return redirect_to(url_for(".diary", day=form.work_date.data.isoformat()))
    if saved is None:
        return _invalid_new_form(form)
    return _saved(saved, next_form_token=new_token())


@bp.get("/diary/entries/<int:entry_id>")
@login_required
def entry_row(entry_id: int):
    """One row of the diary (to cancel an edit)."""
    row = queries.own_entry(get_session(), current_user, entry_id)
    return render_template("worklog/_entry_row.html", row=row)


@bp.get("/diary/entries/<int:entry_id>/edit")
@login_required
def edit(entry_id: int):
    """The row turned into its edit form."""
    row = queries.own_entry(get_session(), current_user, entry_id)
    return _edit_row(row, EntryForm(obj=row.entry))


@bp.post("/diary/entries/<int:entry_id>")
@login_required
def update(entry_id: int):
    """Sửa mục nhật ký (nháp hoặc bị trả lại)."""
    form = bind(EntryForm)
    saved = apply_form(form, lambda: service.change(
        get_session(), current_user, entry_id, form.version.data or 0, form.to_input()))
    if saved is None:
        return _edit_row(queries.own_entry(get_session(), current_user, entry_id), form, 422)
    return _saved(saved)


@bp.post("/diary/entries/<int:entry_id>/delete")
@login_required
def delete(entry_id: int):
    """Xóa mục nhật ký: the row goes, the totals follow."""
    form = bind(VersionForm)
    entry = apply_form(form, lambda: service.delete_entry(get_session(), current_user, entry_id, form.version.data))
    if entry is None:
        raise DomainError("Thiếu phiên bản của mục nhật ký. Vui lòng tải lại trang.")
    if not is_partial():
        return redirect_to(url_for(".diary", day=entry.work_date.isoformat()))
    session = get_session()
    totals = queries.day_totals(session, service.author_of(session, current_user), entry.work_date)
    return render_template("worklog/_entry_deleted.html", view=totals)


@bp.post("/diary/submit")
@login_required
def submit():
    """Gửi duyệt a day (htmx: rows and totals in place) or a week; either way a message says what was sent."""
    form = bind(SubmitForm)
    if not form.validate():
        raise DomainError("Ngày gửi duyệt không hợp lệ.")
    verb = service.submit_week if form.week.data else service.submit_day
    message = sent_message(verb(get_session(), current_user, form.day.data), form.day.data, bool(form.week.data))
    if form.week.data or not is_partial():
        flash(message)
        return redirect_to(url_for(".diary", day=form.day.data.isoformat(), **({"week": 1} if form.week.data else {})))
    return render_template("worklog/_day_submitted.html", message=message,
                           view=queries.own_day(get_session(), current_user, form.day.data))


def sent_message(entries, day: date, week: bool) -> str:
    """“Đã gửi duyệt 3 mục nhật ký ngày Thứ Ba, 01/12/2026.” or the week's, with its days."""
    if not week:
        return f"Đã gửi duyệt {len(entries)} mục nhật ký ngày {queries.WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}."
    start, end = queries.week_of(day)
    days = ", ".join(f"{d:%d/%m}" for d in sorted({e.work_date for e in entries}))
    return (f"Đã gửi duyệt {len(entries)} mục nhật ký tuần {start:%d/%m} – {end:%d/%m/%Y} "
            f"(các ngày {days}).")


@bp.get("/evidence/<int:file_id>")
@login_required
def evidence_file(file_id: int):
    """Tải tệp minh chứng: only for the author, their manager or head, the unit's personnel officer."""
    row = evidence.readable(get_session(), current_user, file_id)
    response = send_file(evidence.path_of(row), mimetype=row.content_type, as_attachment=True,
                         download_name=evidence.display_name(row.original_name), max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _day_arg() -> date:
    """?day=dd/mm/yyyy (or yyyy-mm-dd from links), default today."""
    return parse_vn_date(request.args.get("day")) or local_today()


def _week_page(day: date):
    """The week view: each day's entries and totals, and the week's."""
    start, end = queries.week_of(day)
    days = queries.own_days(get_session(), current_user, start, end)
    totals = queries.totals_of([row for d in days for row in d.rows])
    return render_template("worklog/week.html", day=day, days=days, totals=totals,
                           prev_week=start - timedelta(days=7), next_week=start + timedelta(days=7))


def _new_form(day: date) -> EntryForm:
    """An empty add form for the day."""
    return EntryForm(data={"work_date": day})


def _day_page(day: date, form: EntryForm, status: int = 200):
    """The day view with its add form."""
    session = get_session()
    person = service.author_of(session, current_user)
    return make_response(render_template(
        "worklog/diary.html", form=form, **_form_context(session, person, day, form.item_id.data),
        view=queries.own_day(session, current_user, day), today=local_today(),
        notice=queries.day_notice(session, person, day, service.window()),
        suggestions=suggestions.pending_for(session, current_user),
        prev_day=day - timedelta(days=1), next_day=day + timedelta(days=1)), status)


def _form_context(session, person, day: date, item_id: int | None = None) -> dict:
    """What the entry form offers: the item picker's choices (item_id chosen) and open assignments."""
    items = picker.person_items(session, person, day)
    return {"day": day, "items": picker.choose(items, selected=item_id, k=picker.coefficients_on(session, items, day)),
            "assignments": queries.open_assignments(session, person)}


def _invalid_new_form(form: EntryForm):
    """Re-render the add form with its errors (422); htmx swaps it in place of the form."""
    day = form.work_date.data or local_today()
    if not is_partial():
        return _day_page(day, form, 422)
    session = get_session()
    html = render_template("worklog/_entry_form.html", form=form,
                           **_form_context(session, service.author_of(session, current_user), day, form.item_id.data))
    return html, 422, {"HX-Retarget": "#entry-form", "HX-Reswap": "outerHTML"}


def _edit_row(row, form: EntryForm, status: int = 200):
    """The edit row of one entry."""
    session = get_session()
    context = _form_context(session, service.author_of(session, current_user), row.entry.work_date, form.item_id.data)
    return render_template("worklog/_entry_edit.html", row=row, form=form, **context), status


def _saved(saved: service.Saved, next_form_token: str | None = None):
    """After add or update: the row and the day's totals (out of band), from what the service saved;
    after an add, the form's next token too."""
    if not is_partial():
        return redirect_to(url_for(".diary", day=saved.entry.work_date.isoformat()))
    # The add form clears itself on success (see _entry_form.html): re-rendering it with the unit's
    # item list cost a query and a third of the response time.
    row = queries.EntryView(saved.entry, saved.item, saved.assignment, saved.evidence)
    return render_template("worklog/_entry_saved.html", row=row, view=saved.day, next_form_token=next_form_token)


# --- the manager's queue --------------------------------------------------------------------------


@bp.get("/approvals")
@login_required
def approvals():
    """Duyệt nhật ký: a page of person/day groups of compact rows; htmx filters and pages get only the rows."""
    require_role(current_user, *review.REVIEWERS)
    session, flt = get_session(), _queue_filter(request.args)
    return render("worklog/approvals.html", "worklog/_approval_rows.html", filter=flt,
                  queue=approval_queue.queue_page(session, current_user, **flt),
                  people=queries.managed_people(session, current_user),
                  missing=missing_for(session, current_user) if not is_partial() else None)


@bp.get("/approvals/<int:entry_id>")
@login_required
def approval_entry(entry_id: int):
    """One waiting entry opened: its details and the approve/return forms (?compact=1: the compact row)."""
    row = queries.queue_row(get_session(), current_user, entry_id)
    if request.args.get("compact"):
        return render_template("worklog/_approval_row.html", row=row)
    return render("worklog/approval_entry.html", "worklog/_approval_detail.html", row=row)


@bp.post("/approvals/<int:entry_id>/approve")
@login_required
def approve(entry_id: int):
    """Duyệt one entry with its quality and timeliness record."""
    form = bind(ApproveForm)
    entry = apply_form(form, lambda: review.approve_entry(
        get_session(), current_user, entry_id, form.version.data, **form.decision()))
    if entry is None:
        return _invalid_row(entry_id, approve_form=form)
    return _reviewed(f"Đã duyệt mục nhật ký ngày {entry.work_date:%d/%m/%Y}.", entry)


@bp.post("/approvals/<int:entry_id>/return")
@login_required
def return_(entry_id: int):
    """Trả lại one entry with a required reason."""
    form = bind(ReturnForm)
    entry = apply_form(form, lambda: review.return_entry(
        get_session(), current_user, entry_id, form.version.data, form.reason.data))
    if entry is None:
        return _invalid_row(entry_id, return_form=form)
    return _reviewed(f"Đã trả lại mục nhật ký ngày {entry.work_date:%d/%m/%Y} kèm lý do.", entry)


@bp.post("/approvals/bulk")
@login_required
def bulk():
    """Duyệt the checked rows (or a person's day) at once (no errors, on time); the page is re-read."""
    result = review.approve_entries(get_session(), current_user, parse_selection(request.form.getlist("selected")))
    message = f"Đã duyệt {len(result.approved)} mục nhật ký."
    if result.refused:
        message += " Không duyệt được: " + "; ".join(f"mục {i}: {m}" for i, m in result.refused)
    return _reviewed(message, error=bool(result.refused))


def _queue_filter(args) -> dict:
    """Person and date filters of the queue, and the page."""
    return {"person_id": args.get("person", type=db_int), "day": parse_vn_date(args.get("day")),
            "page": args.get("page", 1, type=db_int)}


def _invalid_row(entry_id: int, **forms):
    """The opened queue row again with its form's errors (422)."""
    row = queries.queue_row(get_session(), current_user, entry_id)
    return render_template("worklog/_approval_detail.html", row=row, **forms), 422


def _reviewed(message: str, entry=None, error: bool = False):
    """After a decision: the row disappears (bulk: the page is re-read); the counter, the group's header
    and a message update out of band."""
    if not is_partial():
        return redirect_to(url_for(".approvals"))
    session, flt = get_session(), _queue_filter(request.form)
    group = approval_queue.queue_group(session, current_user, entry.person_id, entry.work_date) if entry else None
    return render_template(
        "worklog/_reviewed.html", message=message, error=error, filter=flt, group=group,
        group_key=f"{entry.person_id}-{entry.work_date:%Y%m%d}" if entry else None,
        queue=None if entry else approval_queue.queue_page(session, current_user, **flt),
        pending=queries.pending_count(session, current_user))


def pending_approvals() -> int:
    """How many entries wait for the signed-in reviewer (the nav badge; queried only where it shows)."""
    return queries.pending_count(get_session(), current_user)


@bp.record_once
def _template_globals(state) -> None:
    """Status labels and the nav badge as template globals, so that imported macros see them without
    `with context` (which makes Jinja re-run the macro module for every row)."""
    state.app.jinja_env.globals.update(status_labels=service.STATUS_LABELS, pending_approvals=pending_approvals)
from . import suggestion_views  # noqa: E402,F401  (its routes join the blueprint)
