"""Read-only selects for translations and the glossary, each in one query."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from portal.content.models import ContentTranslation, GlossaryTerm, GlossaryTranslation, SubjectKind


def translations_for(session: Session, *, kind: SubjectKind, ids: Iterable[uuid.UUID], language: str) -> dict[uuid.UUID, dict[str, str]]:
    """Every translated field of these groups or meetings in one language: {id: {field: text}}."""
    wanted = list(dict.fromkeys(ids))
    found: dict[uuid.UUID, dict[str, str]] = {subject_id: {} for subject_id in wanted}
    if not wanted:
        return found
    rows = session.execute(
        sa.select(ContentTranslation.subject_id, ContentTranslation.field, ContentTranslation.text).where(
            ContentTranslation.subject_kind == kind,
            ContentTranslation.subject_id.in_(wanted),
            ContentTranslation.language == language,
        )
    ).all()
    for subject_id, field, text in rows:
        found[subject_id][field] = text
    return found


def translations_of(session: Session, *, kind: SubjectKind, subject_id: uuid.UUID) -> list[ContentTranslation]:
    """Every translation of one group or meeting, in every language."""
    return list(
        session.exec(
            select(ContentTranslation).where(ContentTranslation.subject_kind == kind, ContentTranslation.subject_id == subject_id)
        )
    )


@dataclass(frozen=True)
class GlossaryEntry:
    """A term as one language shows it: translated, or the English with `translated` False."""

    id: uuid.UUID
    slug: str
    english_term: str
    english_definition: str
    term: str
    definition: str
    translated: bool


def glossary(session: Session, *, language: str) -> list[GlossaryEntry]:
    """Every agreed term with its translation into `language` where there is one."""
    rows = session.execute(
        sa.select(GlossaryTerm, GlossaryTranslation.term, GlossaryTranslation.definition).outerjoin(
            GlossaryTranslation, sa.and_(GlossaryTranslation.term_id == GlossaryTerm.id, GlossaryTranslation.language == language)
        )
    ).all()
    return [
        GlossaryEntry(
            row.id,
            row.slug,
            row.term,
            row.definition,
            term or row.term,
            definition or row.definition,
            term is not None,
        )
        for row, term, definition in rows
    ]


def glossary_languages(session: Session) -> dict[uuid.UUID, set[str]]:
    """For each term, the languages it has been translated into."""
    found: dict[uuid.UUID, set[str]] = {}
    for term_id, language in session.execute(sa.select(GlossaryTranslation.term_id, GlossaryTranslation.language)).all():
        found.setdefault(term_id, set()).add(language)
    return found


def term_translation(session: Session, term_id: uuid.UUID, language: str) -> GlossaryTranslation | None:
    return session.get(GlossaryTranslation, (term_id, language))


def term_by_slug(session: Session, slug: str) -> GlossaryTerm | None:
    return session.exec(select(GlossaryTerm).where(GlossaryTerm.slug == slug)).first()
