"""Every write about translations and the glossary: validate, change, audit, commit."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from portal.audit import services as audit
from portal.content.models import (
    SUBJECT_TABLES,
    TRANSLATABLE,
    ContentTranslation,
    GlossaryTerm,
    GlossaryTermCreate,
    GlossaryTranslation,
    SubjectKind,
)
from portal.db import utc_now
from portal.web.coded import CodedError
from portal.web.i18n import DEFAULT_LANGUAGE, LANGUAGES

if TYPE_CHECKING:  # Groups and meetings import this package, so only for type hints.
    from portal.groups.models import Group
    from portal.meetings.models import Meeting


class ContentError(CodedError):
    """A translation or glossary change that cannot be made; `code` says why."""


def subject_kind(subject: Group | Meeting) -> SubjectKind:
    """Whether this is a group or a meeting."""
    kind = SUBJECT_TABLES.get(getattr(subject, "__tablename__", ""))
    if kind is None:
        raise TypeError(f"cannot translate a {type(subject).__name__}")
    return kind


def digest(original: str) -> str:
    """A short fingerprint of an original text, to notice when it changes."""
    return hashlib.sha256(original.encode()).hexdigest()[:16]


def _check_language(language: str) -> None:
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        raise ContentError("unknown_language")


def save_translations(
    session: Session, *, subject: Group | Meeting, language: str, texts: dict[str, str], actor_id: uuid.UUID
) -> int:
    """Set the translation of each given field into one language (empty text removes it);
    return how many fields changed."""
    _check_language(language)
    kind = subject_kind(subject)
    limits = TRANSLATABLE[kind]
    if any(field not in limits for field in texts):
        raise ContentError("unknown_field")
    if any(len((text or "").strip()) > limits[field] for field, text in texts.items()):
        raise ContentError("too_long")
    existing = {
        row.field: row
        for row in session.exec(
            select(ContentTranslation).where(
                ContentTranslation.subject_kind == kind,
                ContentTranslation.subject_id == subject.id,
                ContentTranslation.language == language,
            )
        )
    }
    changed = 0
    for field, text in texts.items():
        text = (text or "").strip()
        row = existing.get(field)
        if not text:
            if row is not None:
                session.delete(row)
                changed += 1
            continue
        source = digest(getattr(subject, field) or "")
        if row is None:
            session.add(
                ContentTranslation(
                    subject_kind=kind, subject_id=subject.id, language=language, field=field, text=text, source_digest=source, translated_by_id=actor_id
                )
            )
            changed += 1
        elif row.text != text or row.source_digest != source:
            row.text, row.source_digest, row.translated_by_id, row.updated_at = text, source, actor_id, utc_now()
            changed += 1
    if changed:
        audit.record(session, action=f"content.translate_{kind.value}", subject_kind=kind.value, subject=subject.id, actor=actor_id)
    session.commit()
    return changed


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_for(term: str) -> str:
    """The term folded for a web address: "Co-production" becomes "co-production"."""
    folded = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().casefold()
    return _NOT_SLUG.sub("-", folded).strip("-")[:60] or uuid.uuid4().hex[:12]


def _validated_term(term: str, definition: str) -> GlossaryTermCreate:
    try:
        return GlossaryTermCreate.model_validate({"term": (term or "").strip(), "definition": (definition or "").strip()})
    except ValidationError as error:
        raise ContentError("invalid") from error


def _unique_slug(session: Session, slug: str, term_id: uuid.UUID | None = None) -> str:
    clash = session.exec(select(GlossaryTerm).where(GlossaryTerm.slug == slug)).first()
    if clash is not None and clash.id != term_id:
        raise ContentError("duplicate_term")
    return slug


def add_term(session: Session, *, term: str, definition: str, actor_id: uuid.UUID) -> GlossaryTerm:
    """Add an agreed term (in English) with its plain-words meaning."""
    clean = _validated_term(term, definition)
    row = GlossaryTerm(term=clean.term, definition=clean.definition, slug=_unique_slug(session, slug_for(clean.term)), created_by_id=actor_id)
    session.add(row)
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        raise ContentError("duplicate_term") from error
    audit.record(session, action="glossary.add_term", subject_kind="glossary_term", subject=row.id, actor=actor_id)
    session.commit()
    return row


def change_term(session: Session, *, entry: GlossaryTerm, term: str, definition: str, actor_id: uuid.UUID) -> None:
    """Change an agreed term or its meaning; its translations stay."""
    clean = _validated_term(term, definition)
    entry.slug = _unique_slug(session, slug_for(clean.term), entry.id) if clean.term != entry.term else entry.slug
    entry.term, entry.definition, entry.updated_at = clean.term, clean.definition, utc_now()
    audit.record(session, action="glossary.change_term", subject_kind="glossary_term", subject=entry.id, actor=actor_id)
    session.commit()


def translate_term(
    session: Session, *, entry: GlossaryTerm, language: str, term: str, definition: str, actor_id: uuid.UUID
) -> GlossaryTranslation | None:
    """Set the term and meaning in one language; both empty removes the translation."""
    _check_language(language)
    found = session.get(GlossaryTranslation, (entry.id, language))
    if not (term or "").strip() and not (definition or "").strip():
        if found is not None:
            session.delete(found)
            audit.record(session, action="glossary.remove_translation", subject_kind="glossary_term", subject=entry.id, actor=actor_id)
        session.commit()
        return None
    if not (term or "").strip() or not (definition or "").strip():
        raise ContentError("both_needed")
    clean = _validated_term(term, definition)
    if found is None:
        found = GlossaryTranslation(term_id=entry.id, language=language, term=clean.term, definition=clean.definition, translated_by_id=actor_id)
        session.add(found)
    else:
        found.term, found.definition, found.translated_by_id, found.updated_at = clean.term, clean.definition, actor_id, utc_now()
    audit.record(session, action="glossary.translate_term", subject_kind="glossary_term", subject=entry.id, actor=actor_id)
    session.commit()
    return found


def remove_term(session: Session, *, entry: GlossaryTerm, actor_id: uuid.UUID) -> None:
    """Take a term out of the glossary, with all its translations."""
    session.execute(sa.delete(GlossaryTranslation).where(GlossaryTranslation.term_id == entry.id))
    session.delete(entry)
    audit.record(session, action="glossary.remove_term", subject_kind="glossary_term", subject=entry.id, actor=actor_id)
    session.commit()
