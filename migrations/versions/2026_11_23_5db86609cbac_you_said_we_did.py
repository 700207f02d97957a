"""You said, we did: changes with their status, updates and links to ideas and proposals; and
human translations of changes

Revision ID: 5db86609cbac
Revises: d35a7677d604
Created: 2026-11-23 02:27:53.294243
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql


revision = '5db86609cbac'
down_revision = 'd35a7677d604'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE content_subject_kind ADD VALUE IF NOT EXISTS 'change'")
    op.create_table('service_change',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('said', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('did', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('kind', sa.Enum('pathway_rule', 'triage_criteria', 'appointment_model', 'communication_standard', 'information_material', 'training', 'venue_or_outreach', 'safeguarding_follow_up', 'discharge_practice', 'other', name='change_kind'), nullable=False),
    sa.Column('touchpoint', postgresql.ENUM('referral', 'first_contact', 'assessment', 'follow_up', 'discharge', 'other', name='touchpoint', create_type=False), nullable=False),
    sa.Column('status', sa.Enum('considering', 'agreed', 'in_progress', 'done', 'not_taken_forward', name='change_status'), nullable=False),
    sa.Column('status_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('owner_team', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=True),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], name=op.f('fk_service_change_created_by_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_service_change_group_id_co_group'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_change'))
    )
    with op.batch_alter_table('service_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_change_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_service_change_status_updated', ['status', 'updated_at'], unique=False)

    op.create_table('change_proposal',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_change_proposal_change_id_service_change'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_change_proposal_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('change_id', 'proposal_id', name=op.f('pk_change_proposal'))
    )
    with op.batch_alter_table('change_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_proposal_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('change_update',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('status', postgresql.ENUM('considering', 'agreed', 'in_progress', 'done', 'not_taken_forward', name='change_status', create_type=False), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], name=op.f('fk_change_update_author_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_change_update_change_id_service_change'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_update'))
    )
    with op.batch_alter_table('change_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_update_change_id'), ['change_id'], unique=False)

    op.create_table('change_idea',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('idea_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_change_idea_change_id_service_change'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_change_idea_idea_id_idea'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('change_id', 'idea_id', name=op.f('pk_change_idea'))
    )
    with op.batch_alter_table('change_idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_idea_idea_id'), ['idea_id'], unique=False)



def downgrade() -> None:
    op.execute("DELETE FROM content_translation WHERE subject_kind = 'change'")
    with op.batch_alter_table('change_idea', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_idea_idea_id'))

    op.drop_table('change_idea')
    with op.batch_alter_table('change_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_update_change_id'))

    op.drop_table('change_update')
    with op.batch_alter_table('change_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_proposal_proposal_id'))

    op.drop_table('change_proposal')
    with op.batch_alter_table('service_change', schema=None) as batch_op:
        batch_op.drop_index('ix_service_change_status_updated')
        batch_op.drop_index(batch_op.f('ix_service_change_group_id'))

    op.drop_table('service_change')
    if op.get_bind().dialect.name == "postgresql":
        for name in ("change_status", "change_kind"):
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
