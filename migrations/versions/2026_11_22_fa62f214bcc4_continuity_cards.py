"""Continuity cards: card code and PIN sign-in, the supporting connector, consents a connector records

Revision ID: fa62f214bcc4
Revises: ff63f549e423
Created: 2026-11-22 23:28:40.240453
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

NEW_CONSENT_KINDS = ("taking_part", "contact", "act_on_behalf")


revision = 'fa62f214bcc4'
down_revision = 'ff63f549e423'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for kind in NEW_CONSENT_KINDS:
            op.execute(f"ALTER TYPE consent_kind ADD VALUE IF NOT EXISTS '{kind}'")
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_code_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('pin_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        batch_op.add_column(sa.Column('card_issued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('supported_by_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_account_supported_by_id'), ['supported_by_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_account_card_code_digest'), ['card_code_digest'])
        batch_op.create_foreign_key(batch_op.f('fk_account_supported_by_id_account'), 'account', ['supported_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_by_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_consent_recorded_by_id_account'), 'account', ['recorded_by_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    # PostgreSQL cannot drop enum values; the rows using them go, the unused values stay.
    op.execute("DELETE FROM consent WHERE kind IN ('taking_part', 'contact', 'act_on_behalf')")
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consent_recorded_by_id_account'), type_='foreignkey')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('recorded_by_id')

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_account_supported_by_id_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_account_card_code_digest'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_account_supported_by_id'))
        batch_op.drop_column('supported_by_id')
        batch_op.drop_column('card_issued_at')
        batch_op.drop_column('pin_hash')
        batch_op.drop_column('card_code_digest')

