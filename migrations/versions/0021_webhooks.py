"""Webhooks out (a client's subscriptions and the outbox of deliveries) and the external ids of assignments
sent through the API.

Revision ID: 0021_webhooks
Revises: 0020_api
"""
import sqlalchemy as sa
from alembic import op

revision = '0021_webhooks'
down_revision = '0020_api'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The webhooksubscription, webhookdelivery and externalassignment tables."""
    op.create_table(
        'webhooksubscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=32), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('secret', sa.String(length=128), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['apiclient.id']),
        sa.ForeignKeyConstraint(['created_by_id'], ['useraccount.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('client_id', 'event', name='uq_webhook_subscription_client_event'),
    )
    op.create_index('ix_webhooksubscription_client_id', 'webhooksubscription', ['client_id'])
    op.create_table(
        'webhookdelivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=32), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_status_code', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending','delivered','failed')", name='ck_webhook_delivery_status'),
        sa.ForeignKeyConstraint(['client_id'], ['apiclient.id']),
        sa.ForeignKeyConstraint(['subscription_id'], ['webhooksubscription.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_webhookdelivery_subscription_id', 'webhookdelivery', ['subscription_id'])
    op.create_index('ix_webhook_delivery_due', 'webhookdelivery', ['status', 'next_attempt_at'])
    op.create_index('ix_webhook_delivery_client', 'webhookdelivery', ['client_id', 'id'])
    op.create_table(
        'externalassignment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(length=100), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id']),
        sa.ForeignKeyConstraint(['client_id'], ['apiclient.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assignment_id'),
        sa.UniqueConstraint('client_id', 'external_id', name='uq_external_assignment_client_id'),
    )


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table('externalassignment')
    op.drop_index('ix_webhook_delivery_client', table_name='webhookdelivery')
    op.drop_index('ix_webhook_delivery_due', table_name='webhookdelivery')
    op.drop_index('ix_webhookdelivery_subscription_id', table_name='webhookdelivery')
    op.drop_table('webhookdelivery')
    op.drop_index('ix_webhooksubscription_client_id', table_name='webhooksubscription')
    op.drop_table('webhooksubscription')
