"""Hostile input over HTTP: every POST route, and the pages that read ids and dates from the query string,
answer a NUL byte, a 21-digit id or the year 9999 with a Vietnamese message, never a 500."""
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select
from wtforms.fields.core import UnboundField

from webapp.evaluations.forms import criterion_field_name
from webapp.evaluations.service import compute_month, month_periods
from webapp.forms import BaseForm
from webapp.models import Assignment, AuditLog, Competency, DiaryEntry, Division, EvaluationSheet, JobPosition, Person
from webapp.scoring.loader import load_ruleset_file

from ..helpers import username_of
from .evaluation_data import october_work, team

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HUGE = "99999999999999999999"
HOSTILE = {"nul": "a\x00b\u202e", "huge id": HUGE, "year 9999": "31/12/9999", "month 9999": "12/9999"}


def _subclasses(cls):
    """Every form class of the app, however deep."""
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _field_names() -> set[str]:
    """The name of every field of every form, and of every criterion of every rule set."""
    names = {name for form in _subclasses(BaseForm) for name in dir(form)
             if isinstance(getattr(form, name, None), UnboundField)}
    for path in (SEEDS / "rulesets").glob("*.json"):
        rules = load_ruleset_file(path)
        names |= {criterion_field_name(c.code) for c in rules.general.criteria}
        names |= {criterion_field_name(c.code) for c in (rules.agency.general.criteria if rules.agency else ())}
    return names - {"csrf_token"}


def _post_routes(app) -> list:
    """Every rule that takes a POST, but logging out."""
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and rule.endpoint != "auth.logout"]


@pytest.fixture
def real_ids(session):
    """Ids that exist, so that hostile fields reach the forms and services behind each route."""
    t = team(session)
    october_work(session, t)
    compute_month(session, month_periods(session, date(2026, 10, 1), [t.unit]))
    session.commit()
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == t.person.id)).first()
    entry = session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.person.id)).first()
    assignment = session.exec(select(Assignment).where(Assignment.person_id == t.person.id)).first()
    division = session.exec(select(Division).where(Division.unit_id == t.unit.id)).first()
    position = session.exec(select(JobPosition).where(JobPosition.unit_id == t.unit.id)).first()
    competency = session.exec(select(Competency).where(Competency.position_id == position.id)).first()
    ids = {"sheet_id": sheet.id, "entry_id": entry.id, "assignment_id": assignment.id, "code": t.unit.code,
           "action": "close", "division_id": division.id, "position_id": position.id, "competency_id": competency.id}
    return t, ids


def _username(session, t, who: str) -> str:
    """One of the team, or the unit's personnel officer (who reaches the forms of the unit's lists)."""
    return username_of(session, t.unit.code, "personnel") if who == "personnel" else getattr(t, who).username


def _url(rule, values: dict) -> str:
    """The rule's path with the given arguments (1 for any id not known)."""
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", str(values.get(name, 1))).replace(f"<{name}>", str(values.get(name, 1)))
    return path


@pytest.mark.parametrize("who", ["staff", "manager", "head", "personnel"])
def test_no_post_route_answers_hostile_fields_with_a_500(app, login, session, real_ids, who):
    t, ids = real_ids
    user = login(_username(session, t, who))
    names, failures = _field_names(), []
    for rule in _post_routes(app):
        # Real ids as htmx (the fragments), huge ids as plain posts (the pages).
        for url, hx in ((_url(rule, ids), True), (_url(rule, {name: HUGE for name in rule.arguments}), False)):
            for label, value in HOSTILE.items():
                try:
                    status = user.post(url, data={name: value for name in names}, hx=hx).status_code
                except Exception as error:  # noqa: BLE001 — TESTING propagates exceptions: each would be a 500
                    status = f"{type(error).__name__}: {str(error)[:120]}"
                if not isinstance(status, int) or status >= 500:
                    failures.append((url, label, hx, status))
    assert failures == []


def test_the_login_form_refuses_a_nul_byte_in_the_username_without_a_500(client):
    response = client.raw.post("/login", data={"username": "admin\x00", "password": "x", "csrf_token": client.csrf()})
    assert response.status_code < 500


@pytest.mark.parametrize("path", [
    "/sheets/99999999999999999999", "/diary?day=9999-12-31", "/diary?day=0001-01-01", "/diary?day=31/12/9999&week=1",
    "/diary?day=2100-12-31", "/diary?day=2100-12-31&week=1", "/diary?day=2000-01-01&week=1",
    "/approvals?person=99999999999999999999", "/approvals?day=9999-12-31", "/assignments?person=99999999999999999999",
    "/hours?month=12/9999", "/hours?division=99999999999999999999", "/evaluations?month=9999-12",
    "/picker/diary?q=a%00b", "/picker/assignments?q=%E2%80%AEx", "/catalogue?position=99999999999999999999",
    "/people/99999999999999999999/scorecard", "/people/1/scorecard?year=99999999999999999999",
])
def test_pages_read_hostile_ids_and_dates_from_the_query_string_without_a_500(login, real_ids, path):
    t, _ = real_ids
    for username in (t.staff.username, t.manager.username, t.head.username):
        response = login(username).get(path)
        assert response.status_code < 500, (username, path, response.get_data(as_text=True)[:300])


def test_a_nul_byte_in_a_description_is_stripped_before_it_is_stored(login, session):
    from .worklog_data import common_item, working_day
    from .worklog_data import team as diary_team
    t = diary_team(session)
    item = common_item(session, t.unit)
    day = working_day(session)
    user = login(t.staff.username)
    response = user.post("/diary/entries", data={
        "work_date": day.strftime("%d/%m/%Y"), "item_id": item.id, "quantity": "1", "hours": "1",
        "description": "Soạn\x00 báo cáo\u202e\x07 tuần"}, hx=True)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    stored = session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.staff.person_id)
                          .order_by(DiaryEntry.id.desc())).first()
    assert stored.description == "Soạn báo cáo tuần"


def test_a_refused_hostile_post_changes_nothing(login, session, real_ids):
    t, ids = real_ids
    user = login(t.head.username)
    before = session.exec(select(AuditLog.id)).all()
    user.post(f"/sheets/{ids['sheet_id']}/approve", data={"version": HUGE, "comments": "\x00"})
    user.post("/assignments", data={"person_ids": HUGE, "item_id": HUGE, "quantity": "1", "deadline": "31/12/9999"})
    session.expire_all()
    assert session.exec(select(AuditLog.id)).all() == before
    assert session.get(Person, t.person.id) is not None


QUERY_NAMES = ("page", "month", "day", "week", "q", "person", "division", "year", "group", "position", "item_id",
               "picker", "compact", "show", "period", "kind", "next")
HOSTILE_QUERY = {"nul": "a%00b%E2%80%AE", "huge id": HUGE, "negative": "-1", "year 9999": "9999-12-31",
                 "month 9999": "12%2F9999", "page beyond": "99999999999"}
ALONE = ("nul", "huge id", "year 9999")  # also sent one parameter at a time, so that none hides another


def _get_routes(app) -> list:
    """Every rule that answers a GET, but static files."""
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"]


@pytest.mark.parametrize("who", ["staff", "manager", "head", "personnel"])
def test_no_get_page_answers_hostile_query_parameters_with_a_500(app, login, session, real_ids, who):
    t, ids = real_ids
    user = login(_username(session, t, who))
    failures = []
    for rule in _get_routes(app):
        urls = ((_url(rule, ids), True), (_url(rule, ids), False), (_url(rule, {n: HUGE for n in rule.arguments}), False))
        for url, hx in urls:
            for label, value in HOSTILE_QUERY.items():
                queries = ["&".join(f"{name}={value}" for name in QUERY_NAMES)]
                queries += [f"{name}={value}" for name in QUERY_NAMES] if hx and label in ALONE else []
                for query in queries:
                    try:
                        status = user.get(f"{url}?{query}", hx=hx).status_code
                    except Exception as error:  # noqa: BLE001 — TESTING propagates exceptions: each would be a 500
                        status = f"{type(error).__name__}: {str(error)[:120]}"
                    if not isinstance(status, int) or status >= 500:
                        failures.append((url, query, hx, status))
    assert failures == []
