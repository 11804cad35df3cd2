"""Proposing catalogue changes: the personnel officer (or the admin) drafts new, changed or retired items with an
effective date and a reason; the head decides (catalog/decisions.py). One batch per form or per Excel import.

`propose_batch(session, actor, unit, proposals, effective_from, reason)` takes plain values (Proposal) so the
Excel import can call it with a list; every proposal is checked before anything is written (all or none).
"""
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..auth.scope import require_unit
from ..clock import EARLIEST_DATE, LATEST_DATE
from ..errors import DomainError, Forbidden
from ..evaluations.rulesets import default_ruleset_row, rules_of
from ..models import CatalogueBatch, CatalogueDraft, CatalogueItem, JobPosition, Unit
from ..periods.service import STATE_LABELS, find_periods
from ..text import tidy
from . import versions

PROPOSERS = ("personnel", "admin")
KIND_LABELS = {"new": "Thêm mới", "change": "Sửa đổi", "retire": "Ngừng áp dụng"}
LIMITS = {"code": 32, "name": 500, "unit_of_measure": 64}
MAX_REASON = 1000
MAX_HOURS = Decimal("9999.99")
MAX_BATCH = 20000
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Proposal:
    """One proposed change in plain values; for a change, None keeps the current value.
    positions: position codes, or ("*",) for every position of the unit."""

    kind: str
    code: str
    name: str | None = None
    unit_of_measure: str | None = None
    task_group: str | None = None
    coefficient: Decimal | None = None
    standard_hours: Decimal | None = None
    positions: tuple[str, ...] | None = None


class ProposalError(DomainError):
    """A refused proposal of a batch; index is its place in the list (0-based), for the import's row numbers."""

    def __init__(self, message: str, index: int, field: str | None, plain: str):
        super().__init__(message, field)
        self.index, self.plain = index, plain


def may_propose(actor: Actor, unit: Unit) -> bool:
    """True for the personnel officer of the unit and the admin."""
    return actor.role == "admin" or (actor.role == "personnel" and actor.unit_id == unit.id)


def require_proposer(actor: Actor, unit: Unit) -> None:
    """The personnel officer of the unit, or the admin."""
    require_unit(actor, unit)
    if not may_propose(actor, unit):
        raise Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị (hoặc quản trị hệ thống) được đề xuất "
                        "thay đổi danh mục.")


def propose(session: Session, actor: Actor, unit: Unit, proposal: Proposal, effective_from: date | None,
            reason: str) -> CatalogueBatch:
    """One proposal as a batch of one."""
    try:
        return propose_batch(session, actor, unit, [proposal], effective_from, reason)
    except ProposalError as refusal:
        raise DomainError(refusal.plain, refusal.field) from None


def propose_batch(session: Session, actor: Actor, unit: Unit, proposals: list[Proposal], effective_from: date | None,
                  reason: str) -> CatalogueBatch:
    """Record the proposals as pending drafts of one batch, each audited; one commit."""
    batch = stage_batch(session, actor, unit, proposals, effective_from, reason)
    session.commit()
    return batch


def stage_batch(session: Session, actor: Actor, unit: Unit, proposals: list[Proposal], effective_from: date | None,
                reason: str) -> CatalogueBatch:
    """propose_batch without the commit, for a caller whose own transaction holds it (the Excel import)."""
    require_proposer(actor, unit)
    reason = _reason(reason)
    check_effective_date(session, unit.id, effective_from)
    if not proposals or len(proposals) > MAX_BATCH:
        raise DomainError(f"Cần từ 1 đến {MAX_BATCH} đề xuất trong một lần gửi.")
    context = _Context(session, unit, effective_from)
    drafts = [context.draft(index, proposal) for index, proposal in enumerate(proposals)]
    batch = CatalogueBatch(unit_id=unit.id, proposed_by_id=actor.account_id, effective_from=effective_from,
                           reason=reason)
    session.add(batch)
    session.flush()
    for draft in drafts:
        draft.batch_id = batch.id
        session.add(draft)
        record(session, actor, "catalogue_draft_proposed", draft, {}, snapshot(draft), reason=reason)
    session.flush()
    return batch


def _reason(text: str) -> str:
    """The reason, required and bounded."""
    reason = tidy(text)
    if not reason:
        raise DomainError("Vui lòng nêu lý do thay đổi danh mục.", field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(f"Lý do tối đa {MAX_REASON} ký tự.", field="reason")
    return reason


def check_effective_date(session: Session, unit_id: int, day: date | None) -> date:
    """A date in the app's range whose month is still open for the unit (never a closing or closed period)."""
    if day is None or not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DomainError("Vui lòng nhập ngày hiệu lực hợp lệ (dd/mm/yyyy).", field="effective_from")
    for period in find_periods(session, day, [unit_id]):
        if period.state != "open":
            raise DomainError(
                f"Ngày hiệu lực {day:%d/%m/%Y} thuộc kỳ đánh giá tháng {day.month:02d}/{day.year} đang ở trạng thái "
                f"“{STATE_LABELS[period.state]}”: không thể thay đổi danh mục trong kỳ này.", field="effective_from")
    return day


class _Context:
    """What checking a batch needs once: the unit's items, positions, pending codes and the K range."""

    def __init__(self, session: Session, unit: Unit, day: date):
        self.session, self.unit, self.day = session, unit, day
        self.items = {i.code: i for i in session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id))}
        self.positions = set(session.exec(select(JobPosition.code).where(JobPosition.unit_id == unit.id,
                                                                         JobPosition.active)))
        self.pending = set(session.exec(select(CatalogueDraft.code).where(
            CatalogueDraft.unit_id == unit.id, CatalogueDraft.state == "pending")))
        self.k_rule = rules_of(default_ruleset_row(session, day)).coefficient
        self.seen: set[str] = set()

    def draft(self, index: int, proposal: Proposal) -> CatalogueDraft:
        """The checked draft of one proposal, or a ProposalError naming it."""
        try:
            return self._draft(proposal)
        except DomainError as refusal:
            code = tidy(proposal.code if isinstance(proposal.code, str) else "")[:LIMITS["code"]]
            raise ProposalError(f"Đề xuất thứ {index + 1} (mã {code}): {refusal.message}", index, refusal.field,
                                refusal.message) from None

    def _draft(self, proposal: Proposal) -> CatalogueDraft:
        """Check the proposal against the unit's catalogue."""
        code = _text(proposal.code, "code", "Mã")
        if proposal.kind not in KIND_LABELS:
            raise DomainError("Loại đề xuất không hợp lệ.", field="kind")
        if code in self.seen:
            raise DomainError(f"Mã {code} xuất hiện hai lần trong cùng một lần đề xuất.", field="code")
        if code in self.pending:
            raise DomainError(f"Mã {code} đang có đề xuất chờ thủ trưởng duyệt.", field="code")
        self.seen.add(code)
        item = self.items.get(code)
        if proposal.kind == "new":
            if item is not None:
                raise DomainError(f"Mã {code} đã có trong danh mục của cơ quan, đơn vị.", field="code")
            return self._new(code, proposal)
        if item is None or not item.active:
            raise DomainError(f"Không tìm thấy sản phẩm/công việc mã {code} trong danh mục.", field="code")
        return self._change(item, proposal)

    def _new(self, code: str, proposal: Proposal) -> CatalogueDraft:
        """A new item: every value given."""
        missing = replace(proposal, positions=proposal.positions or None)
        for name, label in (("name", "Tên"), ("unit_of_measure", "Đơn vị tính"), ("task_group", "Nhóm"),
                            ("coefficient", "Hệ số K"), ("positions", "Vị trí việc làm áp dụng")):
            if getattr(missing, name) in (None, ""):
                raise DomainError(f"Vui lòng nhập {label.lower()} của sản phẩm/công việc mới.", field=name)
        after = {"code": code, **self._values(proposal, {})}
        return CatalogueDraft(unit_id=self.unit.id, kind="new", code=code, before={}, after=_jsonable(after))

    def _change(self, item: CatalogueItem, proposal: Proposal) -> CatalogueDraft:
        """A changed or retired item, from its current values; the date comes after its newest version's."""
        if item.effective_to is not None and item.effective_to < self.day:
            raise DomainError(f"Sản phẩm/công việc mã {item.code} đã ngừng áp dụng.", field="code")
        newest = versions.latest(self.session, item.id)
        start = newest.effective_from if newest else item.effective_from
        if self.day < start:
            raise DomainError(f"Ngày hiệu lực phải từ {start:%d/%m/%Y} (ngày hiệu lực của phiên bản hiện hành) "
                              "trở đi.", field="effective_from")
        before = versions.values_of(self.session, item)
        if proposal.kind == "retire":
            return CatalogueDraft(unit_id=self.unit.id, kind="retire", item_id=item.id, code=item.code,
                                  before=_jsonable(before), after={})
        after = {"code": item.code, **self._values(proposal, before), "version": item.version}
        if _jsonable(after) == _jsonable(before):
            raise DomainError(f"Đề xuất cho mã {item.code} không thay đổi giá trị nào.", field="code")
        return CatalogueDraft(unit_id=self.unit.id, kind="change", item_id=item.id, code=item.code,
                              before=_jsonable(before), after=_jsonable(after))

    def _values(self, proposal: Proposal, current: dict) -> dict:
        """The item's values after the proposal: the given ones checked, the others kept."""
        given = {name: getattr(proposal, name) for name in ("name", "unit_of_measure", "task_group", "coefficient",
                                                             "standard_hours")}
        values = {**{k: v for k, v in current.items() if k in given},
                  **{k: v for k, v in given.items() if v is not None}}
        values["name"] = _text(values.get("name"), "name", "Tên")
        values["unit_of_measure"] = _text(values.get("unit_of_measure"), "unit_of_measure", "Đơn vị tính")
        if values.get("task_group") not in ("A", "B", "C", "D"):
            raise DomainError("Nhóm phải là A, B, C hoặc D.", field="task_group")
        values["coefficient"] = self._k(values.get("coefficient"))
        values["standard_hours"] = _hours(values.get("standard_hours"))
        positions = self._positions(proposal.positions) if proposal.positions else current.get("positions", [])
        values["applies_to_all"] = positions == [versions.ALL_POSITIONS]
        values["positions"] = positions
        return values

    def _k(self, k) -> Decimal:
        """K > 0, two decimals at most, within the rule set's range."""
        k = Decimal(str(k)) if k is not None else None
        if k is None or not k.is_finite() or k <= 0:
            raise DomainError("Hệ số K phải lớn hơn 0.", field="coefficient")
        if k != k.quantize(Decimal("0.01")):
            raise DomainError("Hệ số K có tối đa 2 chữ số thập phân.", field="coefficient")
        rule = self.k_rule
        if rule is None:
            raise DomainError("Bộ quy tắc đánh giá chưa quy định khoảng hệ số K: liên hệ quản trị hệ thống.")
        if not rule.allows(k):
            raise DomainError(f"Hệ số K phải từ {_vn(rule.low)} đến {_vn(rule.high)} ({rule.legal_reference}).",
                              field="coefficient")
        return k.quantize(Decimal("0.01"))

    def _positions(self, codes: tuple[str, ...]) -> list[str]:
        """Known position codes of the unit, or ["*"] for all."""
        cleaned = sorted({tidy(code) for code in codes if tidy(code)})
        if versions.ALL_POSITIONS in cleaned:
            return [versions.ALL_POSITIONS]
        unknown = [code for code in cleaned if code not in self.positions]
        if unknown or not cleaned:
            raise DomainError(f"Vị trí việc làm không có (hoặc đã ngừng sử dụng) trong cơ quan, đơn vị: "
                              f"{', '.join(unknown[:5])}."
                              if unknown else "Vui lòng chọn vị trí việc làm áp dụng.", field="positions")
        return cleaned


def _text(value, field: str, label: str) -> str:
    """Required text, cleaned and bounded."""
    text = tidy(value if isinstance(value, str) else "")
    if not text:
        raise DomainError(f"Vui lòng nhập {label.lower()}.", field=field)
    if len(text) > LIMITS[field]:
        raise DomainError(f"{label} tối đa {LIMITS[field]} ký tự.", field=field)
    return text


def _hours(value) -> Decimal | None:
    """Optional standard hours: above 0, at most 9999,99, two decimals."""
    if value in (None, ""):
        return None
    hours = Decimal(str(value))
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS or hours != hours.quantize(Decimal("0.01")):
        raise DomainError("Giờ chuẩn phải lớn hơn 0, tối đa 9999,99 và có tối đa 2 chữ số thập phân.",
                          field="standard_hours")
    return hours


def _vn(number: Decimal) -> str:
    """2.0 → "2,0"."""
    return f"{number}".replace(".", ",")


def _jsonable(values: dict) -> dict:
    """Decimals as strings (the draft's JSON keeps them exactly)."""
    return {k: (f"{v.quantize(CENT):f}" if isinstance(v, Decimal) else v) for k, v in values.items()}
