"""Meetings: when and where, support offered, replies, attendance

Revision ID: ff63f549e423
Revises: f0605e04ede6
Created: 2026-11-22 23:20:22.854651
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

ENUMS = ("meeting_format", "meeting_reply_kind")


revision = 'ff63f549e423'
down_revision = 'f0605e04ede6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting',
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('format', sa.Enum('in_person', 'online', name='meeting_format'), nullable=False),
    sa.Column('venue', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('online_details', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('hearing_loop', sa.Boolean(), nullable=False),
    sa.Column('accessible_toilet', sa.Boolean(), nullable=False),
    sa.Column('near_public_transport', sa.Boolean(), nullable=False),
    sa.Column('languages', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('offers_interpreter', sa.Boolean(), nullable=False),
    sa.Column('offers_travel', sa.Boolean(), nullable=False),
    sa.Column('offers_care_cover', sa.Boolean(), nullable=False),
    sa.Column('offers_payment', sa.Boolean(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('headcount_without_account', sa.Integer(), nullable=False),
    sa.Column('attendance_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_meeting_group_id_co_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_group_starts', ['group_id', 'starts_at'], unique=False)

    op.create_table('attendance',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('had_interpreter', sa.Boolean(), nullable=False),
    sa.Column('had_travel', sa.Boolean(), nullable=False),
    sa.Column('had_care_cover', sa.Boolean(), nullable=False),
    sa.Column('was_paid', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_attendance_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_attendance_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'account_id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_account_id'), ['account_id'], unique=False)

    op.create_table('meeting_reply',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('reply', sa.Enum('yes', 'no', name='meeting_reply_kind'), nullable=False),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_meeting_reply_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_reply_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'account_id', name=op.f('pk_meeting_reply'))
    )
    with op.batch_alter_table('meeting_reply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_reply_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('meeting_reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_reply_account_id'))

    op.drop_table('meeting_reply')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_account_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_group_starts')

    op.drop_table('meeting')
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
