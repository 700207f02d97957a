"""Notifications: inbox messages, the transactional outbox, notification choices

Revision ID: 12d51fcbf9bf
Revises: 7047f326d5f4
Created: 2026-11-22 22:45:24.701176
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

ENUMS = ("outbox_channel", "outbox_status", "notification_frequency")


revision = '12d51fcbf9bf'
down_revision = '7047f326d5f4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('message',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('recipient_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('link', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['recipient_id'], ['account.id'], name=op.f('fk_message_recipient_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message'))
    )
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index('ix_message_recipient_created', ['recipient_id', 'created_at'], unique=False)

    op.create_table('notification_preference',
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.Boolean(), nullable=False),
    sa.Column('sms', sa.Boolean(), nullable=False),
    sa.Column('connector', sa.Boolean(), nullable=False),
    sa.Column('connector_id', sa.Uuid(), nullable=True),
    sa.Column('frequency', sa.Enum('immediately', 'daily', 'weekly', name='notification_frequency'), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_notification_preference_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['connector_id'], ['account.id'], name=op.f('fk_notification_preference_connector_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_notification_preference'))
    )
    op.create_table('outbox_item',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('message_id', sa.Uuid(), nullable=False),
    sa.Column('recipient_id', sa.Uuid(), nullable=False),
    sa.Column('channel', sa.Enum('email', 'sms', 'connector', name='outbox_channel'), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'dead', 'cancelled', name='outbox_status'), nullable=False),
    sa.Column('in_digest', sa.Boolean(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('provider_reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_outbox_item_message_id_message'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['account.id'], name=op.f('fk_outbox_item_recipient_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_item'))
    )
    with op.batch_alter_table('outbox_item', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_item_due', ['status', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_item_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_item_recipient_id'), ['recipient_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbox_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_item_recipient_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_item_message_id'))
        batch_op.drop_index('ix_outbox_item_due')

    op.drop_table('outbox_item')
    op.drop_table('notification_preference')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_recipient_created')

    op.drop_table('message')
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
