"""An account may be told to change its password at next login (seeded or reset password).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The must_change_password flag, off for existing accounts."""
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Drop the flag."""
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
