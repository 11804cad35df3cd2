"""`flask seed`: load seeds/ idempotently, upserting on natural codes."""
from collections import Counter
from pathlib import Path

from sqlmodel import Session

from .catalogue import load_catalogue
from .org import load_org
from .people import load_people
from .reference import load_holidays, load_rulesets


def load_all(session: Session, root: Path) -> dict[str, tuple[int, int]]:
    """Load every seed file in one transaction; return {table: (added, updated)}."""
    counts: Counter = Counter()
    units = load_org(session, root, counts)
    for unit in units.values():
        load_catalogue(session, root / "units" / unit.code, unit, counts)
    load_people(session, root, units, counts)
    load_rulesets(session, root / "rulesets", counts)
    load_holidays(session, root / "holidays", counts)
    session.commit()
    tables = sorted({table for table, _ in counts})
    return {t: (counts[(t, "added")], counts[(t, "updated")]) for t in tables}
