"""Logout ends every session of an account (session_version); failed logins counted per account and address.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The session version on each account; the login throttle table."""
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))
    op.create_table(
        'loginthrottle',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('window_ends', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index(op.f('ix_loginthrottle_window_ends'), 'loginthrottle', ['window_ends'], unique=False)


def downgrade() -> None:
    """Drop both."""
    op.drop_index(op.f('ix_loginthrottle_window_ends'), table_name='loginthrottle')
    op.drop_table('loginthrottle')
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.drop_column('session_version')
