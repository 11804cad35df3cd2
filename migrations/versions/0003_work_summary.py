"""Approved work summarised per person, month and deduction counts (kept at approval time).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table and fill it from the entries already approved."""
    op.create_table(
        'worksummary',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column('quality_errors', sa.Integer(), nullable=False),
        sa.Column('errors_exempt', sa.Boolean(), nullable=False),
        sa.Column('is_late', sa.Boolean(), nullable=False),
        sa.Column('delay_exempt', sa.Boolean(), nullable=False),
        sa.Column('declared', sa.Boolean(), nullable=False),
        sa.Column('converted', sa.Numeric(precision=16, scale=4), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('person_id', 'month', 'quality_errors', 'errors_exempt', 'is_late', 'delay_exempt',
                            'declared', name='uq_work_summary_key'),
    )
    with op.batch_alter_table('worksummary', schema=None) as batch_op:
        batch_op.create_index('ix_work_summary_month_unit', ['month', 'unit_id'], unique=False)
    op.execute(FILL)


FILL = """
INSERT INTO worksummary (person_id, unit_id, month, quality_errors, errors_exempt, is_late, delay_exempt, declared,
                         converted, entries)
SELECT person_id, unit_id, substr(CAST(work_date AS TEXT), 1, 7), quality_errors, errors_exempt, is_late,
       delay_exempt, assignment_id IS NULL, sum(quantity * coefficient), count(*)
FROM diaryentry WHERE status = 'approved'
GROUP BY person_id, unit_id, substr(CAST(work_date AS TEXT), 1, 7), quality_errors, errors_exempt, is_late,
         delay_exempt, assignment_id IS NULL
"""


def downgrade() -> None:
    """Drop the table."""
    op.drop_table('worksummary')
