"""Co-production plan: cohorts, objectives and measures, ladder rungs, maturity self-assessment and
assurance checks

Revision ID: c5a1f3e6b9d4
Revises: 7a1d2c9e4b80
Created: 2026-11-23 04:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql


revision = 'c5a1f3e6b9d4'
down_revision = '7a1d2c9e4b80'
branch_labels = None
depends_on = None

RUNGS = ('coercion', 'educating', 'informing', 'consultation', 'engagement', 'co_design', 'co_production')
ENUMS = ("ladder_rung", "check_consistency", "check_method", "objective_status", "cohort_kind")


def upgrade() -> None:
    op.create_table('plan_cohort',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('kind', sa.Enum('core20plus5', 'protected_characteristic', 'inclusion_health', 'other', name='cohort_kind'), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_cohort')),
    sa.UniqueConstraint('name', name=op.f('uq_plan_cohort_name'))
    )
    op.create_table('plan_maturity',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('evidence', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('next_steps', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['account.id'], name=op.f('fk_plan_maturity_recorded_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_maturity'))
    )
    with op.batch_alter_table('plan_maturity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_maturity_assessed_on'), ['assessed_on'], unique=False)

    op.create_table('plan_objective',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('measures', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('status', sa.Enum('active', 'achieved', 'stopped', name='objective_status'), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], name=op.f('fk_plan_objective_created_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_objective'))
    )
    op.create_table('assurance_check',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('method', sa.Enum('record_sampling', 'mystery_shopper', 'supervision_themes', 'other', name='check_method'), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=True),
    sa.Column('findings', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('consistency', sa.Enum('consistent', 'partly', 'not_applied', name='check_consistency'), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_assurance_check_change_id_service_change'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['account.id'], name=op.f('fk_assurance_check_recorded_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assurance_check'))
    )
    with op.batch_alter_table('assurance_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assurance_check_change_id'), ['change_id'], unique=False)

    op.create_table('plan_objective_change',
    sa.Column('objective_id', sa.Uuid(), nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_plan_objective_change_change_id_service_change'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['plan_objective.id'], name=op.f('fk_plan_objective_change_objective_id_plan_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'change_id', name=op.f('pk_plan_objective_change'))
    )
    with op.batch_alter_table('plan_objective_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_objective_change_change_id'), ['change_id'], unique=False)

    op.create_table('plan_objective_cohort',
    sa.Column('objective_id', sa.Uuid(), nullable=False),
    sa.Column('cohort_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['plan_cohort.id'], name=op.f('fk_plan_objective_cohort_cohort_id_plan_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['plan_objective.id'], name=op.f('fk_plan_objective_cohort_objective_id_plan_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'cohort_id', name=op.f('pk_plan_objective_cohort'))
    )
    with op.batch_alter_table('plan_objective_cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_objective_cohort_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('plan_objective_group',
    sa.Column('objective_id', sa.Uuid(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_plan_objective_group_group_id_co_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['plan_objective.id'], name=op.f('fk_plan_objective_group_objective_id_plan_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'group_id', name=op.f('pk_plan_objective_group'))
    )
    with op.batch_alter_table('plan_objective_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_objective_group_group_id'), ['group_id'], unique=False)

    rung = sa.Enum(*RUNGS, name='ladder_rung')
    if op.get_bind().dialect.name == "postgresql":
        rung.create(op.get_bind(), checkfirst=True)
        rung = postgresql.ENUM(*RUNGS, name='ladder_rung', create_type=False)
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rung', rung, nullable=True))




def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('rung')

    with op.batch_alter_table('plan_objective_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_objective_group_group_id'))

    op.drop_table('plan_objective_group')
    with op.batch_alter_table('plan_objective_cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_objective_cohort_cohort_id'))

    op.drop_table('plan_objective_cohort')
    with op.batch_alter_table('plan_objective_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_objective_change_change_id'))

    op.drop_table('plan_objective_change')
    with op.batch_alter_table('assurance_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assurance_check_change_id'))

    op.drop_table('assurance_check')
    op.drop_table('plan_objective')
    with op.batch_alter_table('plan_maturity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_maturity_assessed_on'))

    op.drop_table('plan_maturity')
    op.drop_table('plan_cohort')
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
