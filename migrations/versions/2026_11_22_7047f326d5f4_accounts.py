"""Accounts: pseudonymous accounts, roles, sign-in sessions, consents, two-factor codes, throttles

Revision ID: 7047f326d5f4
Revises: e4468cefca62
Created: 2026-11-22 22:34:34.092473
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

ENUMS = ("role", "consent_kind")


revision = '7047f326d5f4'
down_revision = 'e4468cefca62'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('pseudonym', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('pseudonym_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('recovery_code_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('age_confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('totp_secret', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('totp_last_step', sa.BigInteger(), nullable=True),
    sa.Column('listed_to_members', sa.Boolean(), nullable=False),
    sa.Column('needs_language', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('needs_interpreter', sa.Boolean(), nullable=False),
    sa.Column('needs_easy_read', sa.Boolean(), nullable=False),
    sa.Column('needs_large_print', sa.Boolean(), nullable=False),
    sa.Column('needs_bsl', sa.Boolean(), nullable=False),
    sa.Column('needs_other', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('email_encrypted', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('mobile_encrypted', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('pseudonym_key', name=op.f('uq_account_pseudonym_key'))
    )
    op.create_table('sign_in_throttle',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('wait_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle'))
    )
    op.create_table('consent',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('privacy_notice', name='consent_kind'), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_consent_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_account_id'), ['account_id'], unique=False)

    op.create_table('role_grant',
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.Enum('participant', 'intermediary', 'staff', 'safeguarding_lead', 'admin', 'commissioner', name='role'), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_role_grant_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'role', name=op.f('pk_role_grant'))
    )
    op.create_table('sign_in_session',
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('second_factor_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_sign_in_session_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_sign_in_session'))
    )
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_session_account_id'), ['account_id'], unique=False)

    op.create_table('two_factor_recovery_code',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_two_factor_recovery_code_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_two_factor_recovery_code'))
    )
    with op.batch_alter_table('two_factor_recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_two_factor_recovery_code_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('two_factor_recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_two_factor_recovery_code_account_id'))

    op.drop_table('two_factor_recovery_code')
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_session_account_id'))

    op.drop_table('sign_in_session')
    op.drop_table('role_grant')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_account_id'))

    op.drop_table('consent')
    op.drop_table('sign_in_throttle')
    op.drop_table('account')
    if op.get_bind().dialect.name == "postgresql":
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
