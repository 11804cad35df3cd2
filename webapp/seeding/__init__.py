"""`flask seed`: load seeds/ idempotently, upserting on natural codes."""
from collections import Counter
from pathlib import Path

from sqlmodel import Session

from .catalogue import load_catalogue
from .lines import load_lines
from .org import load_org
from .people import load_people
from .reference import load_holidays, load_rulesets


def load_all(session: Session, root: Path, demo_accounts: bool = True,
             force_change: bool = False) -> dict[str, tuple[int, int]]:
    """Load every seed file in one transaction (the people and their accounts only with demo_accounts;
    new accounts must change their password at first login with force_change); {table: (added, updated)}."""
    counts: Counter = Counter()
    units = load_org(session, root, counts)
    for unit in units.values():
        load_catalogue(session, root / "units" / unit.code, unit, counts)
    if demo_accounts:
        load_people(session, root, units, counts, force_change)
        load_lines(session, units, counts)
    load_rulesets(session, root / "rulesets", counts)
    load_holidays(session, root / "holidays", counts)
    session.commit()
    tables = sorted({table for table, _ in counts})
    return {t: (counts[(t, "added")], counts[(t, "updated")]) for t in tables}
