"""Read-only search: the words a person typed, matched against the index on either engine,
one result per idea, proposal or change, best first.

What the person typed is never handed to the engine as query syntax: it is cut into words of
letters, marks and digits, and the engine's query is built from those words alone and sent as
a bound parameter. Every word must match, each from its beginning.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from portal.changes.models import Change
from portal.groups.models import Group
from portal.groups.queries import seen_by
from portal.ideas.models import Idea, IdeaStatus
from portal.proposals.models import Proposal
from portal.search.models import FTS_TABLE, SearchEntry, SearchKind

#: The most words, and characters, one search may have.
MAX_WORDS = 8
MAX_LENGTH = 200
#: The PostgreSQL word configuration: no stemming, no stop words, in every language.
PG_CONFIG = sa.literal_column("'simple'::regconfig")

SUBJECTS: dict[SearchKind, type] = {SearchKind.idea: Idea, SearchKind.proposal: Proposal, SearchKind.change: Change}


def _word_character(character: str) -> bool:
    return unicodedata.category(character)[0] in "LMN"


def words(text: str) -> list[str]:
    """The words in `text`, lower-cased, each once: runs of Unicode letters, marks and digits.
    Everything else (spaces, punctuation, quotes, symbols) only separates words, and a run of
    marks alone is no word."""
    found: list[str] = []
    current: list[str] = []
    for character in unicodedata.normalize("NFC", text) + " ":
        if _word_character(character):
            current.append(character)
        elif current:
            found.append("".join(current).lower())
            current = []
    real = (word for word in found if any(unicodedata.category(character)[0] in "LN" for character in word))
    return list(dict.fromkeys(real))


def fts5_query(found: list[str]) -> str:
    """An FTS5 query: every word as a quoted prefix ("word"*), all of them required."""
    return " ".join(f'"{word}"*' for word in found[:MAX_WORDS])


def tsquery(found: list[str]) -> str:
    """A PostgreSQL tsquery: every word as a quoted prefix ('word':*), all of them required."""
    return " & ".join(f"'{word}':*" for word in found[:MAX_WORDS])


def _sqlite_matches(found: list[str]) -> sa.Select:
    fts = sa.table(FTS_TABLE, sa.column("rowid"))
    table = sa.literal_column(FTS_TABLE)
    return (
        sa.select(SearchEntry.kind, SearchEntry.subject_id, sa.func.bm25(table).label("rank"))
        .select_from(fts)
        .join(SearchEntry, SearchEntry.id == fts.c.rowid)
        .where(table.op("MATCH")(sa.bindparam("words", fts5_query(found), type_=sa.String)))
    )


def _postgresql_matches(found: list[str]) -> sa.Select:
    query = sa.func.to_tsquery(PG_CONFIG, sa.bindparam("words", tsquery(found), type_=sa.String))
    vector = sa.func.to_tsvector(PG_CONFIG, SearchEntry.body)
    return sa.select(SearchEntry.kind, SearchEntry.subject_id, (-sa.func.ts_rank(vector, query)).label("rank")).where(vector.op("@@")(query))


@dataclass(frozen=True)
class Found:
    """One search result: an idea, a proposal or a change."""

    kind: SearchKind
    subject: Idea | Proposal | Change


def _best(session: Session, found: list[str], *, viewer_id: uuid.UUID | None, staff: bool, page: int, per_page: int) -> list[tuple[SearchKind, uuid.UUID]]:
    """(kind, id) of the best-matching subjects on this page, and one more to tell if there is
    a next page. Lower rank is better on both engines."""
    matches = _sqlite_matches(found) if session.get_bind().dialect.name == "sqlite" else _postgresql_matches(found)
    matches = matches.outerjoin(Group, Group.id == SearchEntry.group_id).where(seen_by(SearchEntry.group_id, viewer_id=viewer_id, staff=staff))
    # Materialised, because SQLite allows bm25() only in a query of its own.
    entries = matches.cte("entries").prefix_with("MATERIALIZED")
    best = sa.func.min(entries.c.rank)
    query = (
        sa.select(entries.c.kind, entries.c.subject_id)
        .group_by(entries.c.kind, entries.c.subject_id)
        .order_by(best, entries.c.kind, entries.c.subject_id)
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    )
    return [(SearchKind(kind), subject_id) for kind, subject_id in session.execute(query).all()]


def _subjects(session: Session, rows: list[tuple[SearchKind, uuid.UUID]]) -> dict[tuple[SearchKind, uuid.UUID], Idea | Proposal | Change]:
    """The ideas, proposals and changes themselves: one query for each kind on the page. An
    idea must still be published, whatever the index says."""
    loaded = {}
    for kind, model in SUBJECTS.items():
        ids = [subject_id for found_kind, subject_id in rows if found_kind == kind]
        if not ids:
            continue
        query = sa.select(model).where(model.id.in_(ids))
        if model is Idea:
            query = query.where(Idea.status == IdeaStatus.published)
        loaded.update(((kind, subject.id), subject) for subject in session.execute(query).scalars())
    return loaded


def search(session: Session, text: str, *, viewer_id: uuid.UUID | None, staff: bool, page: int, per_page: int) -> tuple[list[Found], bool]:
    """Published ideas, proposals and changes with every word of `text` (a sensitive group's
    only for its members and staff), best first, and whether there is a next page."""
    found = words(text)
    if not found:
        return [], False
    rows = _best(session, found, viewer_id=viewer_id, staff=staff, page=page, per_page=per_page)
    shown = rows[:per_page]
    subjects = _subjects(session, shown)
    return [Found(kind, subjects[(kind, subject_id)]) for kind, subject_id in shown if (kind, subject_id) in subjects], len(rows) > per_page
