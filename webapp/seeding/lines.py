"""The pilot units' reporting lines: defaults resolved, the superior evaluator chosen when a sensible one exists."""
from collections import Counter

from sqlmodel import Session, select

from ..models import Unit, UserAccount
from ..org.lines import reset_default_lines


def load_lines(session: Session, units: dict[str, Unit], counts: Counter) -> None:
    """Resolve every unit's lines; a pilot unit without a superior evaluator gets its bloc's organiser (the
    superior level that evaluated heads before lines were explicit); a choice already made is kept."""
    for unit in units.values():
        counts[("person", "updated")] += reset_default_lines(session, unit.id)
        if unit.is_pilot and unit.superior_evaluator_id is None:
            organiser = session.exec(select(UserAccount).where(
                UserAccount.role == "organiser", UserAccount.bloc_id == unit.bloc_id, UserAccount.active)
                .order_by(UserAccount.id)).first()
            if organiser is not None:
                unit.superior_evaluator_id = organiser.id
                session.add(unit)
                counts[("unit", "updated")] += 1
    session.flush()
