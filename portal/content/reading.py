"""What a reader sees: their language where someone has translated it, else the original
marked as not yet translated; glossary terms linked; easy read when they need it.

Translations and the glossary are read once per request and kept on `g`, so a page costs
one query for each whatever it shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import g, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.content import queries
from portal.content.linking import link_terms
from portal.content.models import SubjectKind
from portal.content.services import subject_kind
from portal.extensions import db
from portal.web.i18n import DEFAULT_LANGUAGE, current_language
from portal.web.layout import paragraphs

if TYPE_CHECKING:  # Groups and meetings import this module, so only for type hints.
    from portal.groups.models import Group
    from portal.meetings.models import Meeting

#: Cookie that remembers easy read chosen (or turned off) on this device.
EASY_READ_COOKIE = "portal_easy_read"


@dataclass(frozen=True)
class Shown:
    """A piece of group or meeting text as the reader sees it."""

    text: str
    #: The language the text is written in.
    language: str
    #: The reader reads another language and nobody has translated this yet.
    untranslated: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def _cache() -> dict[tuple[SubjectKind, uuid.UUID, str], dict[str, str]]:
    if "content_translations" not in g:
        g.content_translations = {}
    return g.content_translations


def preload(subjects: Iterable[Group | Meeting]) -> None:
    """Read the reader's translations of all these groups or meetings in one query."""
    language = current_language().code
    if language == DEFAULT_LANGUAGE:
        return
    by_kind: dict[SubjectKind, list[uuid.UUID]] = {}
    for subject in subjects:
        by_kind.setdefault(subject_kind(subject), []).append(subject.id)
    cache = _cache()
    for kind, ids in by_kind.items():
        missing = [subject_id for subject_id in ids if (kind, subject_id, language) not in cache]
        for subject_id, fields in queries.translations_for(db.session, kind=kind, ids=missing, language=language).items():
            cache[(kind, subject_id, language)] = fields


def translated(subject: Group | Meeting, field: str) -> Shown:
    """One field of a group or meeting in the reader's language, or the original marked."""
    original = getattr(subject, field) or ""
    language = current_language().code
    if language == DEFAULT_LANGUAGE or not original:
        return Shown(original, DEFAULT_LANGUAGE)
    kind = subject_kind(subject)
    if (kind, subject.id, language) not in _cache():
        preload([subject])
    text = _cache()[(kind, subject.id, language)].get(field)
    return Shown(text, language) if text else Shown(original, DEFAULT_LANGUAGE, untranslated=True)


def glossary_entries() -> list[queries.GlossaryEntry]:
    """The glossary in the reader's language, read once per request."""
    language = current_language().code
    if g.get("glossary_language") != language:
        g.glossary = queries.glossary(db.session, language=language)
        g.glossary_language = language
    return g.glossary


def _terms_in(language: str) -> list[tuple[str, str]]:
    entries = glossary_entries()
    if language == DEFAULT_LANGUAGE:
        return [(entry.english_term, entry.slug) for entry in entries]
    return [(entry.term, entry.slug) for entry in entries if entry.translated]


def _href(slug: str) -> str:
    return f"{url_for('content.glossary')}#term-{slug}"


def linked(shown: Shown | str) -> Markup:
    """The text escaped, with the first mention of each glossary term linked to its meaning."""
    if not isinstance(shown, Shown):
        shown = Shown(str(shown or ""), current_language().code)
    if not shown.text:
        return Markup("")
    return link_terms(shown.text, _terms_in(shown.language), _href)


def linked_paragraphs(shown: Shown | str) -> list[Markup]:
    """The text as paragraphs, each escaped, each glossary term linked once in the whole text."""
    if not isinstance(shown, Shown):
        shown = Shown(str(shown or ""), current_language().code)
    parts = paragraphs(shown.text)
    if not parts:
        return []
    terms, done = _terms_in(shown.language), set()
    return [link_terms(part, terms, _href, done) for part in parts]


def easy_read_mode() -> bool:
    """Larger text and more space: chosen on this device, else from the person's recorded needs."""
    chosen = request.cookies.get(EASY_READ_COOKIE)
    if chosen in ("on", "off"):
        return chosen == "on"
    return bool(current_user.is_authenticated and getattr(current_user.account, "needs_easy_read", False))
