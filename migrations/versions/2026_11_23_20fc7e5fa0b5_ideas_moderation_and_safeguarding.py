"""Ideas and feedback with moderation, replies, reports and "happened to me too"; safeguarding
disclosures (unchangeable), their cases and append-only notes, and the identity vault;
each group's moderation mode

Revision ID: 20fc7e5fa0b5
Revises: 6a4f47feceab
Created: 2026-11-23 01:35:22.981999
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql


revision = '20fc7e5fa0b5'
down_revision = '6a4f47feceab'
branch_labels = None
depends_on = None


KEPT = "text, language, trigger, risk_answer, detected, created_at"
NOTE_KEPT = "case_id, kind, text, created_at"
DECISION_KEPT = "case_id, shared, with_whom, reason, lawful_basis, created_at"
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER disclosure_kept BEFORE UPDATE OF {KEPT} ON disclosure "
    "BEGIN SELECT RAISE(ABORT, 'disclosures cannot be changed'); END",
    "CREATE TRIGGER disclosure_not_deleted BEFORE DELETE ON disclosure "
    "BEGIN SELECT RAISE(ABORT, 'disclosures cannot be deleted'); END",
    f"CREATE TRIGGER case_note_kept BEFORE UPDATE OF {NOTE_KEPT} ON case_note "
    "BEGIN SELECT RAISE(ABORT, 'case notes cannot be changed'); END",
    "CREATE TRIGGER case_note_not_deleted BEFORE DELETE ON case_note "
    "BEGIN SELECT RAISE(ABORT, 'case notes cannot be deleted'); END",
    f"CREATE TRIGGER share_decision_kept BEFORE UPDATE OF {DECISION_KEPT} ON share_decision "
    "BEGIN SELECT RAISE(ABORT, 'share decisions cannot be changed'); END",
    "CREATE TRIGGER share_decision_not_deleted BEFORE DELETE ON share_decision "
    "BEGIN SELECT RAISE(ABORT, 'share decisions cannot be deleted'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION disclosure_kept() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'disclosures and case notes cannot be changed or deleted'; END $$",
    f"CREATE TRIGGER disclosure_kept BEFORE UPDATE OF {KEPT} OR DELETE ON disclosure "
    "FOR EACH ROW EXECUTE FUNCTION disclosure_kept()",
    "CREATE TRIGGER disclosure_not_truncated BEFORE TRUNCATE ON disclosure FOR EACH STATEMENT EXECUTE FUNCTION disclosure_kept()",
    f"CREATE TRIGGER case_note_kept BEFORE UPDATE OF {NOTE_KEPT} OR DELETE ON case_note "
    "FOR EACH ROW EXECUTE FUNCTION disclosure_kept()",
    "CREATE TRIGGER case_note_not_truncated BEFORE TRUNCATE ON case_note FOR EACH STATEMENT EXECUTE FUNCTION disclosure_kept()",
    f"CREATE TRIGGER share_decision_kept BEFORE UPDATE OF {DECISION_KEPT} OR DELETE ON share_decision "
    "FOR EACH ROW EXECUTE FUNCTION disclosure_kept()",
    "CREATE TRIGGER share_decision_not_truncated BEFORE TRUNCATE ON share_decision FOR EACH STATEMENT EXECUTE FUNCTION disclosure_kept()",
)
ENUMS = (
    "lawful_basis", "outcomes_met", "case_category", "moderation", "contact_way", "case_urgency", "case_status", "report_reason", "hide_reason",
    "risk_answer", "disclosure_trigger", "idea_status", "touchpoint",
)


def upgrade() -> None:
    op.create_table('idea',
    sa.Column('touchpoint', sa.Enum('referral', 'first_contact', 'assessment', 'follow_up', 'discharge', 'other', name='touchpoint'), nullable=False),
    sa.Column('what_happened', sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
    sa.Column('what_should_change', sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('about_own_care', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('group_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.Enum('awaiting_translation', 'awaiting_moderation', 'published', 'changes_requested', 'hidden', 'held', name='idea_status'), nullable=False),
    sa.Column('on_behalf_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('english_what_happened', sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
    sa.Column('english_what_should_change', sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
    sa.Column('translated_by_id', sa.Uuid(), nullable=True),
    sa.Column('personal_details', sa.JSON(), nullable=False),
    sa.Column('same_here_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], name=op.f('fk_idea_author_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_idea_group_id_co_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['on_behalf_id'], ['on_behalf.id'], name=op.f('fk_idea_on_behalf_id_on_behalf'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['translated_by_id'], ['account.id'], name=op.f('fk_idea_translated_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea'))
    )
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_idea_status_created', ['status', 'created_at'], unique=False)

    op.create_table('disclosure',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('trigger', sa.Enum('answer', 'lexicon', 'moderator', 'worried', name='disclosure_trigger'), nullable=False),
    sa.Column('risk_answer', sa.Enum('no', 'danger_now', 'yes_me', 'yes_someone_else', 'not_sure', name='risk_answer'), nullable=True),
    sa.Column('detected', sa.JSON(), nullable=False),
    sa.Column('idea_id', sa.Uuid(), nullable=True),
    sa.Column('on_behalf_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_disclosure_account_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_disclosure_idea_id_idea'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['on_behalf_id'], ['on_behalf.id'], name=op.f('fk_disclosure_on_behalf_id_on_behalf'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure'))
    )
    with op.batch_alter_table('disclosure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_account_id'), ['account_id'], unique=False)

    op.create_table('idea_event',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('idea_id', sa.Uuid(), nullable=False),
    sa.Column('status', postgresql.ENUM('awaiting_translation', 'awaiting_moderation', 'published', 'changes_requested', 'hidden', 'held', name='idea_status', create_type=False), nullable=False),
    sa.Column('reason', sa.Enum('personal_details', 'not_respectful', 'off_topic', 'duplicate', 'other', name='hide_reason'), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['account.id'], name=op.f('fk_idea_event_actor_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_idea_event_idea_id_idea'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_event'))
    )
    with op.batch_alter_table('idea_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_event_idea_id'), ['idea_id'], unique=False)

    op.create_table('idea_reply',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('idea_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], name=op.f('fk_idea_reply_author_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_idea_reply_idea_id_idea'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_reply'))
    )
    with op.batch_alter_table('idea_reply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_reply_idea_id'), ['idea_id'], unique=False)

    op.create_table('idea_report',
    sa.Column('idea_id', sa.Uuid(), nullable=False),
    sa.Column('reporter_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.Enum('personal_details', 'not_respectful', 'false', 'spam', 'other', name='report_reason'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_idea_report_idea_id_idea'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['account.id'], name=op.f('fk_idea_report_reporter_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'reporter_id', name=op.f('pk_idea_report'))
    )
    op.create_table('idea_same_here',
    sa.Column('idea_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_idea_same_here_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_idea_same_here_idea_id_idea'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'account_id', name=op.f('pk_idea_same_here'))
    )
    op.create_table('safeguarding_case',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('disclosure_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.Enum('new', 'acknowledged', 'triaged', 'referred', 'no_further_action', 'closed', name='case_status'), nullable=False),
    sa.Column('urgency', sa.Enum('immediate', 'same_day', 'next_working_day', name='case_urgency'), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assigned_to_id', sa.Uuid(), nullable=True),
    sa.Column('confirmed_answer', postgresql.ENUM('no', 'danger_now', 'yes_me', 'yes_someone_else', 'not_sure', name='risk_answer', create_type=False), nullable=True),
    sa.Column('contact_way', sa.Enum('inbox', 'phone', 'connector', 'none', name='contact_way'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('category', sa.Enum('physical', 'domestic_abuse', 'sexual', 'psychological', 'financial', 'modern_slavery', 'discriminatory', 'organisational', 'neglect', 'self_neglect', 'self_harm_or_suicide', 'child_at_risk', 'other', name='case_category'), nullable=True),
    sa.Column('about_adult', sa.Boolean(), nullable=True),
    sa.Column('s42_care_needs', sa.Boolean(), nullable=True),
    sa.Column('s42_experiencing_abuse', sa.Boolean(), nullable=True),
    sa.Column('s42_cannot_protect_self', sa.Boolean(), nullable=True),
    sa.Column('referred_to', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('referral_reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('no_action_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('wishes', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('outcomes_met', sa.Enum('fully', 'partly', 'not_met', 'not_asked', name='outcomes_met'), nullable=True),
    sa.Column('escalated_to_id', sa.Uuid(), nullable=True),
    sa.Column('triaged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['escalated_to_id'], ['account.id'], name=op.f('fk_safeguarding_case_escalated_to_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['account.id'], name=op.f('fk_safeguarding_case_assigned_to_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosure.id'], name=op.f('fk_safeguarding_case_disclosure_id_disclosure')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_case')),
    sa.UniqueConstraint('disclosure_id', name=op.f('uq_safeguarding_case_disclosure_id'))
    )
    with op.batch_alter_table('safeguarding_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_case_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index('ix_safeguarding_case_open_due', ['closed_at', 'due_at'], unique=False)

    op.create_table('case_note',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], name=op.f('fk_case_note_author_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['safeguarding_case.id'], name=op.f('fk_case_note_case_id_safeguarding_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_note'))
    )
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_note_case_id'), ['case_id'], unique=False)

    op.create_table('vault_entry',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=True),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('sealed', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_vault_entry_account_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['safeguarding_case.id'], name=op.f('fk_vault_entry_case_id_safeguarding_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vault_entry'))
    )
    with op.batch_alter_table('vault_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vault_entry_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vault_entry_case_id'), ['case_id'], unique=False)

    op.create_table('duty_shift',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('lead_id', sa.Uuid(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['account.id'], name=op.f('fk_duty_shift_lead_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_shift'))
    )
    with op.batch_alter_table('duty_shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_shift_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index('ix_duty_shift_times', ['starts_at', 'ends_at'], unique=False)

    op.create_table('share_decision',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('lead_id', sa.Uuid(), nullable=True),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('with_whom', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('lawful_basis', sa.Enum('consent', 'vital_interests', 'safeguarding_individuals', 'legal_obligation', 'public_task', 'not_shared', name='lawful_basis'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['safeguarding_case.id'], name=op.f('fk_share_decision_case_id_safeguarding_case')),
    sa.ForeignKeyConstraint(['lead_id'], ['account.id'], name=op.f('fk_share_decision_lead_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_decision'))
    )
    with op.batch_alter_table('share_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_decision_case_id'), ['case_id'], unique=False)

    sa.Enum('pre', 'post', name='moderation').create(op.get_bind(), checkfirst=True)
    with op.batch_alter_table('co_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderation', sa.Enum('pre', 'post', name='moderation'), nullable=False, server_default='pre'))
    with op.batch_alter_table('co_group', schema=None) as batch_op:
        batch_op.alter_column('moderation', server_default=None)
    for statement in POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)



def downgrade() -> None:
    with op.batch_alter_table('share_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_decision_case_id'))
    op.drop_table('share_decision')
    with op.batch_alter_table('duty_shift', schema=None) as batch_op:
        batch_op.drop_index('ix_duty_shift_times')
        batch_op.drop_index(batch_op.f('ix_duty_shift_lead_id'))
    op.drop_table('duty_shift')
    if op.get_bind().dialect.name == "postgresql":
        for table in ("disclosure", "case_note", "share_decision"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_kept ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_not_truncated ON {table}")
        op.execute("DROP FUNCTION IF EXISTS disclosure_kept()")
    else:
        for name in ("disclosure_kept", "disclosure_not_deleted", "case_note_kept", "case_note_not_deleted", "share_decision_kept", "share_decision_not_deleted"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('co_group', schema=None) as batch_op:
        batch_op.drop_column('moderation')

    with op.batch_alter_table('vault_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vault_entry_case_id'))
        batch_op.drop_index(batch_op.f('ix_vault_entry_account_id'))

    op.drop_table('vault_entry')
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_note_case_id'))

    op.drop_table('case_note')
    with op.batch_alter_table('safeguarding_case', schema=None) as batch_op:
        batch_op.drop_index('ix_safeguarding_case_open_due')
        batch_op.drop_index(batch_op.f('ix_safeguarding_case_assigned_to_id'))

    op.drop_table('safeguarding_case')
    op.drop_table('idea_same_here')
    op.drop_table('idea_report')
    with op.batch_alter_table('idea_reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_reply_idea_id'))

    op.drop_table('idea_reply')
    with op.batch_alter_table('idea_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_event_idea_id'))

    op.drop_table('idea_event')
    with op.batch_alter_table('disclosure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_account_id'))

    op.drop_table('disclosure')
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_status_created')
        batch_op.drop_index(batch_op.f('ix_idea_group_id'))
        batch_op.drop_index(batch_op.f('ix_idea_author_id'))

    op.drop_table('idea')
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
