"""Thời hạn của từng bước đánh giá tháng (configuration, domain.md §6: "Deadlines are configuration").

Each stage is due on the nth working day (Monday–Friday less the holiday calendar) of the month after the one
evaluated: SHEET_SELF_ASSESSMENT_DUE (default 3: the person self-assesses once the month's diary is approved),
SHEET_REVIEW_DUE (5: two working days for the direct manager) and SHEET_APPROVAL_DUE (7: two more for the head,
leaving the rest of the month to publish, answer appeals and report before the 25th). A sheet is late at a stage
when it is still at or before that stage after the stage's due date; since the due dates follow one another, a
late sheet is listed at the stage it stands at, which says whom it waits on.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from ..workdays import working_days

STAGES = ("self_assessment", "review", "approval")
STAGE_LABELS = {"self_assessment": "Tự đánh giá", "review": "Lãnh đạo trực tiếp đánh giá",
                "approval": "Thủ trưởng phê duyệt"}
STAGE_SHORT = {"self_assessment": "Tự đánh giá", "review": "Lãnh đạo trực tiếp", "approval": "Thủ trưởng"}
WAITING_LABELS = {"self_assessment": "chờ tự đánh giá", "review": "chờ lãnh đạo trực tiếp đánh giá",
                  "approval": "chờ thủ trưởng phê duyệt"}
# "none": an active person of the unit whose sheet is not opened yet; it opens at their first visit, so they
# stand at self-assessment as a draft does.
STAGE_OF_STATE = {"none": "self_assessment", "draft": "self_assessment", "self_assessed": "review",
                  "reviewed": "approval"}
SETTINGS = {"self_assessment": "SHEET_SELF_ASSESSMENT_DUE", "review": "SHEET_REVIEW_DUE",
            "approval": "SHEET_APPROVAL_DUE"}
MAX_DAY = 20  # a stage is due within the next month (a month of Tết holidays has fewer days: its last one)


def due_days(config) -> dict[str, int]:
    """The configured working day of each stage, checked: 1 to 20, in the order of the workflow."""
    days = {stage: int(config[SETTINGS[stage]]) for stage in STAGES}
    values = [days[stage] for stage in STAGES]
    if not all(1 <= v <= MAX_DAY for v in values) or values != sorted(values):
        raise ValueError(f"{', '.join(SETTINGS.values())} phải từ 1 đến {MAX_DAY} và không giảm dần "
                         f"(hiện tại {values}).")
    return days


def next_month(first: date) -> date:
    """The first day of the month after."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Deadlines:
    """The due date of each stage of a month's sheets, and the day they are judged on."""

    month: date
    due: dict[str, date]
    today: date

    def overdue(self, stage: str | None) -> bool:
        """The stage's due date has passed."""
        return stage is not None and self.today > self.due[stage]

    def late(self, state: str) -> bool:
        """A sheet in this state (or "none") is late: the stage it stands at is overdue."""
        return self.overdue(STAGE_OF_STATE.get(state))

    def late_states(self) -> list[str]:
        """The states whose sheets are late today."""
        return [state for state in STAGE_OF_STATE if self.late(state)]


def deadlines(session: Session, config, first: date, today: date) -> Deadlines:
    """The due dates of the month starting `first` (the nth working day of the next month; the last working day
    when a month of holidays has fewer)."""
    start = next_month(first)
    days = working_days(session, start, next_month(start) - timedelta(days=1))
    due = {stage: days[min(n, len(days)) - 1] for stage, n in due_days(config).items()}
    return Deadlines(first, due, today)
