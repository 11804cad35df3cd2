"""Import jobs: an uploaded Excel list of a unit, checked whole, previewed, then applied in one transaction.

Revision ID: 0014
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The importjob table."""
    op.create_table(
        'importjob',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('file_path', sa.String(length=500), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('problems', sa.JSON(), nullable=False),
        sa.Column('problem_count', sa.Integer(), nullable=False),
        sa.Column('preview', sa.JSON(), nullable=False),
        sa.Column('result', sa.JSON(), nullable=False),
        sa.Column('error', sa.Text(), server_default='', nullable=False),
        sa.Column('password_lists', sa.Integer(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued','checking','invalid','ready','applying','done','failed')",
                           name='ck_import_job_status'),
        sa.CheckConstraint("kind IN ('divisions','positions','staff','catalogue')", name='ck_import_job_kind'),
        sa.ForeignKeyConstraint(['confirmed_by_id'], ['useraccount.id']),
        sa.ForeignKeyConstraint(['requested_by_id'], ['useraccount.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_importjob_unit_id', 'importjob', ['unit_id'])


def downgrade() -> None:
    """Drop the table."""
    op.drop_index('ix_importjob_unit_id', table_name='importjob')
    op.drop_table('importjob')
