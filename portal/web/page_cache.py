"""Public pages kept ready for signed-out visitors, never shown after the data behind them changed.

A community shares a link to a change or a proposal and many people open it at once, most of
them not signed in. Those pages are the same for every visitor in the same language, so each
worker keeps what it rendered and serves it again, with the visitor's own CSRF token put back.

Correctness rests on the *page generation*, stored in the database so every worker and every
server sees it. Any commit that writes a table a public page could show adds one to it, in the
same transaction as the write. A kept page is served only while the generation it was rendered
under is still the current one, and for at most `PAGE_CACHE_SECONDS` (so text such as "voting
closes today" never lags the clock by more than that). A hidden idea, a new vote or a changed
setting therefore reaches the very next visitor.

Votes have a generation of their own. Only a proposal's own page shows ballots and counts
(`shows_votes=True`), so while a proposal is being voted on, every other kept page stays
valid, and a vote's commit never waits on the lock of the row every other write takes.

Never kept: anything for a signed-in person, pages with a message waiting to be shown
(flash), answers other than 200, and pages carrying a once-only form token (it is one
person's, so such a page is never shared).
"""

from __future__ import annotations

import functools
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from portal.web.models import PageGeneration

#: Tables whose rows no public page shows: writing them leaves kept pages as they are.
UNSEEN_TABLES = frozenset(
    {
        "page_generation",
        "audit_entry",
        "audit_head",
        "outbox_item",
        "sign_in_throttle",
        "sign_in_session",
        "used_form_token",
        "two_factor_recovery_code",
        "consent",
        "message",
        "notification_preference",
    }
)
#: Ballots and their counts: only pages marked `shows_votes` show them.
VOTE_TABLES = frozenset({"vote", "voter_roll", "secret_tally", "ballot_receipt", "room_tally", "former_member_vote"})
#: The generations' rows: one for everything public pages show, one for votes.
EVERYTHING, VOTES = 1, 2
#: Where the CSRF token stood in a kept page (NUL never survives into typed text).
_TOKEN_MARK = ("\x00csrf-" + secrets.token_hex(8) + "\x00").encode()
_STALE = "page_cache_stale"
#: A once-only form token belongs to one visitor: a page carrying one is never shared.
_ONCE_FIELD = b'name="once"'
#: Headers a kept page is served with again (cookies and per-response headers are never kept).
_KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language")


@dataclass(frozen=True)
class _Kept:
    generation: tuple[int, ...]
    stored_at: float
    body: bytes
    headers: tuple[tuple[str, str], ...]


class _Pages:
    """One worker's kept pages, least recently used dropped first."""

    def __init__(self) -> None:
        self._pages: OrderedDict[tuple, _Kept] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> _Kept | None:
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None:
                self._pages.move_to_end(key)
            return kept

    def put(self, key: tuple, kept: _Kept, limit: int) -> None:
        with self._lock:
            self._pages[key] = kept
            self._pages.move_to_end(key)
            while len(self._pages) > limit:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def init_app(app) -> None:
    """Give this app its own kept pages (never shared between apps in one process)."""
    app.extensions["page_cache"] = _Pages()


_READ = sa.select(PageGeneration.__table__.c.id, PageGeneration.__table__.c.n).where(PageGeneration.__table__.c.id.in_((EVERYTHING, VOTES)))


def current_generations(db_session: Session | sa.Connection) -> tuple[int, int]:
    """The generations of everything and of votes, as this session or connection sees them (0
    before anything was written)."""
    found = {area: n for area, n in db_session.execute(_READ)}
    return found.get(EVERYTHING, 0), found.get(VOTES, 0)


def current_generation(db_session: Session | sa.Connection, area: int = EVERYTHING) -> int:
    """One area's generation now (everything but votes, unless `area` is VOTES)."""
    return current_generations(db_session)[area - 1]


def _generations_now(engine: sa.Engine) -> tuple[int, int]:
    """The generations now, read on a connection of its own: a page served from the kept copy
    then never opens the request's session at all."""
    with engine.connect() as connection:
        return current_generations(connection)


def _table_of(instance) -> str | None:
    table = getattr(type(instance), "__table__", None)
    return getattr(table, "name", None)


def _area(table: str | None) -> int | None:
    """Which generation a write to this table moves (an unknown table counts as everything)."""
    if table in UNSEEN_TABLES:
        return None
    return VOTES if table in VOTE_TABLES else EVERYTHING


def _mark(db_session: Session, tables) -> None:
    areas = {area for area in map(_area, tables) if area is not None}
    if areas:
        db_session.info.setdefault(_STALE, set()).update(areas)


@event.listens_for(Session, "after_flush")
def _note_flushed_writes(db_session: Session, _context) -> None:
    _mark(db_session, (_table_of(instance) for instance in (*db_session.new, *db_session.dirty, *db_session.deleted)))


@event.listens_for(Session, "do_orm_execute")
def _note_statement_writes(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _mark(state.session, [getattr(getattr(state.statement, "table", None), "name", None)])


@event.listens_for(Session, "before_commit")
def _advance_generation(db_session: Session) -> None:
    """Add one to each generation the transaction's writes moved, inside the committing
    transaction, as its last writes and always in the same order (so these rows' locks are
    taken last and never order a deadlock). A savepoint's commit fires this hook too: its
    writes are left marked for the outermost commit, since taking the locks there would hold
    them while the transaction goes on to lock other rows."""
    if db_session.in_nested_transaction():
        return
    if db_session.new or db_session.dirty or db_session.deleted:
        db_session.flush()
    table = PageGeneration.__table__
    for area in sorted(db_session.info.pop(_STALE, ())):
        bump = sa.update(table).where(table.c.id == area).values(n=table.c.n + 1)
        if db_session.execute(bump).rowcount == 0:
            dialect = db_session.get_bind().dialect.name
            insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
            db_session.execute(insert.values(id=area, n=0).on_conflict_do_nothing(index_elements=["id"]))
            db_session.execute(bump)
    db_session.info.pop(_STALE, None)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(db_session: Session) -> None:
    db_session.info.pop(_STALE, None)


def _key() -> tuple | None:
    """What makes two visitors' copies of this page the same, or None if it must not be kept."""
    from flask_babel import get_locale

    from portal.content.reading import easy_read_mode

    if request.method != "GET" or current_user.is_authenticated or "_flashes" in session:
        return None
    headers = request.headers
    return (
        request.endpoint,
        request.full_path,
        str(get_locale()),
        easy_read_mode(),
        headers.get("HX-Request", ""),
        headers.get("HX-Boosted", ""),
        headers.get("HX-History-Restore-Request", ""),
        headers.get("HX-Target", ""),
    )


def _serve(kept: _Kept) -> Response:
    body = kept.body
    if _TOKEN_MARK in body:
        body = body.replace(_TOKEN_MARK, generate_csrf().encode())
    response = Response(body, status=200)
    for name, value in kept.headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return response


def _keep(key: tuple, generation: tuple[int, ...], response: Response) -> None:
    if response.status_code != 200 or response.direct_passthrough or response.mimetype != "text/html" or "Set-Cookie" in response.headers:
        return
    body = response.get_data()
    if _ONCE_FIELD in body:
        return
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token:
        body = body.replace(token.encode(), _TOKEN_MARK)
    headers = tuple((name, response.headers[name]) for name in _KEPT_HEADERS if name in response.headers)
    current_app.extensions["page_cache"].put(key, _Kept(generation, time.monotonic(), body, headers), current_app.config["PAGE_CACHE_ENTRIES"])


def for_visitors(view=None, *, shows_votes: bool = False):
    """Keep this public page for signed-out visitors until the data behind it changes; a page
    that shows ballots or their counts says `shows_votes=True`."""
    if view is None:
        return functools.partial(for_visitors, shows_votes=shows_votes)

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        limit = current_app.config.get("PAGE_CACHE_ENTRIES", 0)
        key = _key() if limit > 0 and "page_cache" in current_app.extensions else None
        if key is None:
            return view(*args, **kwargs)
        from portal.extensions import db

        generation = _generations_now(db.engine)[: 2 if shows_votes else 1]
        kept = current_app.extensions["page_cache"].get(key)
        if kept is not None and kept.generation == generation and time.monotonic() - kept.stored_at < current_app.config["PAGE_CACHE_SECONDS"]:
            return _serve(kept)
        response = current_app.make_response(view(*args, **kwargs))
        _keep(key, generation, response)
        response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapper
