"""Data rights: subject access requests, account deletion and retention

The log of requests about people's data, and the votes of deleted accounts kept as counts.

Revision ID: b4f0e2d5a8c3
Revises: a3e9d1c4f7b2
Created: 2026-11-23 04:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = 'b4f0e2d5a8c3'
down_revision = 'a3e9d1c4f7b2'
branch_labels = None
depends_on = None

ENUMS = ("rights_request_kind", "rights_request_status")


def upgrade() -> None:
    op.create_table('rights_request',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('access', 'erasure', 'rectification', 'objection', name='rights_request_kind'), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('requester', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('requester_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('made_offline', sa.Boolean(), nullable=False),
    sa.Column('requester_deleted', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('open', 'extended', 'done', 'refused', name='rights_request_status'), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('logged_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['logged_by_id'], ['account.id'], name=op.f('fk_rights_request_logged_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rights_request'))
    )
    with op.batch_alter_table('rights_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rights_request_requester_key'), ['requester_key'], unique=False)
        batch_op.create_index('ix_rights_request_status_due', ['status', 'due_on'], unique=False)

    op.create_table('former_member_vote',
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('choice', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_former_member_vote_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'choice', name=op.f('pk_former_member_vote')),
    sqlite_with_rowid=False
    )


def downgrade() -> None:
    op.drop_table('former_member_vote')
    with op.batch_alter_table('rights_request', schema=None) as batch_op:
        batch_op.drop_index('ix_rights_request_status_due')
        batch_op.drop_index(batch_op.f('ix_rights_request_requester_key'))

    op.drop_table('rights_request')
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
