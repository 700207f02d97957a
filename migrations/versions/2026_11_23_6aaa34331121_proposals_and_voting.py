"""Proposals made from ideas, open votes (one per person by primary key), secret ballots kept
apart from the voter roll (a running count per answer and day-only receipts, no row ids on
SQLite), and tallies counted in the room

Revision ID: 6aaa34331121
Revises: 20fc7e5fa0b5
Created: 2026-11-23 02:06:35.417857
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql


revision = '6aaa34331121'
down_revision = '20fc7e5fa0b5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('proposal',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=True),
    sa.Column('touchpoint', postgresql.ENUM('referral', 'first_contact', 'assessment', 'follow_up', 'discharge', 'other', name='touchpoint', create_type=False), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('easy_read', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('method', sa.Enum('support', 'choice', name='vote_method'), nullable=False),
    sa.Column('eligibility', sa.Enum('group_members', 'everyone', name='vote_eligibility'), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('results', sa.Enum('live', 'after_close', name='vote_results'), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], name=op.f('fk_proposal_created_by_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_proposal_group_id_co_group'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_group_closes', ['group_id', 'closes_at'], unique=False)

    op.create_table('ballot_receipt',
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('cast_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_ballot_receipt_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_ballot_receipt')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('ballot_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_receipt_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_option',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_option_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_option'))
    )
    with op.batch_alter_table('proposal_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_option_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('room_tally',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('entered_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['account.id'], name=op.f('fk_room_tally_entered_by_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_room_tally_meeting_id_meeting'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_room_tally_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_tally'))
    )
    with op.batch_alter_table('room_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_tally_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('secret_tally',
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('choice', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_secret_tally_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'choice', name=op.f('pk_secret_tally')),
    sqlite_with_rowid=False
    )
    op.create_table('voter_roll',
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_voter_roll_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_voter_roll_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'account_id', name=op.f('pk_voter_roll')),
    sqlite_with_rowid=False
    )
    op.create_table('vote',
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('choice', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('on_behalf_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_vote_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['on_behalf_id'], ['on_behalf.id'], name=op.f('fk_vote_on_behalf_id_on_behalf'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_vote_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'account_id', name=op.f('pk_vote'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_account_id'), ['account_id'], unique=False)

    op.create_table('proposal_idea',
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('idea_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_proposal_idea_idea_id_idea'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_idea_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'idea_id', name=op.f('pk_proposal_idea'))
    )
    with op.batch_alter_table('proposal_idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_idea_idea_id'), ['idea_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('proposal_idea', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_idea_idea_id'))

    op.drop_table('proposal_idea')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_account_id'))

    op.drop_table('vote')
    op.drop_table('voter_roll')
    op.drop_table('secret_tally')
    with op.batch_alter_table('room_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_tally_proposal_id'))

    op.drop_table('room_tally')
    with op.batch_alter_table('proposal_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_option_proposal_id'))

    op.drop_table('proposal_option')
    with op.batch_alter_table('ballot_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_receipt_proposal_id'))

    op.drop_table('ballot_receipt')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_group_closes')

    op.drop_table('proposal')
    if op.get_bind().dialect.name == "postgresql":
        for name in ("vote_results", "vote_eligibility", "vote_method"):
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
