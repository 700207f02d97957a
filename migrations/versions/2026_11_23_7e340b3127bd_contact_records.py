"""Contact records: the quick minimum dataset a connector notes after each contact

Revision ID: 7e340b3127bd
Revises: 942d80e7a1c6
Created: 2026-11-23 00:02:45.713934
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '7e340b3127bd'
down_revision = '942d80e7a1c6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contact_record',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('connector_id', sa.Uuid(), nullable=True),
    sa.Column('contact_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('in_person', 'phone', 'message', 'online', name='contact_kind'), nullable=False),
    sa.Column('venue', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('support_given', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('follow_up_needed', sa.Boolean(), nullable=False),
    sa.Column('follow_up', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connector_id'], ['account.id'], name=op.f('fk_contact_record_connector_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['account.id'], name=op.f('fk_contact_record_person_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_record'))
    )
    with op.batch_alter_table('contact_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_record_connector_id'), ['connector_id'], unique=False)
        batch_op.create_index('ix_contact_record_person_date', ['person_id', 'contact_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('contact_record', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_record_person_date')
        batch_op.drop_index(batch_op.f('ix_contact_record_connector_id'))

    op.drop_table('contact_record')
    if op.get_bind().dialect.name == "postgresql":
        sa.Enum(name="contact_kind").drop(op.get_bind(), checkfirst=True)
