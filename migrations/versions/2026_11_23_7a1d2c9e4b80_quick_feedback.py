"""Quick feedback on changes: up to three one-tap questions, who answered (with the cohort they
gave) and their answers

Revision ID: 7a1d2c9e4b80
Revises: 5e4c1f0a9b21
Created: 2026-11-23 04:10:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '7a1d2c9e4b80'
down_revision = '5e4c1f0a9b21'
branch_labels = None
depends_on = None

QUESTIONS = ('clear_next', 'listened', 'easier', 'own_language', 'reach', 'respect', 'safe', 'would_return')


def upgrade() -> None:
    op.create_table('change_prompt',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('question', sa.Enum(*QUESTIONS, name='prompt_question'), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_change_prompt_change_id_service_change'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('change_id', 'question', name=op.f('pk_change_prompt'))
    )
    op.create_table('prompt_respondent',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('cohort', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_prompt_respondent_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_prompt_respondent_change_id_service_change'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('change_id', 'account_id', name=op.f('pk_prompt_respondent'))
    )
    with op.batch_alter_table('prompt_respondent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prompt_respondent_account_id'), ['account_id'], unique=False)
    question = sa.Enum(*QUESTIONS, name='prompt_question')
    if op.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql
        question = postgresql.ENUM(*QUESTIONS, name='prompt_question', create_type=False)
    op.create_table('prompt_answer',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('question', question, nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('answer', sa.Enum('yes', 'partly', 'no', name='prompt_answer_value'), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_prompt_answer_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_prompt_answer_change_id_service_change'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('change_id', 'question', 'account_id', name=op.f('pk_prompt_answer'))
    )
    with op.batch_alter_table('prompt_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prompt_answer_account_id'), ['account_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('prompt_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prompt_answer_account_id'))
    op.drop_table('prompt_answer')
    with op.batch_alter_table('prompt_respondent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prompt_respondent_account_id'))
    op.drop_table('prompt_respondent')
    op.drop_table('change_prompt')
    if op.get_bind().dialect.name == "postgresql":
        for name in ("prompt_answer_value", "prompt_question"):
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
