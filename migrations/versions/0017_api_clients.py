"""The JSON API: integration clients with their units, the unit's document-type mapping to its catalogue, and
the diary suggestions made from work events.

Revision ID: 0017
Revises: 0016_guide
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0017'
down_revision = '0016_guide'
branch_labels = None
depends_on = None


OLD_KINDS = "kind IN ('divisions','positions','staff','catalogue')"
NEW_KINDS = "kind IN ('divisions','positions','staff','catalogue','document_types')"


def _import_kinds(check: str) -> None:
    """Replace the check of the import jobs' kinds (the document-type mapping is a fifth Excel list)."""
    with op.batch_alter_table('importjob', schema=None) as batch_op:
        batch_op.drop_constraint('ck_import_job_kind', type_='check')
        batch_op.create_check_constraint('ck_import_job_kind', check)


def upgrade() -> None:
    """The four new tables; document types join the Excel lists."""
    _import_kinds(NEW_KINDS)
    op.create_table('documenttypemapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('document_type', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['catalogueitem.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'document_type', name='uq_document_type_mapping')
    )
    op.create_table('apiclient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('token_prefix', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('rate_limit_per_minute', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rotated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['useraccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('token_prefix')
    )
    op.create_table('apiclientunit',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['apiclient.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('client_id', 'unit_id')
    )
    with op.batch_alter_table('apiclientunit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apiclientunit_unit_id'), ['unit_id'], unique=False)

    op.create_table('worksuggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('work_date', sa.Date(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('document_type', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('evidence_doc_number', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('evidence_doc_date', sa.Date(), nullable=True),
    sa.Column('evidence_link', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('task_reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending','confirmed','dismissed')", name='ck_work_suggestion_status'),
    sa.CheckConstraint('quantity > 0', name='ck_work_suggestion_quantity'),
    sa.ForeignKeyConstraint(['client_id'], ['apiclient.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['useraccount.id'], ),
    sa.ForeignKeyConstraint(['entry_id'], ['diaryentry.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['catalogueitem.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id', 'external_id', name='uq_work_suggestion_external')
    )
    with op.batch_alter_table('worksuggestion', schema=None) as batch_op:
        batch_op.create_index('ix_work_suggestion_person_status', ['person_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_worksuggestion_unit_id'), ['unit_id'], unique=False)



def downgrade() -> None:
    """Drop the four tables and the document types' import jobs."""
    op.execute("DELETE FROM importjob WHERE kind = 'document_types'")
    _import_kinds(OLD_KINDS)
    with op.batch_alter_table('worksuggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worksuggestion_unit_id'))
        batch_op.drop_index('ix_work_suggestion_person_status')

    op.drop_table('worksuggestion')
    with op.batch_alter_table('apiclientunit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apiclientunit_unit_id'))

    op.drop_table('apiclientunit')
    op.drop_table('apiclient')
    op.drop_table('documenttypemapping')
