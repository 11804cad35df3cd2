"""The world of the authorization matrix: one member of staff of Sở Nội vụ (the target) with something of every
kind the routes name (an entry, a sheet, an appeal, an assignment, an objective…), and the accounts that ask for
them, each named by their relation to the target: themselves, a colleague, their manager, another division's
manager, the head, the unit's personnel officer, the same roles of another unit of the same bloc, the organiser of
the bloc and of another bloc, the admin."""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from webapp.clock import local_today
from webapp.evaluations.service import compute_month, month_periods
from webapp.models import (
    ApiClient,
    ApiClientUnit,
    Appeal,
    Assignment,
    CatalogueBatch,
    CatalogueDraft,
    CatalogueItem,
    Competency,
    DiaryEntry,
    DocumentTypeMapping,
    Division,
    EvaluationSheet,
    EvidenceFile,
    ImportJob,
    JobPosition,
    KeyResult,
    KeyResultItem,
    Objective,
    ObjectiveAlignment,
    PerformanceRefresh,
    Person,
    Reminder,
    ReportJob,
    Unit,
    UserAccount,
    WebhookDelivery,
    WebhookSubscription,
    WorkSuggestion,
)

UNIT, OTHER_UNIT = "so-noi-vu", "so-khcn"  # both in the government bloc
# Who asks, by relation to the target person and their unit.
LABELS = ("anon", "self", "colleague", "peer", "mgr", "other_mgr", "head", "personnel", "x_staff", "x_mgr", "x_head",
          "x_personnel", "org", "x_org", "admin")


@dataclass
class World:
    """The target's unit, person and objects (ids by URL argument name), and the asking accounts by label."""

    unit: Unit
    person: Person
    ids: dict[str, int | str] = field(default_factory=dict)
    accounts: dict[str, UserAccount | None] = field(default_factory=dict)


def build(session: Session) -> World:
    """Everything the matrix asks about, flushed and committed inside the test's transaction."""
    unit = _unit(session, UNIT)
    accounts = _accounts(session, unit, _unit(session, OTHER_UNIT))
    person = session.get(Person, accounts["self"].person_id)
    world = World(unit, person, accounts=accounts)
    world.ids.update(_work(session, unit, person, accounts))
    world.ids.update(_catalogue_and_org(session, unit, person, accounts))
    world.ids.update(_okr(session, unit, person, accounts))
    world.ids.update(_jobs(session, unit, accounts))
    world.ids.update(_integration(session, unit, person, world.ids["item_id"]))
    session.commit()
    return world


def _unit(session: Session, code: str) -> Unit:
    """A seeded unit."""
    return session.exec(select(Unit).where(Unit.code == code)).one()


def _accounts(session: Session, unit: Unit, other: Unit) -> dict[str, UserAccount | None]:
    """The asking accounts: the target is a staff member whose direct manager is a division manager."""
    people = {p.id: p for p in session.exec(select(Person).where(Person.unit_id == unit.id))}
    mine = list(session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id).order_by(UserAccount.id)))
    by_person = {a.person_id: a for a in mine}
    target = next(a for a in mine if a.role == "staff" and by_person.get(people[a.person_id].reports_to_id)
                  and by_person[people[a.person_id].reports_to_id].role == "manager")
    manager = by_person[people[target.person_id].reports_to_id]
    division = people[target.person_id].division_id
    colleague = next(a for a in mine if a.role == "staff" and a.id != target.id
                     and people[a.person_id].division_id == division)
    peer = next(a for a in mine if a.role == "staff" and people[a.person_id].division_id != division)
    other_manager = next(a for a in mine if a.role == "manager" and a.id != manager.id
                         and people[a.person_id].division_id != people[target.person_id].division_id)
    theirs = list(session.exec(select(UserAccount).where(UserAccount.unit_id == other.id).order_by(UserAccount.id)))
    first = {role: next(a for a in theirs if a.role == role) for role in ("staff", "manager", "head", "personnel")}
    organisers = {a.username: a for a in session.exec(select(UserAccount).where(UserAccount.role == "organiser"))}
    return {"anon": None, "self": target, "colleague": colleague, "peer": peer, "mgr": manager,
            "other_mgr": other_manager, "head": next(a for a in mine if a.role == "head"),
            "personnel": next(a for a in mine if a.role == "personnel"),
            "x_staff": first["staff"], "x_mgr": first["manager"], "x_head": first["head"],
            "x_personnel": first["personnel"], "org": organisers["tochuc.chinhquyen"],
            "x_org": organisers["tochuc.dang"],
            "admin": session.exec(select(UserAccount).where(UserAccount.role == "admin")).first()}


def _write(path: Path) -> None:
    """A small PDF where a stored file is looked for."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")


def _add(session: Session, row):
    """Add and flush one row."""
    session.add(row)
    session.flush()
    return row


def _work(session: Session, unit: Unit, person: Person, accounts: dict) -> dict[str, int]:
    """A submitted entry with evidence, an assignment, a reminder, this month's sheet and an appeal on it."""
    item = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id)
                        .order_by(CatalogueItem.id)).first()
    evidence = _add(session, EvidenceFile(unit_id=unit.id, stored_name="authz-matrix-proof.pdf",
                                          original_name="minh-chung.pdf", content_type="application/pdf",
                                          size_bytes=4, sha256="0" * 64, uploaded_by_id=accounts["self"].id))
    _write(Path(current_app.config["STORAGE_DIR"]) / "evidence" / evidence.stored_name)
    day = local_today() - timedelta(days=1)
    entry = _add(session, DiaryEntry(person_id=person.id, unit_id=unit.id, work_date=day, item_id=item.id,
                                     quantity=Decimal("1"), coefficient=item.coefficient, hours=Decimal("2"),
                                     status="submitted", evidence_file_id=evidence.id))
    assignment = _add(session, Assignment(unit_id=unit.id, person_id=person.id, item_id=item.id,
                                          quantity=Decimal("2"), deadline=local_today() + timedelta(days=10),
                                          assigned_by_id=accounts["mgr"].person_id))
    reminder = _add(session, Reminder(person_id=person.id, work_date=day))
    periods = month_periods(session, local_today().replace(day=1), [unit])
    compute_month(session, periods)
    sheet = session.exec(select(EvaluationSheet).where(EvaluationSheet.person_id == person.id,
                                                       EvaluationSheet.period_id == periods[0].id)).one()
    appeal = _add(session, Appeal(sheet_id=sheet.id, filed_by_id=accounts["self"].id, text="Đề nghị xem lại."))
    return {"entry_id": entry.id, "entry_version": entry.version, "sheet_version": sheet.version,
            "day": day.isoformat(), "file_id": evidence.id, "assignment_id": assignment.id, "reminder_id": reminder.id,
            "sheet_id": sheet.id, "appeal_id": appeal.id, "person_id": person.id,
            "account_id": accounts["self"].id, "item_id": item.id}


def _catalogue_and_org(session: Session, unit: Unit, person: Person, accounts: dict) -> dict[str, int]:
    """A pending catalogue batch, the target's division and position, and a competency of that position."""
    batch = _add(session, CatalogueBatch(unit_id=unit.id, proposed_by_id=accounts["personnel"].id,
                                         effective_from=local_today(), reason="Rà soát"))
    _add(session, CatalogueDraft(batch_id=batch.id, unit_id=unit.id, kind="new", code="AUTHZ-1", before={},
                                 after={"name": "Việc thử", "unit_of_measure": "việc", "task_group": "B",
                                        "coefficient": "1.00", "standard_hours": "2", "applies_to_all": True,
                                        "positions": ["*"]}))
    position = session.get(JobPosition, person.position_id) or session.exec(
        select(JobPosition).where(JobPosition.unit_id == unit.id)).first()
    competency = _add(session, Competency(position_id=position.id, name="Soạn thảo văn bản", required_level=3))
    return {"batch_id": batch.id, "division_id": session.get(Division, person.division_id).id,
            "position_id": position.id, "competency_id": competency.id}


def _okr(session: Session, unit: Unit, person: Person, accounts: dict) -> dict[str, int]:
    """The unit's objective with a key result, and the target's own objective aligned to it."""
    first = date(local_today().year, 1 + 3 * ((local_today().month - 1) // 3), 1)
    last = (first.replace(month=first.month + 2) + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    key = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    span = {"bloc_id": unit.bloc_id, "unit_id": unit.id, "period_key": key, "starts_on": first, "ends_on": last}
    unit_objective = _add(session, Objective(level="unit", owner_id=accounts["head"].id,
                                             reviewer_id=accounts["personnel"].id, title="Nâng cao chất lượng tham mưu",
                                             **span))
    own = _add(session, Objective(level="person", person_id=person.id, owner_id=accounts["self"].id,
                                  reviewer_id=accounts["mgr"].id, title="Hoàn thành đúng hạn hồ sơ được giao", **span))
    _add(session, ObjectiveAlignment(objective_id=own.id, supports_id=unit_objective.id))
    key_result = _add(session, KeyResult(objective_id=own.id, title="Số hồ sơ", baseline=Decimal("0"),
                                         target=Decimal("10"), measured_by="items"))
    item = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id)
                        .order_by(CatalogueItem.id)).first()
    _add(session, KeyResultItem(key_result_id=key_result.id, item_id=item.id))
    return {"objective_id": own.id, "supports_id": unit_objective.id, "key_result_id": key_result.id,
            "okr_period": key}


def _integration(session: Session, unit: Unit, person: Person, item_id: int) -> dict[str, int]:
    """An e-office client acting for the unit, its webhook and one delivery, a document-type mapping, and a
    suggested entry for the target."""
    client = _add(session, ApiClient(name="Hệ thống quản lý văn bản (ma trận)", token_prefix="authzmatrix",
                                     token_hash="0" * 64, scopes=["work:write"]))
    _add(session, ApiClientUnit(client_id=client.id, unit_id=unit.id))
    hook = _add(session, WebhookSubscription(client_id=client.id, event="sheet.published",
                                             url="https://example.invalid/hook", secret="s" * 32))
    delivery = _add(session, WebhookDelivery(subscription_id=hook.id, client_id=client.id, event="sheet.published",
                                             unit_id=unit.id, body="{}", status="failed"))
    mapping = _add(session, DocumentTypeMapping(unit_id=unit.id, document_type="CV", item_id=item_id))
    suggestion = _add(session, WorkSuggestion(client_id=client.id, external_id="authz-1", unit_id=unit.id,
                                              person_id=person.id, work_date=local_today(), item_id=item_id))
    refresh = _add(session, PerformanceRefresh(month=f"{local_today():%Y-%m}", bloc_id=unit.bloc_id, status="done"))
    return {"run_id": refresh.id, "month_key": f"{local_today():%Y-%m}", "client_id": client.id,
            "subscription_id": hook.id, "delivery_id": delivery.id, "mapping_id": mapping.id,
            "suggestion_id": suggestion.id}


def _jobs(session: Session, unit: Unit, accounts: dict) -> dict[str, int]:
    """An import of the unit's officer and a report of the target."""
    job = _add(session, ImportJob(kind="staff", unit_id=unit.id, status="invalid", file_name="danh-sach.xlsx",
                                  problems=[{"row": 2, "column": "Mã định danh", "message": "Thiếu mã định danh."}],
                                  problem_count=1, requested_by_id=accounts["personnel"].id))
    report = _add(session, ReportJob(kind="form01", unit_id=unit.id, status="done", file_path="authz-matrix.pdf",
                                     requested_by_id=accounts["self"].id, params={}))
    _write(Path(current_app.config["STORAGE_DIR"]) / "reports" / report.file_path)
    return {"job_id:lists": job.id, "job_id:reports": report.id}
