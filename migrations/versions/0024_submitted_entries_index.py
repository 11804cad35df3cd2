"""Two indexes for province scale (26 M diary entries a year), where a page's cost grew with the months kept:
the entries waiting for approval by themselves (the reviewers' queues and the badge in every reviewer's menu count
them: the head's count read every entry of the unit, 190 ms a page at 12 months; only submitted rows are in it, so
it stays small), and a unit's entries by date (a unit-month read — the hours page, the cap check on a sheet, the
month close — filtered every month of the unit through the unit/status index).

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
    """A partial index on (person_id, work_date) of submitted entries, and (unit_id, work_date)."""
    op.create_index('ix_diary_entry_submitted', 'diaryentry', ['person_id', 'work_date'],
                    postgresql_where=sa.text("status = 'submitted'"), sqlite_where=sa.text("status = 'submitted'"))
    op.create_index('ix_diary_entry_unit_date', 'diaryentry', ['unit_id', 'work_date'])


def downgrade() -> None:
    """Drop them."""
    op.drop_index('ix_diary_entry_unit_date', table_name='diaryentry')
    op.drop_index('ix_diary_entry_submitted', table_name='diaryentry')
