"""Search across published ideas, proposals and changes in every language: one row of words per
subject and language, SQLite's full-text table with its triggers or PostgreSQL's word index,
filled from what is already published

Revision ID: 5e4c1f0a9b21
Revises: 0d2346f42efa
Created: 2026-11-23 04:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '5e4c1f0a9b21'
down_revision = '0d2346f42efa'
branch_labels = None
depends_on = None

# The SQL is written out here, not imported, so this migration stays as it was when written.
# Subject kinds are compared as text: PostgreSQL refuses enum values added earlier in the same
# transaction, which they are when a new database is upgraded in one go.
FTS_TOKENIZER = "unicode61 remove_diacritics 2 categories ''L* N* Co M*''"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE search_entry_fts USING fts5(body, content='search_entry', content_rowid='id', tokenize='{FTS_TOKENIZER}')",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO search_entry_fts(rowid, body) VALUES (new.id, new.body); END",
)
PG_INDEX = "CREATE INDEX ix_search_entry_words ON search_entry USING gin (to_tsvector('simple'::regconfig, body))"

FILL = (
    "INSERT INTO search_entry (kind, subject_id, group_id, language, body) "
    "SELECT {idea}, id, group_id, language, "
    "what_happened || ' ' || what_should_change || ' ' || english_what_happened || ' ' || english_what_should_change "
    "FROM idea WHERE status = 'published'",
    "INSERT INTO search_entry (kind, subject_id, group_id, language, body) "
    "SELECT {proposal}, id, group_id, 'en', title || ' ' || summary || ' ' || detail || ' ' || easy_read FROM proposal",
    "INSERT INTO search_entry (kind, subject_id, group_id, language, body) "
    "SELECT {change}, id, group_id, 'en', title || ' ' || said || ' ' || did || ' ' || status_reason FROM service_change",
    "INSERT INTO search_entry (kind, subject_id, group_id, language, body) "
    "SELECT {proposal}, t.subject_id, p.group_id, t.language, {joined} "
    "FROM content_translation t JOIN proposal p ON p.id = t.subject_id "
    "WHERE CAST(t.subject_kind AS TEXT) = 'proposal' GROUP BY t.subject_id, p.group_id, t.language",
    "INSERT INTO search_entry (kind, subject_id, group_id, language, body) "
    "SELECT {change}, t.subject_id, c.group_id, t.language, {joined} "
    "FROM content_translation t JOIN service_change c ON c.id = t.subject_id "
    "WHERE CAST(t.subject_kind AS TEXT) = 'change' GROUP BY t.subject_id, c.group_id, t.language",
)


def _fill(postgresql: bool) -> None:
    """Index everything already published, so an upgraded database is searchable at once."""
    kinds = {kind: f"CAST('{kind}' AS search_kind)" if postgresql else f"'{kind}'" for kind in ("idea", "proposal", "change")}
    joined = "string_agg(t.text, ' ')" if postgresql else "group_concat(t.text, ' ')"
    for statement in FILL:
        op.execute(statement.format(joined=joined, **kinds))


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('idea', 'proposal', 'change', name='search_kind'), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=True),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['co_group.id'], name=op.f('fk_search_entry_group_id_co_group'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('kind', 'subject_id', 'language', name=op.f('uq_search_entry_kind'))
    )
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entry_group_id'), ['group_id'], unique=False)
    if postgresql:
        op.execute(PG_INDEX)
    else:
        for statement in FTS_DDL:
            op.execute(statement)
    _fill(postgresql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_entry_words")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS search_entry_fts_{name}")
        op.execute("DROP TABLE IF EXISTS search_entry_fts")
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entry_group_id'))

    op.drop_table('search_entry')
    if op.get_bind().dialect.name == "postgresql":
        sa.Enum(name='search_kind').drop(op.get_bind(), checkfirst=True)
