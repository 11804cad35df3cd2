"""A leader's đ and e stay unset until the evaluator sets them; the head's band and cap decisions with reasons.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """đ and e nullable (existing sheets keep their values); decision columns."""
    with op.batch_alter_table('evaluationsheet', schema=None) as batch_op:
        batch_op.alter_column('unit_plan_done', existing_type=sa.Boolean(), nullable=True)
        batch_op.alter_column('internal_unity', existing_type=sa.Boolean(), nullable=True)
        batch_op.add_column(sa.Column('band_decision', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('band_decision_reason', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('period', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cap_decision', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('cap_decided_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the decisions; unset đ and e count as met again."""
    with op.batch_alter_table('period', schema=None) as batch_op:
        batch_op.drop_column('cap_decided_at')
        batch_op.drop_column('cap_decision')
    op.execute("UPDATE evaluationsheet SET unit_plan_done = true WHERE unit_plan_done IS NULL")
    op.execute("UPDATE evaluationsheet SET internal_unity = true WHERE internal_unity IS NULL")
    with op.batch_alter_table('evaluationsheet', schema=None) as batch_op:
        batch_op.drop_column('band_decision_reason')
        batch_op.drop_column('band_decision')
        batch_op.alter_column('internal_unity', existing_type=sa.Boolean(), nullable=False)
        batch_op.alter_column('unit_plan_done', existing_type=sa.Boolean(), nullable=False)
