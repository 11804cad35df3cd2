"""The data of Mẫu số 01 for a unit's month: every sheet with its person, criteria, result and the signers (who
reviewed and approved it, or who should), in a few queries per unit (never one query per sheet)."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

from ..evaluations.compute import score_sheets
from ..evaluations.queries import CriterionRow, rules_for
from ..evaluations.workflow import STATE_LABELS
from ..models import AuditLog, CriterionScore, Division, EvaluationSheet, JobPosition, Period, Person, Unit, UserAccount
from ..text import vn_name_key
from .documents import unit_leaders


@dataclass(frozen=True)
class SheetDoc:
    """One Form 01 as printed."""

    sheet: EvaluationSheet
    person: Person
    position: JobPosition | None
    division: Division | None
    criteria: list[CriterionRow]
    result: object
    signers: "Signers"

    @property
    def self_total(self) -> Decimal | None:
        """The self-assessed general points (None before the person scored anything)."""
        scores = [c.self_score for c in self.criteria if c.self_score is not None]
        return sum((Decimal(str(v)) for v in scores), Decimal(0)) if scores else None


@dataclass(frozen=True)
class Signers:
    """The titles and names of a Form 01's reviewer and approver signature blocks."""

    reviewer_title: str
    reviewer_name: str
    approver_title: str
    approver_name: str
    reviewer_position: str = ""  # a head's sheet: the superior evaluator's title and unit


REVIEWED_STATES = ("reviewed", "approved", "published", "locked")
APPROVED_STATES = ("approved", "published", "locked")
SUPERIOR_REVIEWER = "LÃNH ĐẠO CẤP TRÊN TRỰC TIẾP"
SUPERIOR_APPROVER = "CẤP CÓ THẨM QUYỀN ĐÁNH GIÁ"
DIRECT_LEADER = "LÃNH ĐẠO TRỰC TIẾP"
UNIT_HEAD = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"


def _names(session: Session, unit: Unit) -> dict[int, str]:
    """Person id → full name, for every person of the unit (whom each line points at)."""
    return dict(session.exec(select(Person.id, Person.full_name).where(Person.unit_id == unit.id)).all())


@dataclass(frozen=True)
class Superior:
    """The unit's superior evaluator as printed under the head's sheet."""

    name: str = ""
    position: str = ""


def _superior(session: Session, unit: Unit) -> Superior:
    """The superior evaluator's name and title (an organiser: its name only)."""
    account = session.get(UserAccount, unit.superior_evaluator_id) if unit.superior_evaluator_id else None
    if account is None:
        return Superior()
    person = session.get(Person, account.person_id) if account.person_id else None
    if person is None:
        return Superior(account.display_name or account.username)
    home = session.get(Unit, person.unit_id)
    return Superior(person.full_name, ", ".join(part for part in (person.title, home.short_name if home else "") if part))


def _division_then_name(row: tuple) -> tuple:
    """Form 01 order: divisions in their order (none last), leaders first, then Vietnamese name order."""
    _, person, _, division, *_ = row
    place = (1, 0, 0) if division is None else (0, division.sort_order, division.id)
    return (*place, not person.is_leader, vn_name_key(person.full_name))


def _recorded_signers(session: Session, sheet_ids: list[int]) -> dict[tuple[int, str], str]:
    """(sheet id, "sheet_reviewed" | "sheet_approved") → the name of whoever did it last (audit log)."""
    if not sheet_ids:
        return {}
    rows = session.exec(select(AuditLog.entity_id, AuditLog.action, Person.full_name, UserAccount.display_name,
                               UserAccount.username)
                        .join(UserAccount, UserAccount.id == AuditLog.actor_id)
                        .outerjoin(Person, Person.id == UserAccount.person_id)
                        .where(AuditLog.entity == EvaluationSheet.__tablename__, AuditLog.entity_id.in_(sheet_ids),
                               AuditLog.action.in_(("sheet_reviewed", "sheet_approved")))
                        .order_by(AuditLog.id)).all()
    return {(sheet_id, action): person_name or display_name or username
            for sheet_id, action, person_name, display_name, username in rows}


def _signers(sheet: EvaluationSheet, person: Person, role: str, recorded: dict, names: dict[int, str],
             head: str, superior: Superior) -> Signers:
    """Who reviewed and approved the sheet, as recorded; else who will: the person's reporting line and the head
    (a head's sheet: the unit's superior evaluator, with their title; blank while none is chosen)."""
    reviewed = recorded.get((sheet.id, "sheet_reviewed"), "") if sheet.state in REVIEWED_STATES else ""
    approved = recorded.get((sheet.id, "sheet_approved"), "") if sheet.state in APPROVED_STATES else ""
    if role == "head":
        return Signers(SUPERIOR_REVIEWER, reviewed or superior.name, SUPERIOR_APPROVER, approved or superior.name,
                       superior.position)
    return Signers(DIRECT_LEADER, reviewed or names.get(person.reports_to_id, ""), UNIT_HEAD, approved or head)


def form01(session: Session, unit: Unit, period: Period, person_ids: list[int] | None = None,
           division: Division | None = None) -> dict:
    """Every sheet of the unit's month (or those of the given people, or of one division), ready to print."""
    rules = rules_for(session, period)
    query = (select(EvaluationSheet, Person, JobPosition, Division, UserAccount.role)
             .join(Person, Person.id == EvaluationSheet.person_id)
             .outerjoin(UserAccount, UserAccount.person_id == Person.id)
             .outerjoin(JobPosition, JobPosition.id == Person.position_id)
             .outerjoin(Division, Division.id == Person.division_id)
             .where(EvaluationSheet.period_id == period.id)
             .order_by(Division.sort_order, Person.is_leader.desc(), Person.id))
    if person_ids is not None:
        query = query.where(EvaluationSheet.person_id.in_(person_ids))
    elif division is not None:
        query = query.where(Person.division_id == division.id)
    rows = sorted(session.exec(query).all(), key=_division_then_name)
    scores = defaultdict(dict)
    for score in session.exec(select(CriterionScore).join(EvaluationSheet).where(EvaluationSheet.period_id == period.id)):
        scores[score.sheet_id][score.criterion_code] = score
    live = score_sheets(session, [period]) if any(not s.frozen_result for s, *_ in rows) else {}
    _, head = unit_leaders(session, unit)
    names, superior = _names(session, unit), _superior(session, unit)
    recorded = _recorded_signers(session, [sheet.id for sheet, *_ in rows])
    sheets = []
    for sheet, person, position, person_division, role in rows:
        criteria = [CriterionRow(c.code, c.name, c.max_points, getattr(scores[sheet.id].get(c.code), "self_score", None),
                                 getattr(scores[sheet.id].get(c.code), "manager_score", None)) for c in rules.general.criteria]
        result = sheet.frozen_result["score"] if sheet.frozen_result else live[sheet.id].score
        signers = _signers(sheet, person, role or "staff", recorded, names, head, superior)
        sheets.append(SheetDoc(sheet, person, position, person_division, criteria, result, signers))
    return {"unit": unit, "period": period, "rules": rules, "sheets": sheets, "head_name": head,
            "labels": STATE_LABELS}
