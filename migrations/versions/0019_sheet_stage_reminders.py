"""Nhắc việc about late evaluation sheets: one reminder per waited-on account, month and stage.

Revision ID: 0019_sheetrem
Revises: 0018_catjob
"""
import sqlalchemy as sa
from alembic import op

revision = '0019_sheetrem'
down_revision = '0018_catjob'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The sheetreminder table; its unique key is what makes sending idempotent."""
    op.create_table(
        'sheetreminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('stage', sa.String(length=16), nullable=False),
        sa.Column('sheets', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("stage IN ('self_assessment','review','approval')", name='ck_sheet_reminder_stage'),
        sa.ForeignKeyConstraint(['account_id'], ['useraccount.id']),
        sa.ForeignKeyConstraint(['created_by_id'], ['useraccount.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('account_id', 'month', 'stage', name='uq_sheet_reminder_account_month_stage'),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table('sheetreminder')
