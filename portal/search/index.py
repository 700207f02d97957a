"""Keeping the search index right, whatever writes the ideas, proposals, changes and
translations it is made from.

One rule, in one place: after every flush, each idea, proposal, change or proposal or change
translation the flush wrote has its entries rewritten from the tables, on the same connection
and so in the same transaction. An UPDATE or DELETE statement run through a session skips the
flush, so those statements on the same tables are caught too. Nothing a service does can
forget it: an idea that is hidden, held or sent back leaves search in the commit that moves it.
`flask search rebuild` writes the whole index again for anything changed outside the ORM.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import chain

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState, Session

from portal.changes.models import Change
from portal.content.models import ContentTranslation, SubjectKind
from portal.ideas.models import Idea, IdeaStatus
from portal.proposals.models import Proposal
from portal.search.models import FTS_TABLE, SearchEntry, SearchKind

ENTRY = SearchEntry.__table__
COLUMNS = ("kind", "subject_id", "group_id", "language", "body")
#: Subjects per statement when many are rewritten at once.
CHUNK = 500

INDEXED: dict[type, SearchKind] = {Idea: SearchKind.idea, Proposal: SearchKind.proposal, Change: SearchKind.change}
TRANSLATED: dict[SubjectKind, SearchKind] = {SubjectKind.proposal: SearchKind.proposal, SubjectKind.change: SearchKind.change}

Targets = dict[SearchKind, set[uuid.UUID]]


def _kind(kind: SearchKind) -> sa.ColumnElement:
    return sa.cast(sa.literal(kind.value), ENTRY.c.kind.type)


def _words(*columns) -> sa.ColumnElement[str]:
    """The columns' text, one after the other, separated by spaces."""
    joined = columns[0]
    for column in columns[1:]:
        joined = joined + " " + column
    return joined


def _limited(query: sa.Select, column, ids: Collection[uuid.UUID] | None) -> sa.Select:
    return query if ids is None else query.where(column.in_(ids))


def _translations(kind: SubjectKind, subject: type, ids: Collection[uuid.UUID] | None) -> sa.Select:
    """One row per translated subject and language: all its translated fields together."""
    query = (
        sa.select(_kind(TRANSLATED[kind]), ContentTranslation.subject_id, subject.group_id, ContentTranslation.language,
                  sa.func.aggregate_strings(ContentTranslation.text, " "))
        .join(subject, subject.id == ContentTranslation.subject_id)
        .where(ContentTranslation.subject_kind == kind)
        .group_by(ContentTranslation.subject_id, subject.group_id, ContentTranslation.language)
    )
    return _limited(query, ContentTranslation.subject_id, ids)


def _ideas(ids: Collection[uuid.UUID] | None) -> list[sa.Select]:
    """Published ideas only, in the language they were written in, with the moderators'
    English translation when there is one."""
    body = _words(Idea.what_happened, Idea.what_should_change, Idea.english_what_happened, Idea.english_what_should_change)
    query = sa.select(_kind(SearchKind.idea), Idea.id, Idea.group_id, Idea.language, body).where(Idea.status == IdeaStatus.published)
    return [_limited(query, Idea.id, ids)]


def _proposals(ids: Collection[uuid.UUID] | None) -> list[sa.Select]:
    body = _words(Proposal.title, Proposal.summary, Proposal.detail, Proposal.easy_read)
    query = sa.select(_kind(SearchKind.proposal), Proposal.id, Proposal.group_id, sa.literal("en"), body)
    return [_limited(query, Proposal.id, ids), _translations(SubjectKind.proposal, Proposal, ids)]


def _changes(ids: Collection[uuid.UUID] | None) -> list[sa.Select]:
    body = _words(Change.title, Change.said, Change.did, Change.status_reason)
    query = sa.select(_kind(SearchKind.change), Change.id, Change.group_id, sa.literal("en"), body)
    return [_limited(query, Change.id, ids), _translations(SubjectKind.change, Change, ids)]


#: For each kind: the selects giving its entries (all of them, or only these subjects').
SOURCES: dict[SearchKind, Callable[[Collection[uuid.UUID] | None], list[sa.Select]]] = {
    SearchKind.idea: _ideas,
    SearchKind.proposal: _proposals,
    SearchKind.change: _changes,
}


def _chunks(ids: Iterable[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


def reindex(connection: sa.Connection, targets: Targets) -> None:
    """Rewrite these subjects' entries from the tables (a subject no longer searchable, or
    gone, just loses them)."""
    for kind, ids in targets.items():
        for chunk in _chunks(ids):
            connection.execute(sa.delete(ENTRY).where(ENTRY.c.kind == kind, ENTRY.c.subject_id.in_(chunk)))
            for query in SOURCES[kind](chunk):
                connection.execute(sa.insert(ENTRY).from_select(COLUMNS, query))


def rebuild(session: Session) -> int:
    """Write the whole index again from the tables; return how many entries it holds."""
    connection = session.connection()
    connection.execute(sa.delete(ENTRY))
    for kind in SearchKind:
        for query in SOURCES[kind](None):
            connection.execute(sa.insert(ENTRY).from_select(COLUMNS, query))
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    count = connection.execute(sa.select(sa.func.count()).select_from(ENTRY)).scalar_one()
    session.commit()
    return count


def _primary_key(row: object) -> dict[str, object]:
    """A row's key, from its identity when it has one (a deleted row's attributes may be gone)."""
    state = sa.inspect(row)
    names = [state.mapper.get_property_by_column(column).key for column in state.mapper.primary_key]
    if state.identity is not None:
        return dict(zip(names, state.identity))
    return {name: getattr(row, name) for name in names}


def _target(row: object) -> tuple[SearchKind, uuid.UUID] | None:
    """Which indexed subject a written row belongs to, if any."""
    kind = INDEXED.get(type(row))
    if kind is not None:
        return kind, _primary_key(row)["id"]
    if isinstance(row, ContentTranslation):
        key = _primary_key(row)
        translated = TRANSLATED.get(SubjectKind(key["subject_kind"]))
        return (translated, key["subject_id"]) if translated else None
    return None


def _targets(found: Iterable[tuple[SearchKind, uuid.UUID] | None]) -> Targets:
    targets: Targets = {}
    for target in found:
        if target is not None:
            targets.setdefault(target[0], set()).add(target[1])
    return targets


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    """Rewrite the entries of every indexed subject this flush wrote."""
    changed = (row for row in session.dirty if session.is_modified(row, include_collections=False))
    targets = _targets(_target(row) for row in chain(session.new, changed, session.deleted))
    if targets:
        reindex(session.connection(), targets)


def _touched(session: Session, entity: type, where: sa.ColumnElement[bool] | None) -> Targets | None:
    """The subjects an UPDATE or DELETE on `entity` will touch (None: not an indexed table)."""
    if entity in INDEXED:
        query = sa.select(sa.literal(INDEXED[entity].value), entity.id)
    elif entity is ContentTranslation:
        query = sa.select(ContentTranslation.subject_kind, ContentTranslation.subject_id)
    else:
        return None
    if where is not None:
        query = query.where(where)
    rows = session.execute(query).all()
    if entity is ContentTranslation:
        return _targets((TRANSLATED[SubjectKind(kind)], subject_id) if SubjectKind(kind) in TRANSLATED else None for kind, subject_id in rows)
    return _targets((SearchKind(kind), subject_id) for kind, subject_id in rows)


@sa.event.listens_for(Session, "do_orm_execute")
def _after_statement(state: ORMExecuteState):
    """Run an UPDATE or DELETE on an indexed table, then rewrite the entries of what it touched
    (found before it runs: an update can move rows out of its own WHERE)."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    touched = _touched(state.session, state.bind_mapper.class_, state.statement.whereclause)
    if touched is None:
        return None
    result = state.invoke_statement()
    if result.returns_rows:
        result = result.freeze()()  # read RETURNING rows before the connection is used again
    if touched:
        reindex(state.session.connection(), touched)
    return result
