"""One reminder per person and working day: two daily runs at once cannot remind anyone twice.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Drop duplicates (keeping the first), then make (person, day) unique."""
    op.execute("DELETE FROM reminder WHERE id NOT IN (SELECT min(id) FROM reminder GROUP BY person_id, work_date)")
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_reminder_person_day', ['person_id', 'work_date'])


def downgrade() -> None:
    """Back to no constraint."""
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_constraint('uq_reminder_person_day', type_='unique')
