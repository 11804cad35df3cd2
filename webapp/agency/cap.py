"""The cap exception: a unit whose yearly evaluation was approved at a band the rule set names (Hoàn thành xuất
sắc nhiệm vụ) has its staff's cap checked at the rule set's higher share (`cap.outstanding_unit_share`)."""
from sqlmodel import Session, select

from ..models import AgencyEvaluation


def outstanding_unit(session: Session, rules, unit_id: int, period_year: int) -> bool:
    """Whether the rule set's exception applies to the unit's periods of that year."""
    agency = rules.agency
    exception = agency.cap_exception if agency is not None else None
    if exception is None or rules.cap.outstanding_unit_share is None:
        return False
    band = session.exec(select(AgencyEvaluation.band).where(
        AgencyEvaluation.unit_id == unit_id, AgencyEvaluation.year == exception.rating_year_for(period_year),
        AgencyEvaluation.state == "approved")).first()
    return band in exception.unit_bands
