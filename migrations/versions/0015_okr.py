"""OKR: objectives by level with owner, reviewer, state and period dates; many-to-many alignment replacing the
parent column; key results with weight and over-achievement; check-ins with confidence and evidence.

The OKR tables had no writer before this revision, so the new non-null columns need no back-fill.

Revision ID: 0015
Revises: 0012
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0015'
down_revision = '0012'
branch_labels = None
depends_on = None

_SCOPE = (
    "(level = 'province' AND bloc_id IS NULL AND unit_id IS NULL AND division_id IS NULL AND person_id IS NULL)"
    " OR (level = 'bloc' AND bloc_id IS NOT NULL AND unit_id IS NULL AND division_id IS NULL AND person_id IS NULL)"
    " OR (level = 'unit' AND bloc_id IS NOT NULL AND unit_id IS NOT NULL AND division_id IS NULL"
    " AND person_id IS NULL)"
    " OR (level = 'division' AND bloc_id IS NOT NULL AND unit_id IS NOT NULL AND division_id IS NOT NULL"
    " AND person_id IS NULL)"
    " OR (level = 'person' AND bloc_id IS NOT NULL AND unit_id IS NOT NULL AND division_id IS NULL"
    " AND person_id IS NOT NULL)"
)


def _string(length: int):
    """The column type SQLModel gives a str field."""
    return sqlmodel.sql.sqltypes.AutoString(length=length)


FILL = """
INSERT INTO itemworksummary (person_id, unit_id, item_id, month, coefficient, quantity, entries, last_approved_at)
SELECT person_id, unit_id, item_id, substr(CAST(work_date AS TEXT), 1, 7), coefficient, sum(quantity), count(*),
       max(reviewed_at)
FROM diaryentry WHERE status = 'approved'
GROUP BY person_id, unit_id, item_id, substr(CAST(work_date AS TEXT), 1, 7), coefficient
"""


def upgrade() -> None:
    """New columns, checks and indexes; the alignment table; approved work per item, filled from the diary."""
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.drop_column('parent_id')
        batch_op.add_column(sa.Column('level', _string(16), nullable=False))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('reviewer_id', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('state', _string(8), nullable=False, server_default='draft'))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=False))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=False))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key('fk_objective_owner', 'useraccount', ['owner_id'], ['id'])
        batch_op.create_foreign_key('fk_objective_reviewer', 'useraccount', ['reviewer_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_objective_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objective_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objective_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_objective_period_level', ['period_key', 'level'], unique=False)
        batch_op.create_check_constraint('ck_objective_level',
                                         "level IN ('province','bloc','unit','division','person')")
        batch_op.create_check_constraint('ck_objective_state', "state IN ('draft','agreed','closed')")
        batch_op.create_check_constraint('ck_objective_scope', _SCOPE)
        batch_op.create_check_constraint('ck_objective_owner_not_reviewer', 'owner_id <> reviewer_id')
        batch_op.create_check_constraint('ck_objective_period', 'starts_on <= ends_on')
    op.create_table(
        'objectivealignment',
        sa.Column('objective_id', sa.Integer(), nullable=False),
        sa.Column('supports_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['objective_id'], ['objective.id'], ),
        sa.ForeignKeyConstraint(['supports_id'], ['objective.id'], ),
        sa.PrimaryKeyConstraint('objective_id', 'supports_id'),
        sa.CheckConstraint('objective_id <> supports_id', name='ck_alignment_not_itself'),
    )
    with op.batch_alter_table('objectivealignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objectivealignment_supports_id'), ['supports_id'], unique=False)
    with op.batch_alter_table('keyresult', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weight', sa.Numeric(precision=5, scale=2), nullable=False,
                                      server_default='100'))
        batch_op.add_column(sa.Column('allow_over', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('sort_order', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=False,
                                      server_default=sa.func.current_timestamp()))
        batch_op.create_check_constraint('ck_keyresult_measured_by', "measured_by IN ('items','checkin')")
        batch_op.create_check_constraint('ck_keyresult_target_not_baseline', 'target <> baseline')
        batch_op.create_check_constraint('ck_keyresult_weight', 'weight > 0 AND weight <= 100')
    op.create_table(
        'itemworksummary',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('month', _string(7), nullable=False),
        sa.Column('coefficient', sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column('quantity', sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.Column('last_approved_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['item_id'], ['catalogueitem.id'], ),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('person_id', 'month', 'item_id', 'coefficient', name='uq_item_work_summary_key'),
    )
    with op.batch_alter_table('itemworksummary', schema=None) as batch_op:
        batch_op.create_index('ix_item_work_summary_unit_item_month', ['unit_id', 'item_id', 'month'], unique=False)
    op.execute(FILL)
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidence', _string(16), nullable=False, server_default='on_track'))
        batch_op.add_column(sa.Column('evidence_doc_number', _string(100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('evidence_doc_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('evidence_link', _string(500), nullable=False, server_default=''))
        batch_op.create_check_constraint('ck_checkin_confidence', "confidence IN ('on_track','at_risk','off_track')")


def downgrade() -> None:
    """Back to the bare tables of revision 0001 (alignments are lost; parent_id comes back empty)."""
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_constraint('ck_checkin_confidence', type_='check')
        for name in ('evidence_link', 'evidence_doc_date', 'evidence_doc_number', 'confidence'):
            batch_op.drop_column(name)
    op.drop_table('itemworksummary')
    with op.batch_alter_table('keyresult', schema=None) as batch_op:
        for name in ('ck_keyresult_weight', 'ck_keyresult_target_not_baseline', 'ck_keyresult_measured_by'):
            batch_op.drop_constraint(name, type_='check')
        for name in ('created_at', 'sort_order', 'allow_over', 'weight'):
            batch_op.drop_column(name)
    with op.batch_alter_table('objectivealignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objectivealignment_supports_id'))
    op.drop_table('objectivealignment')
    with op.batch_alter_table('objective', schema=None) as batch_op:
        for name in ('ck_objective_period', 'ck_objective_owner_not_reviewer', 'ck_objective_scope',
                     'ck_objective_state', 'ck_objective_level'):
            batch_op.drop_constraint(name, type_='check')
        batch_op.drop_index('ix_objective_period_level')
        batch_op.drop_index(batch_op.f('ix_objective_person_id'))
        batch_op.drop_index(batch_op.f('ix_objective_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_objective_owner_id'))
        batch_op.drop_constraint('fk_objective_reviewer', type_='foreignkey')
        batch_op.drop_constraint('fk_objective_owner', type_='foreignkey')
        for name in ('closed_at', 'agreed_at', 'updated_at', 'ends_on', 'starts_on', 'state', 'reviewer_id',
                     'owner_id', 'level'):
            batch_op.drop_column(name)
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_objective_parent', 'objective', ['parent_id'], ['id'])
