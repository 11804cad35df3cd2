"""The rules of applying each list: retiring staff and items (never deleting), frameworks, the division tree, the
database checked again at confirmation, and a real RQ worker taking the job through its states."""
import io
import os

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from webapp.lists import service
from webapp.models import CatalogueDraft, Competency, Division, ImportJob, JobPosition, Person, UserAccount

from .lists_data import confirm, import_file, officer, unit_of, xlsx


def _exported(session, actor, unit, kind: str, change) -> bytes:
    """The unit's export of a list, changed by change(ws)."""
    wb = load_workbook(io.BytesIO(service.workbook(session, actor, unit, kind, True)[0]))
    change(wb[service.LISTS[kind].sheet])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_person_missing_from_the_file_is_retired_with_an_end_date_and_a_locked_account_never_deleted(session):
    actor, unit = officer(session), unit_of(session)
    content = _exported(session, actor, unit, "staff", lambda ws: ws.delete_rows(ws.max_row))
    job = import_file(session, actor, unit, "staff", content)
    assert job.preview["counts"]["retired"] == 1
    retired_id = job.preview["retired"][0]["key"]
    job = confirm(session, actor, job)
    person = session.exec(select(Person).where(Person.national_id == retired_id)).one()
    assert not person.active and person.left_on is not None
    account = session.exec(select(UserAccount).where(UserAccount.person_id == person.id)).one()
    assert not account.active
    again = import_file(session, actor, unit, "staff", content)
    assert again.preview["counts"] == {"added": 0, "changed": 0, "retired": 0, "kept": 0}


def test_a_framework_changed_in_the_file_replaces_the_positions_competencies(session):
    actor, unit = officer(session), unit_of(session)

    def change(ws):
        ws["F2"] = 1
        ws.append(["VT-MOI", "Vị trí mới", "Hỗ trợ, phục vụ", "", "", None])
    job = confirm(session, actor, import_file(session, actor, unit, "positions", _exported(session, actor, unit,
                                                                                           "positions", change)))
    assert job.status == "done" and job.result["added"] == 1 and job.result["changed"] == 1
    first = session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id).order_by(JobPosition.code)).first()
    levels = [c.required_level for c in session.exec(select(Competency).where(Competency.position_id == first.id)
                                                      .order_by(Competency.sort_order))]
    assert levels[0] == 1
    new = session.exec(select(JobPosition).where(JobPosition.code == "VT-MOI")).one()
    assert new.position_group == "support"


def test_positions_whose_repeated_columns_disagree_or_whose_level_is_missing_are_refused(session):
    actor, unit = officer(session), unit_of(session)
    rows = [["VT-1", "Vị trí", "Hỗ trợ, phục vụ", "", "Giao tiếp", 3], ["VT-1", "Vị trí khác", "Hỗ trợ, phục vụ", "",
                                                                      "Tin học", None]]
    job = import_file(session, actor, unit, "positions", xlsx("positions", rows))
    assert {(p["row"], p["column"]) for p in job.problems} == {(3, "Tên vị trí việc làm"), (3, "Mức độ yêu cầu (1-5)")}


def test_a_division_tree_is_imported_parents_after_children_and_a_cycle_is_refused(session):
    actor, unit = officer(session), unit_of(session)
    rows = [["con", "Tổ con", "me", 2], ["me", "Phòng mẹ", "", 1]]
    job = confirm(session, actor, import_file(session, actor, unit, "divisions", xlsx("divisions", rows)))
    assert job.status == "done" and job.preview["counts"]["kept"] > 0
    divisions = {d.code: d for d in session.exec(select(Division).where(Division.unit_id == unit.id))}
    assert divisions["con"].parent_id == divisions["me"].id
    cycle = import_file(session, actor, unit, "divisions", xlsx("divisions", [["a", "A", "b", 1], ["b", "B", "a", 2]]))
    assert cycle.status == "invalid" and "vòng lặp" in cycle.problems[0]["message"]


def test_confirming_checks_the_database_again_and_changes_nothing_when_it_no_longer_fits(session):
    actor, unit = officer(session), unit_of(session)
    person = ["0389555001", "Trần Văn Bình", "Nam", "Công chức", "", "", "vp", "Không", None, None]
    content = _exported(session, actor, unit, "staff", lambda ws: ws.append(person))
    job = import_file(session, actor, unit, "staff", content)
    assert job.status == "ready"
    other = unit_of(session, "hac-thanh")
    session.add(Person(unit_id=other.id, national_id="0389555001", full_name="Người khác"))
    session.commit()
    job = confirm(session, actor, job)
    assert job.status == "invalid" and "đã thuộc một người" in job.problems[0]["message"]
    assert session.exec(select(Person).where(Person.national_id == "0389555001")).one().unit_id == other.id


def test_a_real_worker_takes_an_import_from_queued_to_ready_then_to_done(session, app):
    from redis import Redis
    from rq import Queue, SimpleWorker
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs a real Redis (RQ's Lua scripts): CI sets REDIS_URL")
    connection = Redis.from_url(url)
    queue = Queue(f"test-lists-{os.getpid()}", connection=connection)
    app.config["REDIS_URL"] = url
    app.extensions["rq_queue"] = queue
    actor, unit = officer(session), unit_of(session)
    content = _exported(session, actor, unit, "catalogue", lambda ws: ws.delete_rows(ws.max_row))
    job = service.request_import(session, actor, unit, "catalogue", "danh-muc.xlsx", content)
    assert session.get(ImportJob, job.id).status == "queued"
    SimpleWorker([queue], connection=connection).work(burst=True)
    session.expire_all()
    assert session.get(ImportJob, job.id).status == "ready"
    service.confirm(session, actor, job.id)
    SimpleWorker([queue], connection=connection).work(burst=True)
    session.expire_all()
    job = session.get(ImportJob, job.id)
    assert job.status == "done" and job.result["retired"] == 1
    queue.delete(delete_jobs=True)


def test_a_job_whose_worker_went_silent_shows_failed_and_changed_nothing(session):
    from datetime import timedelta
    from webapp.clock import utcnow
    actor, unit = officer(session), unit_of(session)
    rows = [["T-1", "Văn bản", "văn bản", "B", 1, 4, "*"]]
    job = import_file(session, actor, unit, "catalogue", xlsx("catalogue", rows))
    job.status, job.heartbeat_at = "applying", utcnow() - timedelta(minutes=16)
    session.commit()
    job = service.get_for(session, actor, job.id)
    assert job.status == "failed" and "bị gián đoạn" in job.error


def test_the_preview_names_each_changed_field_with_its_value_before_and_after(session):
    actor, unit = officer(session), unit_of(session)

    def change(ws):
        ws["F2"] = 1
    job = import_file(session, actor, unit, "positions", _exported(session, actor, unit, "positions", change))
    (label, before, after), = job.preview["changed"][0]["fields"]
    assert label == "Khung năng lực" and "(mức 1)" in after and before != after
    retire = import_file(session, actor, unit, "staff", _exported(session, actor, unit, "staff",
                                                                 lambda ws: ws.delete_rows(ws.max_row)))
    assert ["Đang theo dõi", "Có", "Không"] in retire.preview["retired"][0]["fields"]


def test_nobody_is_newly_put_in_a_closed_division_or_given_a_retired_position(session):
    from datetime import date
    actor, unit = officer(session), unit_of(session)
    division = session.exec(select(Division).where(Division.unit_id == unit.id, Division.code == "vp")).one()
    position = session.exec(select(JobPosition).where(JobPosition.unit_id == unit.id,
                                                      JobPosition.code == "CV-TCCB")).one()
    content = _exported(session, actor, unit, "staff", lambda ws: ws.append(
        ["0389666001", "Phạm Văn Cường", "Nam", "Công chức", "", "CV-TCCB", "vp", "Không", None, None]))
    division.closed_on, position.active = date(2026, 1, 1), False
    session.commit()
    job = import_file(session, actor, unit, "staff", content)
    assert {(p["row"], p["message"]) for p in job.problems} == {
        (job.problems[0]["row"], "Vị trí việc làm “CV-TCCB” đã thôi sử dụng."),
        (job.problems[0]["row"], "Phòng, ban “vp” đã giải thể.")}


def test_an_imported_person_reports_to_the_manager_of_their_division(session):
    actor, unit = officer(session), unit_of(session)
    content = _exported(session, actor, unit, "staff", lambda ws: ws.append(
        ["0389777002", "Đỗ Thị Lan", "Nữ", "Công chức", "Chuyên viên", "", "vp", "Không", None, None]))
    confirm(session, actor, import_file(session, actor, unit, "staff", content))
    division = session.exec(select(Division).where(Division.unit_id == unit.id, Division.code == "vp")).one()
    manager = session.exec(select(Person).join(UserAccount, UserAccount.person_id == Person.id).where(
        Person.division_id == division.id, UserAccount.role == "manager", UserAccount.active)).first()
    person = session.exec(select(Person).where(Person.national_id == "0389777002")).one()
    assert manager is not None and person.reports_to_id == manager.id


def test_a_catalogue_import_refused_as_drafts_is_refused_whole_with_the_reason(session):
    actor, unit = officer(session), unit_of(session)
    first = _exported(session, actor, unit, "catalogue", lambda ws: ws.cell(row=2, column=5, value="1,9"))
    confirm(session, actor, import_file(session, actor, unit, "catalogue", first))
    second = _exported(session, actor, unit, "catalogue", lambda ws: ws.cell(row=2, column=5, value="1,8"))
    job = confirm(session, actor, import_file(session, actor, unit, "catalogue", second))
    assert job.status == "invalid" and "chờ thủ trưởng duyệt" in job.problems[0]["message"]
    assert session.exec(select(CatalogueDraft).where(CatalogueDraft.unit_id == unit.id,
                                                     CatalogueDraft.state == "pending")).all()[0].after[
        "coefficient"] in ("1.90", "1.9")


def test_a_staff_file_without_the_importing_officer_is_refused_before_it_locks_them_out(session):
    actor, unit = officer(session), unit_of(session)
    me = session.get(Person, actor.person_id)
    content = _exported(session, actor, unit, "staff", lambda ws: ws.delete_rows(
        next(row[0].row for row in ws.iter_rows(min_row=2) if row[0].value == me.national_id)))
    job = import_file(session, actor, unit, "staff", content)
    assert job.status == "invalid" and "dòng của chính bạn" in job.problems[0]["message"]
    session.expire_all()
    assert session.get(Person, me.id).active
