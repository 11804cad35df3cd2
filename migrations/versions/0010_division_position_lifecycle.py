"""A division can be closed on a date (đã giải thể) and a job position retired, both kept for history.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """division.closed_on; jobposition.active (true for existing rows) and retired_on."""
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
    with op.batch_alter_table('jobposition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('retired_on', sa.Date(), nullable=True))


def downgrade() -> None:
    """Drop the columns."""
    with op.batch_alter_table('jobposition', schema=None) as batch_op:
        batch_op.drop_column('retired_on')
        batch_op.drop_column('active')
    with op.batch_alter_table('division', schema=None) as batch_op:
        batch_op.drop_column('closed_on')
