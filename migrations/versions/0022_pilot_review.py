"""The pilot review (Báo cáo tổng kết thí điểm) counts sign-ins and returned diary entries per unit and span from
the audit log: a partial index on those two actions only.

Revision ID: 0022_pilot
Revises: 0021_webhooks
"""
import sqlalchemy as sa
from alembic import op

revision = '0022_pilot'
down_revision = '0021_webhooks'
branch_labels = None
depends_on = None

ACTIONS = "action IN ('login', 'diary_entry_returned')"


def upgrade() -> None:
    """Index (unit_id, action, created_at) where the action is a sign-in or a return."""
    op.create_index('ix_audit_log_unit_action_time', 'auditlog', ['unit_id', 'action', 'created_at'], unique=False,
                    postgresql_where=sa.text(ACTIONS), sqlite_where=sa.text(ACTIONS))


def downgrade() -> None:
    """Drop the index."""
    op.drop_index('ix_audit_log_unit_action_time', table_name='auditlog')
