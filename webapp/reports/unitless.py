"""The report kinds that belong to no unit, each with who may see its job, whose it is and its file's title:
the user guide (everyone's), the pilot review (every pilot unit side by side) and the province's reports (a bloc
or the whole province). Kinds of a unit are checked against the unit (service.check_scope)."""
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from ..auth.actor import Actor
from ..formatting import parse_vn_month
from ..models import ReportJob
from ..pilot.access import require_viewer as require_pilot_viewer
from ..pilot.span import MonthSpan
from .province_scope import PROVINCE_KINDS, check_province_scope, scope_label

GUIDE = "guide"  # the user guide's PDF (webapp/guide): no unit, the same for everyone
PILOT_REVIEW = "pilot_review"  # Báo cáo tổng kết thí điểm (webapp/pilot): no unit, every pilot unit side by side


@dataclass(frozen=True)
class UnitlessKind:
    """How a kind without a unit is named, checked and labelled."""

    label: str  # in the job lists
    title: str  # at the start of its file's name
    check: Callable[[Actor, ReportJob], None]  # refuses an actor who may not see the job
    subject: Callable[[Session, ReportJob], str]  # whose report it is
    period: Callable[[dict], str] | None = None  # its period from the params, when not the common one
    fixed_name: str = ""  # the whole file name, when it never changes


def pilot_span_label(params: dict) -> str:
    """"Từ tháng 06/2026 đến tháng 07/2026" from a pilot review job's months ("2026-06", "2026-07")."""
    first, last = (parse_vn_month(params.get(key)) for key in ("from", "to"))
    return MonthSpan(first, last, last).label if first and last else ""


def _anyone(actor: Actor, job: ReportJob) -> None:
    """The guide is everyone's."""


def _pilot_viewer(actor: Actor, job: ReportJob) -> None:
    """Whoever may read the pilot review now, its requester too."""
    require_pilot_viewer(actor)


def _province_viewer(actor: Actor, job: ReportJob) -> None:
    """The bloc's organisers or the administrator, whoever asked for it."""
    check_province_scope(actor, job.params.get("bloc_id"))


def _province_subject(session: Session, job: ReportJob) -> str:
    """The bloc or the province, and whether only the pilot units are in it."""
    pilot = " (đơn vị thí điểm)" if job.params.get("pilot_only") else ""
    return scope_label(session, job.params.get("bloc_id")) + pilot


UNITLESS = {
    GUIDE: UnitlessKind("Hướng dẫn sử dụng", "Hướng dẫn sử dụng", _anyone, lambda session, job: "Mọi vai trò",
                        fixed_name="Hướng dẫn sử dụng OKR-KPI Thanh Hóa.pdf"),
    PILOT_REVIEW: UnitlessKind("Báo cáo tổng kết thí điểm", "Tổng kết thí điểm", _pilot_viewer,
                               lambda session, job: "Các đơn vị thí điểm", pilot_span_label),
    **{kind: UnitlessKind(label, label, _province_viewer, _province_subject) for kind, label in PROVINCE_KINDS.items()},
}
