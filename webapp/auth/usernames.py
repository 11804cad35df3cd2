"""The username rule for accounts made by the app (staff added in a list or imported from Excel).

A username is the unit's prefix, a dot, and the full name folded to ASCII without spaces, lowercase:
Lê Thị Thu Hằng of phường Hạc Thành (prefix "ht") is "ht.lethithuhang", as the seeded accounts are. When
that name is taken, the smallest free number from 2 is appended ("ht.lethithuhang2"). Only a-z, 0-9
and the dot remain, so a username can be read aloud and typed on any keyboard layout.
"""
import re

from sqlalchemy import select
from sqlmodel import Session

from ..models import Unit, UserAccount
from ..text import fold

MAX_LENGTH = 64  # UserAccount.username
PREFIX = re.compile(r"[a-z][a-z0-9]{0,15}")


def name_part(full_name: str) -> str:
    """The folded name: letters and digits only ("Nguyễn Văn Đức" → "nguyenvanduc")."""
    return re.sub(r"[^a-z0-9]", "", fold(full_name)) or "canbo"


def username_base(unit: Unit, full_name: str) -> str:
    """prefix.name, cut so that a number can still be appended within the column's length."""
    return f"{unit.username_prefix}.{name_part(full_name)}"[: MAX_LENGTH - 3]


def new_username(session: Session, unit: Unit, full_name: str, reserved: set[str] = frozenset()) -> str:
    """The first free username for this person (reserved: names already given in the same batch)."""
    base = username_base(unit, full_name)
    # base holds only a-z, 0-9 and ".", none of which LIKE treats as a wildcard.
    taken = set(session.execute(select(UserAccount.username).where(UserAccount.username.like(f"{base}%"))).scalars())
    return first_free(base, taken | {name for name in reserved if name.startswith(base)})


def first_free(base: str, taken: set[str]) -> str:
    """base, or base with the smallest number from 2 that is not taken."""
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def new_usernames(session: Session, unit: Unit, full_names: list[str]) -> list[str]:
    """new_username for a batch (an Excel import of thousands): the unit's taken names read once, each name
    given reserved for the next ones; the same rule, one query instead of one per person."""
    taken = set(session.execute(select(UserAccount.username)
                                .where(UserAccount.username.like(f"{unit.username_prefix}.%"))).scalars())
    names = []
    for full_name in full_names:
        names.append(first_free(username_base(unit, full_name), taken))
        taken.add(names[-1])
    return names
