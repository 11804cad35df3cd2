"""The data of each printed form but Mẫu số 01 (form01_data), gathered in a few queries per unit (never one query
per person)."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, union
from sqlmodel import Session, select

from ..evaluations.queries import rules_for, summary_band_name
from ..models import (
    CatalogueItem,
    DiaryEntry,
    Division,
    EvaluationSheet,
    EvidenceFile,
    JobPosition,
    Objective,
    Period,
    Person,
    Unit,
    UserAccount,
)
from ..okr.access import LEVEL_LABELS
from ..okr.access import STATE_LABELS as OKR_STATES
from ..okr.keyresults import CONFIDENCE_LABELS, MEASURED_LABELS
from ..okr.queries import LEVEL_ORDER, load_views
from ..scoring import MonthResult, aggregate
from ..scoring.facts import Flags
from ..text import vn_name_key
from ..workdays import holidays_between, is_working_day
from ..worklog.access import STATUS_LABELS
from ..worklog.evidence import display_name

HOURS_PER_DAY = Decimal(8)
LONG_DAY = Decimal(10)


def unit_leaders(session: Session, unit: Unit) -> tuple[dict[int, str], str]:
    """Each division's manager name, and the head's name."""
    rows = session.exec(select(UserAccount.role, UserAccount.division_id, Person.full_name)
                        .join(Person, Person.id == UserAccount.person_id)
                        .where(UserAccount.unit_id == unit.id, UserAccount.role.in_(("manager", "head")))).all()
    managers = {division: name for role, division, name in rows if role == "manager"}
    head = next((name for role, _, name in rows if role == "head"), "")
    return managers, head


def diary(session: Session, unit: Unit, person: Person, start: date, end: date) -> dict:
    """A person's diary entries of the month (each with its catalogue item and evidence file) and totals."""
    rows = session.exec(select(DiaryEntry, CatalogueItem, EvidenceFile)
                        .join(CatalogueItem, CatalogueItem.id == DiaryEntry.item_id)
                        .outerjoin(EvidenceFile, EvidenceFile.id == DiaryEntry.evidence_file_id)
                        .where(DiaryEntry.person_id == person.id, DiaryEntry.work_date.between(start, end),
                               DiaryEntry.unit_id == unit.id)  # a moved person's entries stay with their unit
                        .order_by(DiaryEntry.work_date, DiaryEntry.id)).all()
    hours = sum((e.hours for e, *_ in rows), Decimal(0))
    converted = sum((e.quantity * e.coefficient for e, *_ in rows if e.status == "approved"), Decimal(0))
    _, head = unit_leaders(session, unit)
    manager = session.get(Person, person.reports_to_id) if person.reports_to_id else None
    return {"unit": unit, "person": person, "start": start, "end": end, "rows": rows, "hours": hours,
            "converted": converted, "manager_name": manager.full_name if manager else head, "head_name": head,
            "evidence_lines": lambda e, f: printed_lines(evidence_parts(e, f)), "status_labels": STATUS_LABELS}


def evidence_parts(entry: DiaryEntry, file: EvidenceFile | None) -> list[str]:
    """An entry's evidence as printed: "Số …, ngày dd/mm/yyyy", the link, the file's (cleaned) name."""
    document = " ".join(part for part in (
        f"Số {entry.evidence_doc_number}" if entry.evidence_doc_number else "",
        f"ngày {entry.evidence_doc_date:%d/%m/%Y}" if entry.evidence_doc_date else "") if part)
    return [part for part in (document, entry.evidence_link, display_name(file.original_name) if file else "") if part]


def printed_lines(parts: list[str], width: int = 22) -> list[str]:
    """The parts as printed lines in a narrow cell: a long unbroken token (a link) cut every `width`
    characters, since the PDF layout breaks lines only at spaces and would run it into the next cell."""
    lines = []
    for part in parts:
        for word in part.split(" "):
            pieces = [word[i:i + width] for i in range(0, len(word), width)] or [""]
            if lines and len(lines[-1]) + 1 + len(pieces[0]) <= width and not lines[-1].endswith("\n"):
                lines[-1] += " " + pieces.pop(0)
            lines.extend(pieces)
        lines[-1] += "\n"
    return [line.rstrip("\n") for line in lines]


def evidence_text(entry: DiaryEntry, file: EvidenceFile | None) -> str:
    """The evidence on one line (Excel)."""
    return "; ".join(evidence_parts(entry, file))


def hours_summary(session: Session, unit: Unit, start: date, end: date, division: Division | None = None,
                  person_ids: list[int] | None = None) -> dict:
    """Hours per person per day against 8 h per working day; days above 10 h and months below half flagged
    (of the unit, one division, or only the given people of it)."""
    # The unit's people, and those moved away since who wrote entries here in the range (history stays here).
    # One set of ids (a UNION): "unit's people OR wrote here" made the database read all 20,000 people.
    wrote_here = (select(DiaryEntry.person_id)
                  .where(DiaryEntry.unit_id == unit.id, DiaryEntry.work_date.between(start, end)))
    members = select(Person.id).where(Person.unit_id == unit.id, Person.active)
    people_query = select(Person).where(Person.id.in_(union(members, wrote_here))).order_by(Person.id)
    if division is not None:
        people_query = people_query.where(Person.division_id == division.id)
    if person_ids is not None:
        people_query = people_query.where(Person.id.in_(person_ids))
    people = sorted(session.exec(people_query).all(), key=lambda p: vn_name_key(p.full_name))
    totals = session.exec(select(DiaryEntry.person_id, DiaryEntry.work_date, func.sum(DiaryEntry.hours))
                          .where(DiaryEntry.unit_id == unit.id, DiaryEntry.work_date.between(start, end),
                                 DiaryEntry.person_id.in_([p.id for p in people]))
                          .group_by(DiaryEntry.person_id, DiaryEntry.work_date)).all()
    by_person = defaultdict(dict)
    for person_id, day, hours in totals:
        by_person[person_id][day] = Decimal(hours)
    holidays = holidays_between(session, start, end)
    days = [start + timedelta(n) for n in range((end - start).days + 1)]
    working = [d for d in days if is_working_day(d, holidays)]
    standard = HOURS_PER_DAY * len(working)
    lines = []
    for person in people:
        hours = by_person[person.id]
        total = sum(hours.values(), Decimal(0))
        lines.append({"person": person, "hours": [hours.get(d) for d in days], "total": total,
                      "long_days": [d for d, h in hours.items() if h > LONG_DAY], "low": total < standard / 2})
    managers, head = unit_leaders(session, unit)
    return {"unit": unit, "division": division, "start": start, "end": end, "days": days,
            "working": set(working), "standard": standard, "lines": lines, "head_name": head,
            "long_day": LONG_DAY, "hours_per_day": HOURS_PER_DAY,
            "manager_name": managers.get(division.id, head) if division else head}


def evaluation_summary(session: Session, unit: Unit, periods: list[Period], label: str, kind: str,
                       division: Division | None = None, person_ids: list[int] | None = None) -> dict:
    """Everyone of the unit (or one division, or only the given people of it) with the month's result, or the
    quarter's or year's average and band over the months each person actually has a result for."""
    if not periods:
        return {"unit": unit, "label": label, "lines": [], "rules": None, "kind": kind, "head_name": "", "counts": {}}
    rules = rules_for(session, periods[0])
    query = (select(EvaluationSheet, Period, Person, JobPosition)
             .join(Period, Period.id == EvaluationSheet.period_id)
             .join(Person, Person.id == EvaluationSheet.person_id)
             .outerjoin(JobPosition, JobPosition.id == Person.position_id)
             .where(EvaluationSheet.period_id.in_([p.id for p in periods]))
             .order_by(Person.id, Period.starts_on))
    if division is not None:
        query = query.where(Person.division_id == division.id)
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    rows = session.exec(query).all()
    grouped = defaultdict(list)
    for sheet, period, person, position in rows:
        grouped[person.id].append((sheet, period, person, position))
    people = sorted(grouped.values(), key=lambda items: vn_name_key(items[0][2].full_name))
    lines = [_summary_line(rules, kind, items) for items in people]
    _, head = unit_leaders(session, unit)
    counts = defaultdict(int)
    for line in lines:
        counts[line["band_name"]] += 1
    return {"unit": unit, "label": label if division is None else f"{division.name} · {label}", "lines": lines,
            "rules": rules, "kind": kind, "head_name": head, "counts": dict(counts)}


def _summary_line(rules, kind: str, items: list) -> dict:
    """One person's line: the month's sheet, or the aggregate of their scored months."""
    person, position = items[0][2], items[0][3]
    if kind == "month":
        sheet = items[0][0]
        band = rules.band(sheet.band).name if sheet.band else "Chưa có kết quả"
        return {"person": person, "position": position, "general": sheet.general_points, "task": sheet.task_points,
                "total": sheet.total_points, "band_name": band, "months": 1}
    months = tuple(MonthResult(p.key, s.total_points, s.total_points,
                               {m: (s.frozen_result or {}).get("score", {}).get(m, "0") for m in ("a", "b", "c", "exceeded", "on_time")},
                               Flags(s.disciplined, s.degraded, s.corruption_in_unit), s.is_leader)
                   for s, p, *_ in items if s.frozen_result)  # approved results only
    result = aggregate(rules, kind, months)
    return {"person": person, "position": position, "general": None, "task": None, "total": result.average,
            "band_name": summary_band_name(rules, kind, result), "months": result.months_worked}


@dataclass(frozen=True)
class OkrLine:
    """One objective of the tracking table with its key results (views of okr.queries), and what it supports."""

    number: str
    view: object
    level: str
    owner: str
    supports: list[str]


def okr_tracking(session: Session, unit: Unit, first: date, last: date, stale_days: int) -> dict:
    """The unit's objectives of the period (the unit's, its divisions', its people's), with progress and key
    results, in the order of the tree: the unit's first, then divisions', then people's."""
    objectives = list(session.exec(select(Objective).where(
        Objective.unit_id == unit.id, Objective.starts_on <= last, Objective.ends_on >= first)
        .order_by(Objective.id)))
    views = load_views(session, objectives, stale_days)
    above_ids = {i for v in views.values() for i in v.supports}
    titles = dict(session.exec(select(Objective.id, Objective.title).where(Objective.id.in_(above_ids))).all()
                  ) if above_ids else {}
    ordered = sorted(views.values(), key=lambda v: (LEVEL_ORDER[v.objective.level], v.objective.id))
    lines = [OkrLine(str(n), view, LEVEL_LABELS[view.objective.level], view.owner_name,
                     [titles[i] for i in sorted(view.supports) if i in titles])
             for n, view in enumerate(ordered, start=1)]
    _, head = unit_leaders(session, unit)
    return {"unit": unit, "lines": lines, "head_name": head, "states": OKR_STATES, "measured": MEASURED_LABELS,
            "confidence": CONFIDENCE_LABELS, "stale_days": stale_days, "orientation": "landscape"}
