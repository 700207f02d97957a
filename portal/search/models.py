"""The search index: the words of each published idea, proposal and change, one row per
language they can be read in.

SQLite searches it through an FTS5 table that triggers keep in step with `search_entry`;
PostgreSQL through a GIN index on the words. Both use no stemming, because most of the
portal's languages have no stemmer: words match from their beginning instead.
"""

from __future__ import annotations

import enum
import uuid

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

#: SQLite's full-text table over `search_entry`; FTS5 keeps shadow tables named after it.
FTS_TABLE = "search_entry_fts"

#: Unicode letters, numbers and marks are parts of words (the default leaves out marks, which
#: would cut Bengali, Punjabi or Urdu words into pieces); Latin accents are ignored.
FTS_TOKENIZER = "unicode61 remove_diacritics 2 categories ''L* N* Co M*''"

#: The FTS5 table and the triggers that copy every write on `search_entry` into it.
FTS_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(body, content='search_entry', content_rowid='id', tokenize='{FTS_TOKENIZER}')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON search_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, new.body); END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON search_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body) VALUES ('delete', old.id, old.body); END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE ON search_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body) VALUES ('delete', old.id, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, new.body); END",
)

#: The words as PostgreSQL indexes and searches them (the query must use the same expression).
PG_WORDS = "to_tsvector('simple'::regconfig, body)"
PG_WORDS_INDEX = "ix_search_entry_words"
PG_DDL = f"CREATE INDEX {PG_WORDS_INDEX} ON search_entry USING gin ({PG_WORDS})"


def made_by_sql(name: str | None, type_: str) -> bool:
    """Whether a table or index is SQLite's full-text table (or one of its shadow tables) or
    PostgreSQL's word index: SQL makes them, so schema checks leave them out."""
    if name is None:
        return False
    return (type_ == "table" and name.startswith(FTS_TABLE)) or (type_ == "index" and name == PG_WORDS_INDEX)


class SearchKind(enum.StrEnum):
    """What a search result is."""

    idea = "idea"
    proposal = "proposal"
    change = "change"


class SearchEntry(SQLModel, table=True):
    """The searchable words of one idea, proposal or change in one language."""

    __tablename__ = "search_entry"
    __table_args__ = (sa.UniqueConstraint("kind", "subject_id", "language"),)

    #: A whole number, so SQLite's full-text table can use it as its row id.
    id: int | None = Field(default=None, primary_key=True)
    kind: SearchKind = Field(sa_type=sa.Enum(SearchKind, name="search_kind"))
    #: The idea's, proposal's or change's id (no foreign key: it points at any of the three).
    subject_id: uuid.UUID
    #: The subject's group, so a sensitive group's content is found only by its members and staff.
    group_id: uuid.UUID | None = Field(default=None, foreign_key="co_group.id", ondelete="SET NULL", index=True)
    #: The language of these words: the idea's own, "en" for an original, or a translation's.
    language: str = Field(max_length=8)
    body: str = Field(sa_type=sa.Text)


for _statement in FTS_DDL:
    sa.event.listen(SearchEntry.__table__, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite"))
sa.event.listen(SearchEntry.__table__, "after_create", sa.DDL(PG_DDL).execute_if(dialect="postgresql"))
sa.event.listen(SearchEntry.__table__, "before_drop", sa.DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}").execute_if(dialect="sqlite"))
