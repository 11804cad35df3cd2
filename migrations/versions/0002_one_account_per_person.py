"""One user account per person: the month close and the sheet workflow read a person's role from it.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Make the person index unique."""
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_useraccount_person_id'))
        batch_op.create_index(batch_op.f('ix_useraccount_person_id'), ['person_id'], unique=True)


def downgrade() -> None:
    """Back to a plain index."""
    with op.batch_alter_table('useraccount', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_useraccount_person_id'))
        batch_op.create_index(batch_op.f('ix_useraccount_person_id'), ['person_id'], unique=False)
