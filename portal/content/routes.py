"""Routes for translating groups and meetings, the glossary, and switching easy read."""

from __future__ import annotations

import uuid

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlmodel import select
from werkzeug.wrappers import Response

from portal.content import bp, queries, services
from portal.content.forms import GlossaryTermForm, GlossaryTranslationForm, RemoveForm, TranslationForm
from portal.content.models import TRANSLATABLE, GlossaryTerm
from portal.content.reading import EASY_READ_COOKIE, glossary_entries, translated
from portal.content.services import ContentError
from portal.extensions import csrf, db
from portal.groups.access import group_or_404
from portal.groups.models import Group
from portal.meetings.models import Meeting
from portal.changes.models import Change
from portal.proposals.models import Proposal
from portal.web.htmx import render
from portal.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language
from portal.web.permissions import can, requires
from portal.web.urls import safe_next

MESSAGES = {
    "too_long": _l("The text is too long. Make it shorter."),
    "duplicate_term": _l("That term is already in the glossary. Change the one that is there."),
    "both_needed": _l("Enter both the term and what it means, or leave both empty to remove the translation."),
    "invalid": _l("Check the term and what it means, then try again."),
}


def _target(code: str) -> Language:
    """A language content can be translated into (not English, the original), else 404."""
    if code == DEFAULT_LANGUAGE or code not in LANGUAGES:
        abort(404)
    return LANGUAGES[code]


def _targets() -> list[Language]:
    return [language for code, language in LANGUAGES.items() if code != DEFAULT_LANGUAGE]


def _group_title(group: Group) -> str:
    """A sensitive group's name, translated or not, never goes in a page title."""
    return _("A group") if group.sensitive else translated(group, "name").text


def _meeting_title(group: Group) -> str:
    return _("A meeting") if group.sensitive else _("Meeting: %(group)s", group=translated(group, "name").text)


def _meeting_and_group(meeting_id: uuid.UUID) -> tuple[Meeting, Group]:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting, group_or_404(meeting.group_id)


def _overview(subject: Group | Meeting, *, heading_of: str, page_title: str, endpoint: str, back: str, **ids) -> Response:
    kind = services.subject_kind(subject)
    originals = {field: getattr(subject, field) or "" for field in TRANSLATABLE[kind] if getattr(subject, field)}
    digests = {field: services.digest(text) for field, text in originals.items()}
    done: dict[str, list[str]] = {}
    stale: dict[str, list[str]] = {}
    for row in queries.translations_of(db.session, kind=kind, subject_id=subject.id):
        if row.field in originals:
            done.setdefault(row.language, []).append(row.field)
            if row.source_digest != digests[row.field]:
                stale.setdefault(row.language, []).append(row.field)
    rows = [(language, len(done.get(language.code, [])), len(stale.get(language.code, []))) for language in _targets()]
    return render(
        "content/translations.html",
        rows=rows,
        field_total=len(originals),
        heading_of=heading_of,
        page_title=page_title,
        endpoint=endpoint,
        ids=ids,
        back=back,
    )


def _translate(subject: Group | Meeting, language: Language, *, heading_of: str, page_title: str, action: str, overview: str) -> Response:
    kind = services.subject_kind(subject)
    fields = [field for field in TRANSLATABLE[kind] if getattr(subject, field)]
    existing = {
        row.field: row for row in queries.translations_of(db.session, kind=kind, subject_id=subject.id) if row.language == language.code
    }
    form = TranslationForm.for_fields(kind, fields, data={field: row.text for field, row in existing.items()})
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.save_translations(db.session, subject=subject, language=language.code, texts=form.texts(fields), actor_id=current_user.id)
        except ContentError as error:
            db.session.rollback()
            form[fields[0]].errors = [*form[fields[0]].errors, MESSAGES.get(error.code, MESSAGES["invalid"])]
        else:
            flash(_("Translations saved."), "success")
            return redirect(overview, code=303)
    stale = {field for field, row in existing.items() if row.source_digest != services.digest(getattr(subject, field) or "")}
    return render(
        "content/translate.html",
        form=form,
        fields=fields,
        originals={field: getattr(subject, field) for field in fields},
        stale=stale,
        target=language,
        heading_of=heading_of,
        page_title=page_title,
        action=action,
        overview=overview,
        status=422 if form.errors else 200,
    )


@bp.get("/groups/<uuid:group_id>/translations")
@requires("content.translate")
def group_translations(group_id: uuid.UUID) -> Response:
    """Each language a group's text can be read in, and how much of it is translated."""
    group = group_or_404(group_id)
    return _overview(
        group,
        heading_of=group.name,
        page_title=_("Translations") + " – " + _group_title(group),
        endpoint="content.translate_group",
        back=url_for("groups.show", group_id=group.id),
        group_id=group.id,
    )


@bp.route("/groups/<uuid:group_id>/translations/<lang>", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("content.translate")
def translate_group(group_id: uuid.UUID, lang: str) -> Response:
    """Translate what a group says into one language, beside the English original."""
    group = group_or_404(group_id)
    language = _target(lang)
    return _translate(
        group,
        language,
        heading_of=group.name,
        page_title=_("Translate into %(language)s", language=language.native_name) + " – " + _group_title(group),
        action=url_for("content.translate_group", group_id=group.id, lang=language.code),
        overview=url_for("content.group_translations", group_id=group.id),
    )


@bp.get("/meetings/<uuid:meeting_id>/translations")
@requires("content.translate")
def meeting_translations(meeting_id: uuid.UUID) -> Response:
    """Each language a meeting's details can be read in, and how much of them is translated."""
    meeting, group = _meeting_and_group(meeting_id)
    return _overview(
        meeting,
        heading_of=group.name,
        page_title=_("Translations") + " – " + _meeting_title(group),
        endpoint="content.translate_meeting",
        back=url_for("meetings.show", meeting_id=meeting.id),
        meeting_id=meeting.id,
    )


@bp.route("/meetings/<uuid:meeting_id>/translations/<lang>", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("content.translate")
def translate_meeting(meeting_id: uuid.UUID, lang: str) -> Response:
    """Translate a meeting's place, address, languages and notes into one language."""
    meeting, group = _meeting_and_group(meeting_id)
    language = _target(lang)
    return _translate(
        meeting,
        language,
        heading_of=group.name,
        page_title=_("Translate into %(language)s", language=language.native_name) + " – " + _meeting_title(group),
        action=url_for("content.translate_meeting", meeting_id=meeting.id, lang=language.code),
        overview=url_for("content.meeting_translations", meeting_id=meeting.id),
    )


def _proposal_and_title(proposal_id: uuid.UUID) -> tuple[Proposal, str]:
    """A proposal its reader may see, and a title that never names a sensitive group's topic."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    group = group_or_404(proposal.group_id) if proposal.group_id else None
    return proposal, _("A proposal") if group is not None and group.sensitive else translated(proposal, "title").text


@bp.get("/proposals/<uuid:proposal_id>/translations")
@requires("content.translate")
def proposal_translations(proposal_id: uuid.UUID) -> Response:
    """Each language a proposal can be read in, and how much of it is translated."""
    proposal, title = _proposal_and_title(proposal_id)
    return _overview(
        proposal,
        heading_of=title,
        page_title=_("Translations") + " – " + title,
        endpoint="content.translate_proposal",
        back=url_for("proposals.show", proposal_id=proposal.id),
        proposal_id=proposal.id,
    )


@bp.route("/proposals/<uuid:proposal_id>/translations/<lang>", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("content.translate")
def translate_proposal(proposal_id: uuid.UUID, lang: str) -> Response:
    """Translate a proposal's title, summary, detail and easy read into one language."""
    proposal, title = _proposal_and_title(proposal_id)
    language = _target(lang)
    return _translate(
        proposal,
        language,
        heading_of=title,
        page_title=_("Translate into %(language)s", language=language.native_name) + " – " + title,
        action=url_for("content.translate_proposal", proposal_id=proposal.id, lang=language.code),
        overview=url_for("content.proposal_translations", proposal_id=proposal.id),
    )


def _change_and_title(change_id: uuid.UUID) -> tuple[Change, str]:
    change = db.session.get(Change, change_id)
    if change is None:
        abort(404)
    group = group_or_404(change.group_id) if change.group_id else None
    return change, _("A change") if group is not None and group.sensitive else translated(change, "title").text


@bp.get("/changes/<uuid:change_id>/translations")
@requires("content.translate")
def change_translations(change_id: uuid.UUID) -> Response:
    """Each language a change can be read in, and how much of it is translated."""
    change, title = _change_and_title(change_id)
    return _overview(
        change, heading_of=title, page_title=_("Translations") + " – " + title, endpoint="content.translate_change",
        back=url_for("changes.show", change_id=change.id), change_id=change.id,
    )


@bp.route("/changes/<uuid:change_id>/translations/<lang>", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("content.translate")
def translate_change(change_id: uuid.UUID, lang: str) -> Response:
    """Translate a change's title, what people said and what the service did."""
    change, title = _change_and_title(change_id)
    language = _target(lang)
    return _translate(
        change, language, heading_of=title,
        page_title=_("Translate into %(language)s", language=language.native_name) + " – " + title,
        action=url_for("content.translate_change", change_id=change.id, lang=language.code),
        overview=url_for("content.change_translations", change_id=change.id),
    )


@bp.get("/glossary")
def glossary() -> Response:
    """The agreed terms and what they mean, in your language where they are translated."""
    entries = sorted(glossary_entries(), key=lambda entry: entry.term.casefold())
    return render("content/glossary.html", entries=entries, may_manage=can("glossary.manage"))


@bp.get("/glossary/manage")
@requires("glossary.manage")
def manage_glossary() -> Response:
    """Every agreed term, with links to change it, translate it or remove it."""
    terms = sorted(db.session.exec(select(GlossaryTerm)).all(), key=lambda row: row.term.casefold())
    return render("content/manage_glossary.html", terms=terms, translated_into=queries.glossary_languages(db.session), targets=_targets())


def _term_or_404(term_id: uuid.UUID) -> GlossaryTerm:
    entry = db.session.get(GlossaryTerm, term_id)
    if entry is None:
        abort(404)
    return entry


def _term_form_page(form, *, heading: str, action: str, intro: list[str], submit: str, original: GlossaryTerm | None = None, target: Language | None = None) -> Response:
    return render(
        "content/term_form.html",
        form=form,
        heading=heading,
        action=action,
        intro=intro,
        submit=submit,
        original=original,
        target=target,
        status=422 if form.errors else 200,
    )


@bp.route("/glossary/new", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("glossary.manage")
def add_term() -> Response:
    """Add an agreed term and what it means in plain words."""
    form = GlossaryTermForm()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            entry = services.add_term(db.session, term=form.term.data, definition=form.definition.data, actor_id=current_user.id)
        except ContentError as error:
            db.session.rollback()
            form.term.errors = [*form.term.errors, MESSAGES.get(error.code, MESSAGES["invalid"])]
        else:
            flash(_("The term has been added. Translate it next."), "success")
            return redirect(url_for("content.manage_glossary") + f"#manage-{entry.slug}", code=303)
    return _term_form_page(
        form,
        heading=_("Add a term to the glossary"),
        action=url_for("content.add_term"),
        intro=[_("Write the term in English, as it is used on this website, and say what it means in words anyone can follow.")],
        submit=_("Add the term"),
    )


@bp.route("/glossary/<uuid:term_id>/edit", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("glossary.manage")
def edit_term(term_id: uuid.UUID) -> Response:
    """Change an agreed term or what it means."""
    entry = _term_or_404(term_id)
    form = GlossaryTermForm(data={"term": entry.term, "definition": entry.definition})
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.change_term(db.session, entry=entry, term=form.term.data, definition=form.definition.data, actor_id=current_user.id)
        except ContentError as error:
            db.session.rollback()
            form.term.errors = [*form.term.errors, MESSAGES.get(error.code, MESSAGES["invalid"])]
        else:
            flash(_("The term has been changed. Check its translations still say the same."), "success")
            return redirect(url_for("content.manage_glossary") + f"#manage-{entry.slug}", code=303)
    return _term_form_page(
        form,
        heading=_("Change a term"),
        action=url_for("content.edit_term", term_id=entry.id),
        intro=[],
        submit=_("Save"),
    )


@bp.route("/glossary/<uuid:term_id>/translations/<lang>", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("glossary.manage")
def translate_term(term_id: uuid.UUID, lang: str) -> Response:
    """Write an agreed term and its meaning in one language, beside the English."""
    entry = _term_or_404(term_id)
    language = _target(lang)
    found = queries.term_translation(db.session, entry.id, language.code)
    form = GlossaryTranslationForm(data={"term": found.term, "definition": found.definition} if found else {})
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            saved = services.translate_term(
                db.session, entry=entry, language=language.code, term=form.term.data, definition=form.definition.data, actor_id=current_user.id
            )
        except ContentError as error:
            db.session.rollback()
            field = form.definition if error.code == "both_needed" and (form.term.data or "").strip() else form.term
            field.errors = [*field.errors, MESSAGES.get(error.code, MESSAGES["invalid"])]
        else:
            flash(_("The translation has been saved.") if saved else _("The translation has been removed."), "success")
            return redirect(url_for("content.manage_glossary") + f"#manage-{entry.slug}", code=303)
    return _term_form_page(
        form,
        heading=_("Translate into %(language)s", language=language.native_name),
        action=url_for("content.translate_term", term_id=entry.id, lang=language.code),
        intro=[_("Leave both boxes empty to remove the translation.")],
        submit=_("Save translation"),
        original=entry,
        target=language,
    )


@bp.route("/glossary/<uuid:term_id>/remove", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token, so a resent form is recognised.
@requires("glossary.manage")
def remove_term(term_id: uuid.UUID) -> Response:
    """Take a term out of the glossary, after asking."""
    entry = _term_or_404(term_id)
    form = RemoveForm()
    if form.validate_on_submit():
        form.spend_token(db.session)
        services.remove_term(db.session, entry=entry, actor_id=current_user.id)
        flash(_("The term has been taken out of the glossary."), "success")
        return redirect(url_for("content.manage_glossary"), code=303)
    return render("content/remove_term.html", form=form, entry=entry, status=422 if form.errors else 200)


@bp.post("/easy-read")
def set_easy_read() -> Response:
    """Turn easy read (larger text, more space) on or off on this device, and go back."""
    choice = request.form.get("easy_read", "")
    if choice not in ("on", "off"):
        abort(400)
    response = redirect(safe_next(request.form.get("next")), code=303)
    response.set_cookie(
        EASY_READ_COOKIE,
        choice,
        max_age=365 * 24 * 3600,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response
