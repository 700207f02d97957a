"""Groups: co-production groups, what to expect, memberships

Revision ID: f0605e04ede6
Revises: 12d51fcbf9bf
Created: 2026-11-22 23:00:53.561798
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

ENUMS = ("join_policy", "member_role", "member_status")


revision = 'f0605e04ede6'
down_revision = '12d51fcbf9bf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('co_group',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('pathway', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('touchpoints', sa.JSON(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('join_policy', sa.Enum('open', 'request', 'invitation', name='join_policy'), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('who_runs_it', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('what_happens', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('how_information_is_used', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('adjustments', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('easy_read', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_co_group'))
    )
    with op.batch_alter_table('co_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_co_group_created_at'), ['created_at'], unique=False)

    op.create_table('membership',
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.Enum('member', 'facilitator', name='member_role'), nullable=False),
    sa.Column('status', sa.Enum('requested', 'active', name='member_status'), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_membership_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_membership_group_id_co_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'account_id', name=op.f('pk_membership'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_account_id'))

    op.drop_table('membership')
    with op.batch_alter_table('co_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_co_group_created_at'))

    op.drop_table('co_group')
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
