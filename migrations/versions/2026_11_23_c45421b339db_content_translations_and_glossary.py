"""Content translations and glossary: human translations of group and meeting text, agreed terms per language

Revision ID: c45421b339db
Revises: 7e340b3127bd
Created: 2026-11-23 01:03:52.597496
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = 'c45421b339db'
down_revision = '7e340b3127bd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('content_translation',
    sa.Column('subject_kind', sa.Enum('group', 'meeting', name='content_subject_kind'), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('source_digest', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('translated_by_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['translated_by_id'], ['account.id'], name=op.f('fk_content_translation_translated_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('subject_kind', 'subject_id', 'language', 'field', name=op.f('pk_content_translation'))
    )
    op.create_table('glossary_term',
    sa.Column('term', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('definition', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], name=op.f('fk_glossary_term_created_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_term')),
    sa.UniqueConstraint('slug', name=op.f('uq_glossary_term_slug'))
    )
    op.create_table('glossary_translation',
    sa.Column('term', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('definition', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('term_id', sa.Uuid(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('translated_by_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['term_id'], ['glossary_term.id'], name=op.f('fk_glossary_translation_term_id_glossary_term'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['translated_by_id'], ['account.id'], name=op.f('fk_glossary_translation_translated_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('term_id', 'language', name=op.f('pk_glossary_translation'))
    )


def downgrade() -> None:
    op.drop_table('glossary_translation')
    op.drop_table('glossary_term')
    op.drop_table('content_translation')
    if op.get_bind().dialect.name == "postgresql":
        sa.Enum(name="content_subject_kind").drop(op.get_bind(), checkfirst=True)
