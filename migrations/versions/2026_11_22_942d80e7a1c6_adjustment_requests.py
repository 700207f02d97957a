"""Adjustment requests: what someone needs to take part, sent to a group's facilitators

Revision ID: 942d80e7a1c6
Revises: fa6f9000bafc
Created: 2026-11-22 23:46:31.782286
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '942d80e7a1c6'
down_revision = 'fa6f9000bafc'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('adjustment_request',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_adjustment_request_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_adjustment_request_group_id_co_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjustment_request'))
    )
    with op.batch_alter_table('adjustment_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adjustment_request_group_id'), ['group_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('adjustment_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adjustment_request_group_id'))

    op.drop_table('adjustment_request')
