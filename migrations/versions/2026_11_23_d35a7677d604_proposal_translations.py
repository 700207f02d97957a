"""Human translations of proposals too: a third kind of subject, and room for a proposal's
longer detail

Revision ID: d35a7677d604
Revises: 6aaa34331121
Created: 2026-11-23 02:20:47.048770
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = 'd35a7677d604'
down_revision = '6aaa34331121'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE content_subject_kind ADD VALUE IF NOT EXISTS 'proposal'")
        op.alter_column('content_translation', 'text', existing_type=sa.VARCHAR(length=2000), type_=sqlmodel.sql.sqltypes.AutoString(length=4000), existing_nullable=False)
        return
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.alter_column('subject_kind', existing_type=sa.VARCHAR(length=7), type_=sa.Enum('group', 'meeting', 'proposal', name='content_subject_kind'), existing_nullable=False)
        batch_op.alter_column('text', existing_type=sa.VARCHAR(length=2000), type_=sqlmodel.sql.sqltypes.AutoString(length=4000), existing_nullable=False)


def downgrade() -> None:
    # Proposal translations go; PostgreSQL keeps the enum value until the type itself is dropped.
    op.execute("DELETE FROM content_translation WHERE subject_kind = 'proposal'")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('content_translation', 'text', existing_type=sqlmodel.sql.sqltypes.AutoString(length=4000), type_=sa.VARCHAR(length=2000), existing_nullable=False)
        return
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.alter_column('text', existing_type=sqlmodel.sql.sqltypes.AutoString(length=4000), type_=sa.VARCHAR(length=2000), existing_nullable=False)
        batch_op.alter_column('subject_kind', existing_type=sa.Enum('group', 'meeting', 'proposal', name='content_subject_kind'), type_=sa.Enum('group', 'meeting', name='content_subject_kind'), existing_nullable=False)
