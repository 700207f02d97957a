"""Platform: the audit log (append-only), service settings, problem reports, form tokens

Revision ID: e4468cefca62
Revises: 
Created: 2026-11-22 22:14:34.827481
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

#: Refuse any change to an audit entry, whatever code or tool runs the statement.
SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$",
    "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
)
ENUMS = ("problem_kind", "problem_status")


revision = 'e4468cefca62'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('subject_kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('entry_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_subject'), ['subject'], unique=False)

    audit_head = op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('entry_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.bulk_insert(audit_head, [{"id": 1, "seq": 0, "entry_hash": "0" * 64}])
    for statement in POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)
    op.create_table('problem_report',
    sa.Column('kind', sa.Enum('accessibility', 'translation', 'other', name='problem_kind'), nullable=False),
    sa.Column('page', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.Enum('new', 'in_hand', 'fixed', 'wont_fix', name='problem_status'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_report'))
    )
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_report_created_at'), ['created_at'], unique=False)

    op.create_table('service_setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_service_setting'))
    )
    op.create_table('used_form_token',
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_used_form_token'))
    )
    with op.batch_alter_table('used_form_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_form_token_used_at'), ['used_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('used_form_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_form_token_used_at'))

    op.drop_table('used_form_token')
    op.drop_table('service_setting')
    with op.batch_alter_table('problem_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_report_created_at'))

    op.drop_table('problem_report')
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_subject'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
        for name in ENUMS:
            sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
