"""The figures of the monthly report and of the quarter's review, from the index's month rows.

How a quarter is made of its three months (what a careful official reports, and what the PDF says in its
note):
- counts are summed (within a unit and across units): sheets due and sheets evaluated are person-months
  ("lượt"), the band distribution is the distribution of the three months' classifications (lượt xếp
  loại), not a re-classification of people on their quarter's average (Nghị định 335 classifies by month; a quarter or year average is the unit's
  own decision at year end);
- within a unit, the average points is the mean over every evaluated sheet of the quarter (the months' means
  weighted by their evaluated sheets), and each percentage is the sum of its numerators over the sum of its
  denominators (evaluated / due, converted work completed / assigned, entries on time / approved entries,
  diary days / working days), never a mean of monthly percentages;
- a unit is late, or over the cap, in the quarter if it was in any of its months (the months are named);
- the headcount is the last month's; OKR progress, being cumulative, is the last month's that has one.
A scope's totals follow the index's roll-up (webapp.performance.indicators), so that a month's report agrees with
the province page: counts summed, shares as ratios of the sums, and the means (average points, diary coverage,
OKR progress) weighted by headcount over the units that have the figure — in a quarter by the units'
person-months (sheets due), which is the headcount of each month added up.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .narrative import Figures, share

BAND_CODES = ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")
BAND_NAMES = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
              "Không hoàn thành nhiệm vụ")
ZERO = Decimal(0)


@dataclass(frozen=True)
class MonthRow:
    """One unit's index figures for one month (as the index's summary table holds them)."""

    unit_id: int
    month: date
    headcount: int = 0
    due: int = 0  # sheets due
    evaluated: int = 0  # scored by the manager or further
    points_sum: Decimal = ZERO  # over the evaluated sheets with points
    points_count: int = 0
    bands: tuple[int, int, int, int] = (0, 0, 0, 0)
    work_done: Decimal = ZERO  # converted quantities
    work_assigned: Decimal = ZERO
    on_time: Decimal = ZERO
    completed: Decimal = ZERO  # the base of the on-time share
    overdue: int = 0
    diary_days: int = 0
    working_days: int = 0  # person-days
    okr_percent: Decimal | None = None
    late: bool = False
    over_cap: bool = False
    waiting: tuple[int, int, int] = (0, 0, 0)  # sheets missing or at draft, at self-assessment, at manager review


@dataclass
class UnitFigures:
    """A unit's (or a scope's) figures for the report's period: its month rows summed."""

    unit_id: int | None
    name: str = ""
    is_pilot: bool = False
    bloc: str = ""
    headcount: int = 0
    due: int = 0
    evaluated: int = 0
    points_sum: Decimal = ZERO
    points_count: int = 0
    bands: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    work_done: Decimal = ZERO
    work_assigned: Decimal = ZERO
    on_time: Decimal = ZERO
    completed: Decimal = ZERO
    overdue: int = 0
    diary_days: int = 0
    working_days: int = 0
    okr_percent: Decimal | None = None
    late_months: list[date] = field(default_factory=list)
    over_cap_months: list[date] = field(default_factory=list)
    waiting: list[int] = field(default_factory=lambda: [0, 0, 0])
    months: int = 0
    weighted: dict = field(default_factory=dict)  # a scope's headcount-weighted means, by property name

    @property
    def evaluated_percent(self) -> Decimal | None:
        return share(self.evaluated, self.due)

    @property
    def average_points(self) -> Decimal | None:
        if "average_points" in self.weighted:
            return self.weighted["average_points"]
        return None if not self.points_count else self.points_sum / self.points_count

    @property
    def work_percent(self) -> Decimal | None:
        return None if not self.work_assigned else self.work_done * 100 / self.work_assigned

    @property
    def on_time_percent(self) -> Decimal | None:
        return None if not self.completed else self.on_time * 100 / self.completed

    @property
    def diary_percent(self) -> Decimal | None:
        if "diary_percent" in self.weighted:
            return self.weighted["diary_percent"]
        return share(self.diary_days, self.working_days)

    @property
    def excellent_percent(self) -> Decimal | None:
        return share(self.bands[0], sum(self.bands))

    def band_percents(self) -> list[Decimal | None]:
        """Each band's share of those classified."""
        return [share(count, sum(self.bands)) for count in self.bands]


_SUMMED = ("due", "evaluated", "points_sum", "points_count", "work_done", "work_assigned", "on_time", "completed",
           "overdue", "diary_days", "working_days")


def add_month(total: UnitFigures, row: MonthRow) -> None:
    """Add one month of one unit (rows in month order: the last headcount and OKR progress stay)."""
    for name in _SUMMED:
        setattr(total, name, getattr(total, name) + getattr(row, name))
    total.bands = [a + b for a, b in zip(total.bands, row.bands)]
    total.waiting = [a + b for a, b in zip(total.waiting, row.waiting)]
    total.headcount, total.months = row.headcount, total.months + 1
    total.okr_percent = row.okr_percent if row.okr_percent is not None else total.okr_percent
    if row.late:
        total.late_months.append(row.month)
    if row.over_cap:
        total.over_cap_months.append(row.month)


def unit_figures(units: list[tuple[int, str, bool, str]], rows: list[MonthRow]) -> list[UnitFigures]:
    """Each unit (id, name, is_pilot, bloc name) with its rows of the period summed, in the order given."""
    lines = {uid: UnitFigures(uid, name, pilot, bloc) for uid, name, pilot, bloc in units}
    for row in sorted(rows, key=lambda r: r.month):
        if row.unit_id in lines:
            add_month(lines[row.unit_id], row)
    return list(lines.values())


def weighted_mean(lines: list[UnitFigures], name: str) -> Decimal | None:
    """Σ (figure × sheets due) / Σ sheets due over the units that have the figure (due: headcount, person-months)."""
    pairs = [(getattr(line, name), line.due) for line in lines if getattr(line, name) is not None and line.due]
    weight = sum(due for _, due in pairs)
    return sum(value * due for value, due in pairs) / weight if weight else None


def scope_total(lines: list[UnitFigures]) -> UnitFigures:
    """The scope's figures: the units' sums; average points, diary coverage and OKR progress weighted by headcount."""
    total = UnitFigures(None, "Tổng cộng", months=max((line.months for line in lines), default=0))
    for line in lines:
        for name in (*_SUMMED, "headcount"):
            setattr(total, name, getattr(total, name) + getattr(line, name))
        total.bands = [a + b for a, b in zip(total.bands, line.bands)]
        total.waiting = [a + b for a, b in zip(total.waiting, line.waiting)]
    total.weighted = {name: weighted_mean(lines, name) for name in ("average_points", "diary_percent")}
    total.okr_percent = weighted_mean(lines, "okr_percent")
    return total


def has_data(line: UnitFigures) -> bool:
    """A period the index has figures for (a previous month before the app started has none)."""
    return line.months > 0


def pending(lines: list[UnitFigures]) -> list[UnitFigures]:
    """Units not every person of which is evaluated yet, though not late (their due date has not passed)."""
    return [line for line in lines if line.evaluated < line.due and not line.late_months]


def figures(lines: list[UnitFigures], total: UnitFigures, counted: str = "người", due_text: str = "") -> Figures:
    """What the narrative words (counted: "lượt" for a quarter's person-months)."""
    return Figures(units=len(lines), staff=total.due, evaluated=total.evaluated, average_points=total.average_points,
                   bands=tuple(total.bands), band_names=BAND_NAMES, work_done_percent=total.work_percent,
                   on_time_percent=total.on_time_percent, diary_percent=total.diary_percent,
                   units_late=sum(1 for line in lines if line.late_months),
                   units_over_cap=sum(1 for line in lines if line.over_cap_months),
                   sole_unit=lines[0].name if len(lines) == 1 else "", counted=counted,
                   units_pending=len(pending(lines)), due_text=due_text)
