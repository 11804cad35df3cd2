"""Explicit reporting lines: each person's direct manager (set by the officer, and resolved), each unit's
superior evaluator for the head's own sheet.

Revision ID: 0012
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Two self-references on person (the resolved one indexed) and the unit's superior evaluator account."""
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manager_override_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reports_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_person_manager_override_id', 'person', ['manager_override_id'], ['id'])
        batch_op.create_foreign_key('fk_person_reports_to_id', 'person', ['reports_to_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_person_reports_to_id'), ['reports_to_id'], unique=False)
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superior_evaluator_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_unit_superior_evaluator_id', 'useraccount', ['superior_evaluator_id'], ['id'])


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_constraint('fk_unit_superior_evaluator_id', type_='foreignkey')
        batch_op.drop_column('superior_evaluator_id')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_reports_to_id'))
        batch_op.drop_constraint('fk_person_reports_to_id', type_='foreignkey')
        batch_op.drop_constraint('fk_person_manager_override_id', type_='foreignkey')
        batch_op.drop_column('reports_to_id')
        batch_op.drop_column('manager_override_id')
