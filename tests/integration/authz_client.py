"""Asking as someone: a test client signed in by its session cookie (no password hashing per request), the URL
of a route filled from the world, and the answer reduced to allowed or refused."""
import re
import time

from webapp.models import UserAccount

from .authz_world import World

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Arguments that name no object of the target's world.
CONSTANTS = {"code": None, "kind": "staff", "slug": "cong-chuc", "token": "khong-co-lien-ket",
             "filename": "css/app.css"}
REFUSED = {401, 403, 404}
# Query strings a page needs to show anything (the target's own objective form).
QUERIES = {"okr.new": "?level=person&period={okr_period}"}
# The fields a write needs to reach its service's checks (else the form's own validation answers first, 422).
_ENTRY = {"version": "{entry_version}"}
_SHEET = {"version": "{sheet_version}"}
FORMS = {
    "worklog.delete": _ENTRY, "worklog.approve": _ENTRY, "worklog.return_": {**_ENTRY, "reason": "Thiếu minh chứng."},
    "worklog.submit": {"day": "{day}"}, "evaluations.approve": _SHEET, "evaluations.review": _SHEET,
    "evaluations.send_back": {**_SHEET, "reason": "Đề nghị xem lại."}, "evaluations.band": _SHEET,
    "evaluations.flags": _SHEET, "evaluations.self_assess": _SHEET, "evaluations.answer": {"answer": "Đã xem xét."},
    "evaluations.appeal": {"text": "Đề nghị xem lại."}, "performance.refresh": {"month": "{month_key}"},
}


def signed_in(app, account: UserAccount | None):
    """A test client carrying the account's session (anonymous for None) and a CSRF token for its writes; the
    session as it was then is kept, to be put back before every request (a logout or a login would end it)."""
    client = app.test_client()
    if account is not None:
        now = int(time.time())
        with client.session_transaction() as cookie:
            cookie["_user_id"] = f"{account.id}:{account.session_version}"
            cookie["_fresh"] = True
            cookie["signed_in_at"] = cookie["seen_at"] = now
    page = client.get("/account/password" if account else "/login").get_data(as_text=True)
    match = CSRF.search(page)
    client.csrf = match.group(1) if match else ""
    with client.session_transaction() as cookie:
        client.kept = dict(cookie)
    return client


def url_of(rule, world: World) -> str:
    """The rule's URL with every argument taken from the world (the target's unit code and objects)."""
    values = {}
    for name in rule.arguments:
        if name == "code":
            values[name] = world.unit.code
        elif name in CONSTANTS:
            values[name] = CONSTANTS[name]
        else:
            values[name] = world.ids.get(f"{name}:{rule.endpoint.split('.')[0]}", world.ids.get(name))
    query = QUERIES.get(rule.endpoint, "").format(**world.ids)
    return rule.build(values, append_unknown=False)[1] + query


def form_of(endpoint: str, world: World) -> dict:
    """The form a write sends: the fields of FORMS filled from the world, else nothing."""
    return {name: value.format(**world.ids) for name, value in FORMS.get(endpoint, {}).items()}


def answer(client, method: str, url: str, form: dict):
    """The response to one request, in the client's kept session; writes carry the CSRF token and their form."""
    with client.session_transaction() as cookie:
        cookie.clear()
        cookie.update(client.kept)
    if method == "GET":
        return client.get(url)
    return client.post(url, data=form, headers={"X-CSRFToken": client.csrf})


def refused(response) -> bool:
    """Refused: 401/403/404, or a redirect to the login page."""
    if response.status_code in REFUSED:
        return True
    return response.status_code in (302, 303) and "/login" in response.headers.get("Location", "")
