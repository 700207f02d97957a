"""Impact figures for changes: baseline, latest and target values for a cohort, with their
periods, unit and which way is better

Revision ID: 0d2346f42efa
Revises: 5db86609cbac
Created: 2026-11-23 02:36:38.145428
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0d2346f42efa'
down_revision = '5db86609cbac'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('impact_measure',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('unit', sa.Enum('percent', 'count', 'days', 'per_thousand', name='impact_unit'), nullable=False),
    sa.Column('cohort', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('baseline_from', sa.Date(), nullable=False),
    sa.Column('baseline_to', sa.Date(), nullable=False),
    sa.Column('latest', sa.Float(), nullable=False),
    sa.Column('latest_from', sa.Date(), nullable=False),
    sa.Column('latest_to', sa.Date(), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('better', sa.Enum('higher', 'lower', name='impact_better'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_impact_measure_change_id_service_change'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_impact_measure'))
    )
    with op.batch_alter_table('impact_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_impact_measure_change_id'), ['change_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('impact_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_impact_measure_change_id'))

    op.drop_table('impact_measure')
    if op.get_bind().dialect.name == "postgresql":
        for name in ("impact_better", "impact_unit"):
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
