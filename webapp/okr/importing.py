"""Importing and exporting a unit's objectives and key results through Excel (okr/workbook.py).

The head imports the unit-level objectives of a quarter or a year. The whole file is applied inside one
transaction with the same rules as the pages (keyresults._checked, service._reviewer), every refusal kept with
its row and column; if any row is refused, the transaction is rolled back and nothing changes. Objectives are
matched on (unit, period, title), key results on (objective, title): re-importing a file, or importing an export,
changes nothing. Key results missing from the file are kept (a file never deletes).
"""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..audit import record, snapshot, write
from ..auth.actor import Actor
from ..auth.scope import require_unit
from ..errors import DomainError, Forbidden
from ..models import CatalogueItem, KeyResult, KeyResultItem, Objective, Unit, UserAccount
from ..reports.periods import PeriodRange
from .access import reviewer_candidates
from .keyresults import KR_FIELDS, MEASURED_LABELS, KeyResultInput, _checked
from .service import _reviewer, _title, require_changeable
from .workbook import HEADERS, MAX_BYTES, MEASURED_BY_LABEL, NO, YES, Row, build, number, read

MAX_READ = MAX_BYTES + 1  # read one byte more than allowed, so an oversized file is refused, not cut

COLUMN_OF_FIELD = {"title": "C", "measure_unit": "D", "baseline": "E", "target": "F", "weight": "G",
                   "measured_by": "H", "reviewer_id": "B", "item_id": "J"}


@dataclass(frozen=True)
class RowError:
    """A refused cell: its row, column (letter and header) and the Vietnamese reason."""

    row: int
    column: str
    reason: str

    @property
    def header(self) -> str:
        """The column's header."""
        return HEADERS["ABCDEFGHIJ".index(self.column)] if self.column else ""


@dataclass
class ImportResult:
    """What an import did (or would have done): counts, and every error when refused."""

    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def require_head(session: Session, actor: Actor, code: str) -> Unit:
    """The unit, for its head (who sets its objectives)."""
    unit = require_unit(actor, session.exec(select(Unit).where(Unit.code == code[:64])).first())
    if actor.role != "head" or actor.unit_id != unit.id:
        raise Forbidden("Chỉ thủ trưởng cơ quan, đơn vị nhập, xuất mục tiêu của đơn vị.")
    return unit


def _unit_objectives(session: Session, unit: Unit, span: PeriodRange) -> list[Objective]:
    """The unit-level objectives of the period."""
    return list(session.exec(select(Objective).where(
        Objective.level == "unit", Objective.unit_id == unit.id, Objective.period_key == span.key)
        .order_by(Objective.id)))


def _reviewer_names(session: Session, unit: Unit, owner_id: int) -> list[str]:
    """The usernames that may review the unit's objectives (the validation list)."""
    accounts = reviewer_candidates(session, "unit", {"bloc_id": unit.bloc_id, "unit_id": unit.id}, owner_id)
    return [a.username for a in accounts]


def export(session: Session, actor: Actor, code: str, span: PeriodRange, template: bool = False) -> bytes:
    """The unit's objectives of the period as a workbook (template: the same, without rows)."""
    unit = require_head(session, actor, code)
    rows = [] if template else _rows(session, _unit_objectives(session, unit, span))
    caption = f"Mục tiêu và kết quả then chốt · {unit.name} · {span.label}"
    return build(caption, rows, _reviewer_names(session, unit, actor.account_id))


def _rows(session: Session, objectives: list[Objective]) -> list[tuple]:
    """One row per key result (an objective without any: one row with its title and reviewer only)."""
    ids = [o.id for o in objectives]
    krs = defaultdict(list)
    for kr in session.exec(select(KeyResult).where(KeyResult.objective_id.in_(ids))
                           .order_by(KeyResult.sort_order, KeyResult.id)).all() if ids else []:
        krs[kr.objective_id].append(kr)
    codes = defaultdict(list)
    kr_ids = [kr.id for found in krs.values() for kr in found]
    for kr_id, code in session.exec(select(KeyResultItem.key_result_id, CatalogueItem.code)
                                    .join(CatalogueItem, CatalogueItem.id == KeyResultItem.item_id)
                                    .where(KeyResultItem.key_result_id.in_(kr_ids))
                                    .order_by(CatalogueItem.code)).all() if kr_ids else []:
        codes[kr_id].append(code)
    names = dict(session.exec(select(UserAccount.id, UserAccount.username).where(
        UserAccount.id.in_({o.reviewer_id for o in objectives}))).all()) if objectives else {}
    rows = []
    for o in objectives:
        for kr in krs[o.id] or [None]:
            rows.append((o.title, names.get(o.reviewer_id, "")) + (() if kr is None else (
                kr.title, kr.measure_unit, kr.baseline, kr.target, kr.weight,
                MEASURED_LABELS[kr.measured_by],
                YES if kr.allow_over else NO, "; ".join(codes[kr.id]))))
    return rows


def import_file(session: Session, actor: Actor, code: str, span: PeriodRange, data: bytes) -> ImportResult:
    """Check and apply the whole file in one transaction; on any error roll back and return every error."""
    unit = require_head(session, actor, code)
    if span.kind not in ("quarter", "year"):
        raise DomainError("Mục tiêu đặt theo quý hoặc năm (ví dụ: Quý 4/2026 hoặc 2026).", field="period")
    rows = read(data)
    if not rows:
        raise DomainError("Tệp chưa có dòng dữ liệu nào (từ dòng 3 của trang “Mục tiêu”).", field="file")
    result = ImportResult()
    importer = _Importer(session, actor, unit, span, result)
    for row in rows:
        importer.row(row)
    if result.errors:
        session.rollback()
        return result
    session.commit()
    return result


class _Importer:
    """Applies rows one by one inside the caller's transaction, recording refusals instead of stopping."""

    def __init__(self, session: Session, actor: Actor, unit: Unit, span: PeriodRange, result: ImportResult):
        self.session, self.actor, self.unit, self.span, self.result = session, actor, unit, span, result
        self.objectives = {o.title: o for o in _unit_objectives(session, unit, span)}
        self.reviewers = {a.username: a.id for a in reviewer_candidates(
            session, "unit", {"bloc_id": unit.bloc_id, "unit_id": unit.id}, actor.account_id)}
        self.items = {i.code: i for i in session.exec(select(CatalogueItem).where(
            CatalogueItem.unit_id == unit.id, CatalogueItem.active)).all()}
        self.touched: set[int] = set()

    def fail(self, row: Row, column: str, reason: str) -> None:
        """Keep a refusal."""
        self.result.errors.append(RowError(row.number, column, reason))

    def row(self, row: Row) -> None:
        """One row: its objective (found or created), then its key result."""
        v = row.values
        try:
            objective = self.objective(row, _title(v["A"]), v["B"])
        except DomainError as refusal:
            return self.fail(row, "B" if refusal.field == "reviewer_id" else "A", refusal.message)
        if objective is None or not any(v[c] for c in "CDEFGHIJ"):
            return None
        data = self.key_result_input(row)
        if data is not None:
            self.key_result(row, objective, data)
        return None

    def objective(self, row: Row, title: str, reviewer: str) -> Objective | None:
        """The period's objective with this title, created as a draft when new (its reviewer changed if a draft)."""
        reviewer_id = self.reviewers.get(reviewer)
        if reviewer and reviewer_id is None:
            raise DomainError("Người thẩm định không có trong danh sách được chọn.", field="reviewer_id")
        scope = {"bloc_id": self.unit.bloc_id, "unit_id": self.unit.id}
        objective = self.objectives.get(title)
        if objective is None:
            objective = Objective(level="unit", **scope, owner_id=self.actor.account_id, period_key=self.span.key,
                                  starts_on=self.span.first, ends_on=self.span.last, title=title,
                                  reviewer_id=_reviewer(self.session, "unit", scope, self.actor.account_id,
                                                        reviewer_id))
            require_changeable(self.session, objective)
            self.session.add(objective)
            record(self.session, self.actor, "okr_objective_created", objective, {}, snapshot(objective),
                   reason="Nhập từ tệp Excel")
            self.objectives[title] = objective
            self.result.created += 1
        elif reviewer_id is not None and reviewer_id != objective.reviewer_id:
            self._require_editable(objective)
            before = snapshot(objective, ("reviewer_id",))
            objective.reviewer_id = _reviewer(self.session, "unit", scope, self.actor.account_id, reviewer_id)
            record(self.session, self.actor, "okr_objective_updated", objective, before,
                   snapshot(objective, ("reviewer_id",)), reason="Nhập từ tệp Excel")
            self.result.updated += 1
        return objective

    def _require_editable(self, objective: Objective) -> None:
        """A draft of the actor's, in an open period."""
        require_changeable(self.session, objective)
        if objective.state != "draft":
            raise DomainError("Mục tiêu đã được thống nhất: không sửa được nội dung, trọng số hay chỉ tiêu.")
        if objective.owner_id != self.actor.account_id:
            raise DomainError("Chỉ người chủ trì mục tiêu sửa được mục tiêu này.")

    def key_result_input(self, row: Row) -> KeyResultInput | None:
        """The typed key result, or None after recording what is wrong with its cells."""
        v, before = row.values, len(self.result.errors)
        values = {}
        for letter, name in (("E", "baseline"), ("F", "target"), ("G", "weight")):
            values[name] = number(v[letter])
            if values[name] is None:
                self.fail(row, letter, "Vui lòng nhập một số (ví dụ: 120 hoặc 12,5).")
        measured_by = MEASURED_BY_LABEL.get(v["H"])
        if measured_by is None:
            self.fail(row, "H", "Vui lòng chọn cách đo trong danh sách.")
        if v["I"] not in ("", YES, NO):
            self.fail(row, "I", f"Vui lòng ghi “{YES}” hoặc “{NO}”.")
        if len(self.result.errors) > before:
            return None
        return KeyResultInput(title=v["C"], baseline=values["baseline"], target=values["target"],
                              weight=values["weight"], measured_by=measured_by, measure_unit=v["D"],
                              allow_over=v["I"] == YES)

    def key_result(self, row: Row, objective: Objective, data: KeyResultInput) -> None:
        """Create or update the key result with this title, and set its linked items to those of the row."""
        self.session.flush()
        items = self.linked(row, data)
        if items is None:
            return
        existing = self.session.exec(select(KeyResult).where(KeyResult.objective_id == objective.id,
                                                             KeyResult.title == data.title.strip())).first()
        try:
            key_result = existing or KeyResult(objective_id=objective.id)
            values = _checked(self.session, objective, data, exclude_id=existing.id if existing else None)
            changed = existing is None or any(getattr(existing, k) != v for k, v in values.items())
            current = {i for (i,) in self.session.execute(select(KeyResultItem.item_id).where(
                KeyResultItem.key_result_id == existing.id))} if existing else set()
            if not changed and current == items:
                self.result.unchanged += 1
                return
            self._require_editable(objective)
        except DomainError as refusal:
            return self.fail(row, COLUMN_OF_FIELD.get(refusal.field, "C"), refusal.message)
        self.apply(key_result, existing, values, current, items)

    def apply(self, key_result: KeyResult, existing: KeyResult | None, values: dict, current: set, items: set):
        """Write the key result and its links, audited."""
        before = snapshot(existing, KR_FIELDS) if existing else {}
        for name, value in values.items():
            setattr(key_result, name, value)
        if existing is None:
            key_result.sort_order = len(self.session.exec(select(KeyResult.id).where(
                KeyResult.objective_id == key_result.objective_id)).all()) + 1
            self.session.add(key_result)
        record(self.session, self.actor, "okr_key_result_updated" if existing else "okr_key_result_created",
               key_result, before, snapshot(key_result, KR_FIELDS), reason="Nhập từ tệp Excel")
        for item_id in current - items:
            self.session.delete(self.session.get(KeyResultItem, (key_result.id, item_id)))
        for item_id in items - current:
            self.session.add(KeyResultItem(key_result_id=key_result.id, item_id=item_id))
        if current != items:
            write(self.session, self.actor, "okr_items_imported", "keyresult", key_result.id, self.unit.id,
                  {"item_ids": sorted(current)}, {"item_ids": sorted(items)})
        self.result.created += existing is None
        self.result.updated += existing is not None

    def linked(self, row: Row, data: KeyResultInput) -> set[int] | None:
        """The item ids of the row's codes, or None after recording an unknown code or a misplaced list."""
        codes = [c.strip() for c in row.values["J"].split(";") if c.strip()]
        if data.measured_by == "checkin" and codes:
            self.fail(row, "J", "Kết quả then chốt cập nhật định kỳ không gắn sản phẩm/công việc: để trống cột này.")
            return None
        if data.measured_by == "items" and not codes:
            self.fail(row, "J", "Vui lòng ghi mã sản phẩm/công việc trong danh mục của đơn vị.")
            return None
        unknown = [c for c in codes if c not in self.items]
        if unknown:
            self.fail(row, "J", f"Mã không có trong danh mục của cơ quan, đơn vị: {', '.join(unknown[:5])}.")
            return None
        return {self.items[c].id for c in codes}
