"""One-time password reset links: the token's hash, its expiry, when it was used or made void.

Revision ID: 0011
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The passwordresetlink table."""
    op.create_table(
        'passwordresetlink',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['useraccount.id']),
        sa.ForeignKeyConstraint(['created_by_id'], ['useraccount.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_passwordresetlink_account_id'), 'passwordresetlink', ['account_id'], unique=False)


def downgrade() -> None:
    """Drop the table."""
    op.drop_index(op.f('ix_passwordresetlink_account_id'), table_name='passwordresetlink')
    op.drop_table('passwordresetlink')
