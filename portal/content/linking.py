"""Glossary terms in typed text become links to their meaning, with everything else escaped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from markupsafe import Markup, escape


def _is_word_character(character: str) -> bool:
    """Letters, digits and combining marks (Bengali and Urdu vowel signs) are part of a word."""
    return character == "_" or unicodedata.category(character)[0] in "LMN"


@lru_cache(maxsize=64)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so "care plan" wins over "care" where both would match.
    alternatives = sorted({term for term in terms if term.strip()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in alternatives), re.IGNORECASE)


def link_terms(text: str, terms: Iterable[tuple[str, str]], href: Callable[[str], str], linked: set[str] | None = None) -> Markup:
    """Escape `text`, then link the first whole-word, case-insensitive match of each term.

    The links are ordinary page loads (not boosted), so the browser goes to the term's anchor.

    `terms` are (term, slug) pairs; `href(slug)` gives the link. Pass the same `linked` set
    for each paragraph of one text so a term is linked once in the whole text.
    """
    linked = set() if linked is None else linked
    slugs: dict[str, str] = {}
    for term, slug in terms:
        if term.strip():
            slugs.setdefault(term.casefold(), slug)
    if not text or not slugs:
        return Markup(escape(text or ""))
    pattern = _pattern(tuple(slugs))
    parts: list[str] = []
    done = 0
    position = 0
    while len(linked) < len(set(slugs.values())):
        match = pattern.search(text, position)
        if match is None:
            break
        start, end = match.span()
        slug = slugs.get(match.group(0).casefold())
        whole_word = (start == 0 or not _is_word_character(text[start - 1])) and (end == len(text) or not _is_word_character(text[end]))
        if slug is None or not whole_word or slug in linked:
            position = start + 1
            continue
        parts.append(escape(text[done:start]))
        parts.append(Markup('<a class="portal-glossary-link" href="{}" hx-boost="false">{}</a>').format(href(slug), text[start:end]))
        linked.add(slug)
        done = position = end
    parts.append(escape(text[done:]))
    return Markup("".join(parts))
