"""Each person carries the national staff identifier (mã định danh), unique, the key of imports; each unit
the prefix of the usernames the app makes for its staff.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The national_id column, empty for existing people, unique when given; the unit's username prefix."""
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username_prefix', sa.String(length=16), nullable=False, server_default=''))
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('national_id', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_person_national_id', ['national_id'])


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint('uq_person_national_id', type_='unique')
        batch_op.drop_column('national_id')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('username_prefix')
