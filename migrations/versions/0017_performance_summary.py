"""The unit performance index: summary rows per unit (and division) and month, and the runs of their refresh.

Revision ID: 0017
Revises: 0016_guide
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0017'
down_revision = '0016_guide'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The two tables and their indexes (empty: the first refresh fills them)."""
    op.create_table('performancesummary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('bloc_id', sa.Integer(), nullable=False),
    sa.Column('division_id', sa.Integer(), nullable=True),
    sa.Column('division_key', sa.Integer(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('draft', sa.Integer(), nullable=False),
    sa.Column('self_assessed', sa.Integer(), nullable=False),
    sa.Column('reviewed', sa.Integer(), nullable=False),
    sa.Column('approved', sa.Integer(), nullable=False),
    sa.Column('published', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Integer(), nullable=False),
    sa.Column('no_sheet', sa.Integer(), nullable=False),
    sa.Column('evaluated', sa.Integer(), nullable=False),
    sa.Column('points_sum', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('bands', sa.JSON(), nullable=False),
    sa.Column('top_count', sa.Integer(), nullable=False),
    sa.Column('cap_base', sa.Integer(), nullable=False),
    sa.Column('cap_allowed', sa.Integer(), nullable=False),
    sa.Column('cap_over', sa.Integer(), nullable=False),
    sa.Column('assigned', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('completed', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.Column('overdue', sa.Integer(), nullable=False),
    sa.Column('working_days', sa.Integer(), nullable=False),
    sa.Column('diary_days', sa.Integer(), nullable=False),
    sa.Column('evaluated_share', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('average_points', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('top_share', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('completion', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('on_time_share', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('coverage', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('okr_progress', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('okr_pace', sa.Numeric(precision=14, scale=6), nullable=True),
    sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bloc_id'], ['bloc.id'], ),
    sa.ForeignKeyConstraint(['division_id'], ['division.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('month', 'unit_id', 'division_key', name='uq_performance_summary_key')
    )
    op.create_index('ix_performance_summary_month_bloc', 'performancesummary', ['month', 'bloc_id'], unique=False)
    op.create_index('ix_performance_summary_unit_month', 'performancesummary', ['unit_id', 'month'], unique=False)
    op.create_table('performancerefresh',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('bloc_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), server_default='', nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued','running','done','failed')", name='ck_performance_refresh_status'),
    sa.ForeignKeyConstraint(['bloc_id'], ['bloc.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['useraccount.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_performance_refresh_month', 'performancerefresh', ['month'], unique=False)


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index('ix_performance_refresh_month', table_name='performancerefresh')
    op.drop_table('performancerefresh')
    op.drop_index('ix_performance_summary_unit_month', table_name='performancesummary')
    op.drop_index('ix_performance_summary_month_bloc', table_name='performancesummary')
    op.drop_table('performancesummary')
