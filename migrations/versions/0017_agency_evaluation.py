"""Đánh giá, xếp loại cơ quan, đơn vị: one evaluation per unit and year (the head's self-assessment, the superior
level's criterion scores, the task part from the unit's OKR and plan, total, band, workflow state and version).

Revision ID: 0017
Revises: 0016_guide
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0017_agency'
down_revision = '0016_guide'
branch_labels = None
depends_on = None


def _string(length: int):
    """The column type SQLModel gives a str field."""
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    """The agencyevaluation table."""
    op.create_table(
        'agencyevaluation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('rule_set_id', sa.Integer(), nullable=False),
        sa.Column('state', _string(16), nullable=False),
        sa.Column('self_scores', sa.JSON(), nullable=False),
        sa.Column('self_band', _string(16), nullable=False),
        sa.Column('self_comment', sa.Text(), server_default='', nullable=False),
        sa.Column('scores', sa.JSON(), nullable=False),
        sa.Column('superior_comment', sa.Text(), server_default='', nullable=False),
        sa.Column('general_points', sa.Numeric(precision=7, scale=4), nullable=True),
        sa.Column('task_points', sa.Numeric(precision=7, scale=4), nullable=True),
        sa.Column('total_points', sa.Numeric(precision=7, scale=4), nullable=True),
        sa.Column('band', _string(16), nullable=False),
        sa.Column('result', sa.JSON(), nullable=False),
        sa.Column('self_assessed_by_id', sa.Integer(), nullable=True),
        sa.Column('scored_by_id', sa.Integer(), nullable=True),
        sa.Column('approved_by_id', sa.Integer(), nullable=True),
        sa.Column('self_assessed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('scored_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('draft','self_assessed','scored','approved')", name='ck_agency_evaluation_state'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.ForeignKeyConstraint(['rule_set_id'], ['ruleset.id']),
        sa.ForeignKeyConstraint(['self_assessed_by_id'], ['useraccount.id']),
        sa.ForeignKeyConstraint(['scored_by_id'], ['useraccount.id']),
        sa.ForeignKeyConstraint(['approved_by_id'], ['useraccount.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('unit_id', 'year', name='uq_agency_evaluation_unit_year'),
    )
    with op.batch_alter_table('agencyevaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agencyevaluation_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    """Drop the table."""
    with op.batch_alter_table('agencyevaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agencyevaluation_unit_id'))
    op.drop_table('agencyevaluation')
