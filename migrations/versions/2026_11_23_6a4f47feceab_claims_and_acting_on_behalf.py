"""Claims for support at meetings (with receipts and staff decisions), and the record of a
community connector acting for someone, one contribution at a time

Revision ID: 6a4f47feceab
Revises: c45421b339db
Created: 2026-11-23 01:04:18.837105
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '6a4f47feceab'
down_revision = 'c45421b339db'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('on_behalf',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('connector_id', sa.Uuid(), nullable=True),
    sa.Column('consent_id', sa.Uuid(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connector_id'], ['account.id'], name=op.f('fk_on_behalf_connector_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], name=op.f('fk_on_behalf_consent_id_consent'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['account.id'], name=op.f('fk_on_behalf_person_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_on_behalf'))
    )
    with op.batch_alter_table('on_behalf', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_on_behalf_connector_id'), ['connector_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_on_behalf_person_id'), ['person_id'], unique=False)

    op.create_table('claim',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('travel', 'care_cover', 'payment', name='claim_kind'), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=False),
    sa.Column('details', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'approved', 'rejected', 'waived', name='claim_status'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Uuid(), nullable=True),
    sa.Column('decision_note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('on_behalf_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_claim_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['account.id'], name=op.f('fk_claim_decided_by_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_claim_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['on_behalf_id'], ['on_behalf.id'], name=op.f('fk_claim_on_behalf_id_on_behalf'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim')),
    sa.UniqueConstraint('meeting_id', 'account_id', 'kind', name=op.f('uq_claim_meeting_id'))
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_decided_at'), ['decided_at'], unique=False)
        batch_op.create_index('ix_claim_status_created', ['status', 'created_at'], unique=False)

    op.create_table('claim_receipt',
    sa.Column('claim_id', sa.Uuid(), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_receipt_claim_id_claim'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claim_receipt'))
    )


def downgrade() -> None:
    op.drop_table('claim_receipt')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_status_created')
        batch_op.drop_index(batch_op.f('ix_claim_decided_at'))
        batch_op.drop_index(batch_op.f('ix_claim_account_id'))

    op.drop_table('claim')
    with op.batch_alter_table('on_behalf', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_on_behalf_person_id'))
        batch_op.drop_index(batch_op.f('ix_on_behalf_connector_id'))

    op.drop_table('on_behalf')
    if op.get_bind().dialect.name == "postgresql":
        sa.Enum(name="claim_status").drop(op.get_bind(), checkfirst=True)
        sa.Enum(name="claim_kind").drop(op.get_bind(), checkfirst=True)
