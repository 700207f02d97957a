"""Group invitations: single-use codes to join an invitation-only group

Revision ID: fa6f9000bafc
Revises: fa62f214bcc4
Created: 2026-11-22 23:45:17.994610
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = 'fa6f9000bafc'
down_revision = 'fa62f214bcc4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('group_invitation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('code_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], name=op.f('fk_group_invitation_created_by_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_group_invitation_group_id_co_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['used_by_id'], ['account.id'], name=op.f('fk_group_invitation_used_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_invitation')),
    sa.UniqueConstraint('code_digest', name=op.f('uq_group_invitation_code_digest'))
    )
    with op.batch_alter_table('group_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_invitation_group_id'), ['group_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('group_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_invitation_group_id'))

    op.drop_table('group_invitation')
