"""A big catalogue batch (an Excel import of thousands of items) is approved by a background job: the batch
row carries that job's state, who asked, when it last showed life and why it failed.

Revision ID: 0018_catjob
Revises: 0017_agency
"""
import sqlalchemy as sa
from alembic import op

revision = '0018_catjob'
down_revision = '0017_agency'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The approval job's columns on cataloguebatch."""
    with op.batch_alter_table('cataloguebatch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_status', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('approval_error', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('approval_requested_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approval_queued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('approval_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key('fk_cataloguebatch_approval_requested_by_id', 'useraccount',
                                    ['approval_requested_by_id'], ['id'])
        batch_op.create_check_constraint(
            'ck_catalogue_batch_approval_status', "approval_status IN ('','queued','running','done','failed')")


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table('cataloguebatch', schema=None) as batch_op:
        batch_op.drop_constraint('ck_catalogue_batch_approval_status', type_='check')
        batch_op.drop_constraint('fk_cataloguebatch_approval_requested_by_id', type_='foreignkey')
        for column in ('approval_started_at', 'approval_queued_at', 'approval_requested_by_id', 'approval_error',
                       'approval_status'):
            batch_op.drop_column(column)
