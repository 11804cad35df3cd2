"""A report job may belong to no unit: the user guide's PDF (Hướng dẫn sử dụng) is the same for everyone,
and the province's organisers and administrators have no unit.

Revision ID: 0016_guide
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0016_guide'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """report_job.unit_id becomes nullable."""
    with op.batch_alter_table('reportjob', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    """Drop the guide's jobs (they have no unit), then make unit_id required again."""
    op.execute("DELETE FROM reportjob WHERE unit_id IS NULL")
    with op.batch_alter_table('reportjob', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
