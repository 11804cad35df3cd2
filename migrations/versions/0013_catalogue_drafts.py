"""Catalogue changes are drafts the head approves, with an effective date; each item keeps its versions, each
assignment the K it was given with.

Revision ID: 0013
Revises: 0011
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    """The batch of proposals, the drafts, and the version history of items."""
    op.create_table(
        'cataloguebatch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('proposed_by_id', sa.Integer(), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('reason', _STR(length=1000), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['useraccount.id'], ),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('cataloguebatch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cataloguebatch_unit_id'), ['unit_id'], unique=False)
    op.create_table(
        'cataloguedraft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', _STR(length=8), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('code', _STR(length=32), nullable=False),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('after', sa.JSON(), nullable=False),
        sa.Column('state', _STR(length=12), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_reason', _STR(length=1000), nullable=False),
        sa.CheckConstraint("kind IN ('new','change','retire')", name='ck_catalogue_draft_kind'),
        sa.CheckConstraint("state IN ('pending','approved','rejected','withdrawn')", name='ck_catalogue_draft_state'),
        sa.ForeignKeyConstraint(['batch_id'], ['cataloguebatch.id'], ),
        sa.ForeignKeyConstraint(['decided_by_id'], ['useraccount.id'], ),
        sa.ForeignKeyConstraint(['item_id'], ['catalogueitem.id'], ),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('cataloguedraft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cataloguedraft_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cataloguedraft_unit_id'), ['unit_id'], unique=False)
    op.create_table(
        'catalogueitemversion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('name', _STR(length=500), nullable=False),
        sa.Column('unit_of_measure', _STR(length=64), nullable=False),
        sa.Column('task_group', _STR(length=1), nullable=False),
        sa.Column('coefficient', sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column('standard_hours', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('applies_to_all', sa.Boolean(), nullable=False),
        sa.Column('position_codes', sa.JSON(), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('effective_to', sa.Date(), nullable=True),
        sa.Column('approved_by_id', sa.Integer(), nullable=True),
        sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('draft_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('coefficient > 0', name='ck_catalogue_item_version_coefficient'),
        sa.ForeignKeyConstraint(['approved_by_id'], ['useraccount.id'], ),
        sa.ForeignKeyConstraint(['draft_id'], ['cataloguedraft.id'], ),
        sa.ForeignKeyConstraint(['item_id'], ['catalogueitem.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('item_id', 'version', name='uq_catalogue_item_version'),
    )
    with op.batch_alter_table('catalogueitemversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogueitemversion_item_id'), ['item_id'], unique=False)
    _assignment_keeps_its_k()


def _assignment_keeps_its_k() -> None:
    """Each assignment keeps the K it was given with; existing ones take their item's K of today."""
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coefficient', sa.Numeric(precision=4, scale=2), nullable=True))
    op.execute("UPDATE assignment SET coefficient = "
               "(SELECT catalogueitem.coefficient FROM catalogueitem WHERE catalogueitem.id = assignment.item_id)")


def downgrade() -> None:
    """Drop the three tables and the assignment's K."""
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('coefficient')
    op.drop_table('catalogueitemversion')
    op.drop_table('cataloguedraft')
    op.drop_table('cataloguebatch')
