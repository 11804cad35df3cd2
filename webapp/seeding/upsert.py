"""Idempotent upserts on natural keys, counting what changed."""
from collections import Counter

from sqlmodel import Session, SQLModel, select


class Upserter:
    """Insert or update rows of one model by a natural key, loading existing rows once."""

    def __init__(self, session: Session, model: type[SQLModel], key: tuple[str, ...], counts: Counter):
        self.session, self.model, self.key, self.counts = session, model, key, counts
        self.rows = {tuple(getattr(r, k) for k in key): r for r in session.exec(select(model)).all()}

    def put(self, values: dict, create_only: dict | None = None) -> SQLModel:
        """Upsert one row; create_only values (like password hashes) are set on insert only."""
        key = tuple(values[k] for k in self.key)
        row = self.rows.get(key)
        name = self.model.__tablename__
        if row is None:
            row = self.model(**values, **(create_only or {}))
            self.session.add(row)
            self.session.flush()
            self.rows[key] = row
            self.counts[(name, "added")] += 1
            return row
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        for field, value in changed.items():
            setattr(row, field, value)
        if changed:
            self.counts[(name, "updated")] += 1
        return row
