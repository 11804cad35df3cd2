"""The migrations and the models do not drift; the seeds load idempotently."""
from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, func, select

import webapp.models as models
from webapp.seeding import load_all

from ..conftest import SEEDS

PILOTS = ("hac-thanh", "dong-son", "so-noi-vu", "so-khcn")


def test_the_migrations_create_exactly_the_models(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    assert compare_metadata(context, SQLModel.metadata) == []


def _row_counts(session) -> dict[str, int]:
    """Rows per table."""
    return {name: session.exec(select(func.count()).select_from(getattr(models, name))).one()
            for name in models.__all__}


def test_seeding_twice_changes_nothing(session):
    before = _row_counts(session)
    changes = load_all(session, SEEDS)
    assert all(added == 0 and updated == 0 for added, updated in changes.values()), changes
    assert _row_counts(session) == before


def test_every_pilot_unit_has_at_least_40_catalogue_items_and_one_standard_product(session):
    from webapp.models import CatalogueItem, Unit
    for code in PILOTS:
        unit = session.exec(select(Unit).where(Unit.code == code)).one()
        items = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id)).all()
        assert len(items) >= 40, code
        assert any(item.coefficient == 1 for item in items)
        assert all(Decimal("0.8") <= item.coefficient <= 2 for item in items)


def test_the_default_rule_set_is_nghi_dinh_335(session):
    from webapp.models import RuleSet
    default = session.exec(select(RuleSet).where(RuleSet.is_default)).one()
    assert "335/2025/NĐ-CP" in default.legal_reference


def test_the_2026_holidays_are_loaded(session):
    from datetime import date
    from webapp.models import Holiday
    days = set(session.exec(select(Holiday.day)).all())
    assert {date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)} <= days
