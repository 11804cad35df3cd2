"""Integration clients and work events for the API tests."""
from datetime import date

from sqlmodel import Session, select

from webapp.api import clients
from webapp.auth.actor import Actor
from webapp.models import ApiClient, Person, Unit, UserAccount

from .worklog_data import UNIT

OTHER_UNIT = "so-khcn"
ALL_SCOPES = ["work:write", "assignments:write", "results:read", "catalogue:read"]


def admin(session: Session) -> Actor:
    """The system administrator as a service actor."""
    return Actor.from_account(session.exec(select(UserAccount).where(UserAccount.role == "admin")).first())


def unit_id(session: Session, code: str) -> int:
    """A unit's id by its code."""
    return session.exec(select(Unit.id).where(Unit.code == code)).one()


def client_for(session: Session, unit_codes=(UNIT,), scopes=("work:write",), rate: int = 600,
               name: str = "Hệ thống quản lý văn bản") -> tuple[ApiClient, str]:
    """A registered client of the units with the scopes, and its token."""
    issued = clients.register(session, admin(session), name, [unit_id(session, code) for code in unit_codes],
                              list(scopes), rate)
    return issued.client, issued.token


def bearer(token: str) -> dict:
    """The Authorization header of a token."""
    return {"Authorization": f"Bearer {token}"}


def post_json(flask_client, path: str, token: str, body, **headers):
    """POST a JSON body with the token."""
    return flask_client.post(path, json=body, headers={**bearer(token), **headers})


def national_id(session: Session, account: UserAccount) -> str:
    """The national staff id of an account's person."""
    return session.get(Person, account.person_id).national_id


def event(person: dict, day: date, external_id: str = "VB-2026-0001", **fields) -> dict:
    """A work event: a document of the person on the day, counted as SNV-001 unless told otherwise."""
    body = {"external_id": external_id, "person": person, "date": day.isoformat(), "item_code": "SNV-001",
            "document": {"number": "123/QĐ-SNV", "date": day.isoformat(), "link": "https://vanban.thanhhoa.gov.vn/1"},
            "summary": "Quyết định phê duyệt kế hoạch"}
    body.update(fields)
    return {key: value for key, value in body.items() if value is not None}
