"""Equality monitoring: optional self-reported answers, kept apart from everything else

Revision ID: a3e9d1c4f7b2
Revises: c5a1f3e6b9d4
Created: 2026-11-23 04:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = 'a3e9d1c4f7b2'
down_revision = 'c5a1f3e6b9d4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Answers are short codes checked in Python (no database enum types), so a change to the
    # ONS lists needs no type change here.
    op.create_table('equality_answer',
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('ethnicity', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('age_band', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('sex', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('gender_identity', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('disability', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('religion', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('sexual_orientation', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('carer', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('cohorts', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_equality_answer_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_equality_answer'))
    )
    op.create_table('equality_cohort',
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('cohort_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['equality_answer.account_id'], name=op.f('fk_equality_cohort_account_id_equality_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cohort_id'], ['plan_cohort.id'], name=op.f('fk_equality_cohort_cohort_id_plan_cohort'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'cohort_id', name=op.f('pk_equality_cohort'))
    )
    with op.batch_alter_table('equality_cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equality_cohort_cohort_id'), ['cohort_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('equality_cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equality_cohort_cohort_id'))

    op.drop_table('equality_cohort')
    op.drop_table('equality_answer')
