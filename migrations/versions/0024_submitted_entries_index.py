"""The entries waiting for approval, indexed by themselves: the reviewer's queue and the badge in every reviewer's
menu count them, and at province scale (26 M entries a year) the person/date index made the head's count read every
entry of the unit (190 ms a page at 12 months). Only submitted rows are in this index, so it stays small.

Revision ID: 0024_submitted
Revises: 0023_performance
"""
import sqlalchemy as sa
from alembic import op

revision = '0024_submitted'
down_revision = '0023_performance'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A partial index on (person_id, work_date) of submitted entries."""
    op.create_index('ix_diary_entry_submitted', 'diaryentry', ['person_id', 'work_date'],
                    postgresql_where=sa.text("status = 'submitted'"), sqlite_where=sa.text("status = 'submitted'"))


def downgrade() -> None:
    """Drop it."""
    op.drop_index('ix_diary_entry_submitted', table_name='diaryentry')
