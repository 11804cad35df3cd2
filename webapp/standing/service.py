"""Where every sheet of a month stands, per unit of the actor's scope: one GROUP BY over the month's sheets and
the active people without a sheet yet, sorted so the units with the most late sheets come first."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import exists, func, literal, union_all
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import require_unit, units_in_scope
from ..errors import DomainError, Forbidden
from ..models import EvaluationSheet, Period, Person, Unit
from ..models.evaluation import SHEET_STATES
from ..months import month_key
from ..text import vn_name_key, vn_text_key
from .deadlines import STAGE_OF_STATE, STAGES, Deadlines, deadlines
from .waiting import pending_rows, with_waiters

VIEWERS = ("organiser", "admin", "head", "personnel")
COLUMNS = ("none", *SHEET_STATES)  # the table's columns, in the order of the workflow
COLUMN_LABELS = {"none": "Chưa mở phiếu", "draft": "Chưa tự đánh giá", "self_assessed": "Chờ lãnh đạo trực tiếp",
                 "reviewed": "Chờ thủ trưởng phê duyệt", "approved": "Đã phê duyệt", "published": "Đã công khai",
                 "locked": "Đã khóa"}


def require_viewer(actor: Actor) -> None:
    """The bloc's organiser, the admin, and a unit's head and personnel officer (their unit)."""
    if actor.role not in VIEWERS or (actor.role in ("head", "personnel") and not actor.unit_id):
        raise Forbidden("Chỉ cơ quan tổ chức cấp tỉnh, quản trị, thủ trưởng và cán bộ tổ chức của đơn vị mới xem "
                        "tình hình đánh giá.")


@dataclass
class UnitStanding:
    """A unit's (or the scope's) count of sheets in each column, and of late sheets at each stage."""

    unit: Unit | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    late: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))

    @property
    def people(self) -> int:
        """Everyone counted (sheets and people without one)."""
        return sum(self.counts.values())

    @property
    def late_total(self) -> int:
        """Late sheets over every stage."""
        return sum(self.late.values())

    def add(self, state: str, count: int, dates: Deadlines) -> None:
        """Count `count` sheets in `state`, and as late at their stage when it is overdue."""
        self.counts[state] += count
        if dates.late(state):
            self.late[STAGE_OF_STATE[state]] += count


@dataclass(frozen=True)
class Standing:
    """The page: the month's deadlines, each unit of the scope, and the totals of the bloc or province."""

    deadlines: Deadlines
    units: list[UnitStanding]
    total: UnitStanding


def month_rows(key: str, unit_ids):
    """(unit_id, state) of every sheet of the month in the units, and (unit_id, "none") of every active person
    whose unit's month has no sheet of theirs: a UNION ALL over the indexed period (unit_id, key), sheet
    (period_id, person_id) and person unit_id."""
    sheets = (select(EvaluationSheet.unit_id.label("unit_id"), EvaluationSheet.state.label("state"))
              .join(Period, Period.id == EvaluationSheet.period_id)
              .where(Period.key == key, Period.unit_id.in_(unit_ids)))
    has_sheet = (exists().where(EvaluationSheet.person_id == Person.id, EvaluationSheet.period_id == Period.id)
                 .where(Period.unit_id == Person.unit_id, Period.key == key))
    without = select(Person.unit_id.label("unit_id"), literal("none").label("state")).where(
        Person.active, Person.unit_id.in_(unit_ids), ~has_sheet)
    return union_all(sheets, without).subquery("month_rows")


def standing(session: Session, actor: Actor, first: date, today: date) -> Standing:
    """Every unit of the actor's scope with its counts, in one query; most late sheets first, then by name."""
    require_viewer(actor)
    dates = deadlines(session, current_app.config, first, today)
    scope = units_in_scope(actor).subquery()
    rows = month_rows(month_key(first), select(scope.c.id))
    query = (select(Unit, rows.c.state, func.count(rows.c.state)).join(scope, scope.c.id == Unit.id)
             .outerjoin(rows, rows.c.unit_id == Unit.id).group_by(Unit.id, rows.c.state))
    by_unit: dict[int, UnitStanding] = {}
    total = UnitStanding()
    for unit, state, count in session.exec(query):
        row = by_unit.setdefault(unit.id, UnitStanding(unit))
        if state is not None:
            row.add(state, count, dates)
            total.add(state, count, dates)
    units = sorted(by_unit.values(), key=lambda u: (-u.late_total, -u.people, vn_text_key(u.unit.name)))
    return Standing(dates, units, total)


@dataclass(frozen=True)
class UnitList:
    """The drill-down: a unit's people in the chosen column or stage, with whom each waits on."""

    unit: Unit
    deadlines: Deadlines
    state: str | None
    stage: str | None
    rows: list

    def waited_on(self) -> list[tuple[str, str, int]]:
        """(name, stage, how many sheets) of everyone the late rows wait on, most first."""
        counts = Counter((w.name, r.stage) for r in self.rows if self.deadlines.late(r.state) for w in r.waiters)
        return sorted(((name, stage, n) for (name, stage), n in counts.items()), key=lambda t: (-t[2], t[0]))


def states_of(state: str | None, stage: str | None) -> list[str]:
    """The columns a drill-down shows: one state, the states of one stage, or every unfinished one."""
    if state:
        return [state]
    if stage:
        return [s for s, of in STAGE_OF_STATE.items() if of == stage]
    return list(STAGE_OF_STATE)


def unit_list(session: Session, actor: Actor, unit: Unit, first: date, today: date, state: str | None = None,
              stage: str | None = None) -> UnitList:
    """The unit's people of the month in a column (or at a stage), by column then name; within scope."""
    require_viewer(actor)
    require_unit(actor, unit)
    if state is not None and state not in COLUMNS or stage is not None and stage not in STAGES:
        raise DomainError("Trạng thái phiếu không hợp lệ.")
    dates = deadlines(session, current_app.config, first, today)
    rows = with_waiters(session, pending_rows(session, month_key(first), [unit.id], states_of(state, stage)))
    rows.sort(key=lambda r: (COLUMNS.index(r.state), vn_name_key(r.person.full_name)))
    return UnitList(unit, dates, state, stage, rows)
