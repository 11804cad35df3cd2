"""The token of the form that created a diary entry or an assignment: the same form sent twice (a double
click, two requests at once) is one row, enforced by a unique key.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nullable token columns (rows written before have none), unique where present."""
    with op.batch_alter_table('diaryentry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_token', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_diaryentry_form_token', ['form_token'])
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_token', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_assignment_form_token', ['form_token', 'person_id'])


def downgrade() -> None:
    """Back to no tokens."""
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_constraint('uq_assignment_form_token', type_='unique')
        batch_op.drop_column('form_token')
    with op.batch_alter_table('diaryentry', schema=None) as batch_op:
        batch_op.drop_constraint('uq_diaryentry_form_token', type_='unique')
        batch_op.drop_column('form_token')
