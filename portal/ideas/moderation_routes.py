"""Routes for moderators and translators: the queue of ideas waiting, a decision on each, and
the queue of ideas waiting for a human English translation."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.extensions import csrf, db, login_manager
from portal.ideas import bp, queries, services
from portal.ideas.access import can_moderate
from portal.ideas.forms import HIDE_REASON_NAMES, ModerationForm, TranslationForm
from portal.ideas.models import HideReason, Idea, IdeaStatus
from portal.ideas.services import IdeaError
from portal.safeguarding.models import Trigger
from portal.web.htmx import render
from portal.web.i18n import LANGUAGES
from portal.web.permissions import can, requires
from portal.web.urls import page_number

PER_PAGE = 20
DETAIL_NAMES = {"email": _l("an email address"), "phone": _l("a phone number"), "nhs_number": _l("an NHS number"), "postcode": _l("a postcode")}


def _may_moderate_somewhere() -> None:
    """Staff, and community connectors (who see only the groups they run)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not (can("ideas.moderate") or can("ideas.translate")):
        abort(403)


@bp.get("/moderation")
def moderation() -> Response:
    """Ideas waiting for a moderator in the groups you run (staff: all), oldest first."""
    _may_moderate_somewhere()
    page = page_number()
    rows, has_next = queries.moderation_queue(
        db.session, moderator_id=current_user.id, staff=can("ideas.moderate"), status=IdeaStatus.awaiting_moderation, page=page, per_page=PER_PAGE
    )
    return render("ideas/moderation.html", rows=rows, page=page, has_next=has_next, languages_by_code=LANGUAGES)


@bp.route("/moderation/<uuid:idea_id>", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def moderate(idea_id: uuid.UUID) -> Response:
    """Publish an idea, ask its author for a change, hide it, or send it to a safeguarding lead."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.status not in (IdeaStatus.awaiting_moderation, IdeaStatus.published):
        abort(404)
    if not can_moderate(idea):
        abort(403)
    form = ModerationForm()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            if form.decision.data == "safeguarding":
                services.flag_for_safeguarding(db.session, idea=idea, actor_id=current_user.id, trigger=Trigger.moderator)
                flash(_("Sent to a safeguarding lead. The idea is kept private."), "success")
            else:
                reason = HideReason(form.reason.data) if form.decision.data in ("ask_change", "hide") else None
                services.moderate(db.session, idea=idea, decision=form.decision.data, moderator_id=current_user.id, reason=reason, note=form.note.data or "")
                flash(_("Decision saved."), "success")
        except IdeaError:
            db.session.rollback()
            form.decision.errors = [*form.decision.errors, _("Someone has already decided this idea.")]
        else:
            return redirect(url_for("ideas.moderation"), code=303)
    shown = queries.one(db.session, idea.id)
    return render(
        "ideas/moderate.html", shown=shown, idea=idea, form=form, reason_names=HIDE_REASON_NAMES,
        languages_by_code=LANGUAGES, status=422 if form.errors else 200,
    )


@bp.get("/ideas/to-translate")
@requires("ideas.translate")
def translation_queue() -> Response:
    """Ideas in languages the moderators do not read, waiting for a human translation."""
    page = page_number()
    rows, has_next = queries.moderation_queue(
        db.session, moderator_id=current_user.id, staff=True, status=IdeaStatus.awaiting_translation, page=page, per_page=PER_PAGE
    )
    return render("ideas/to_translate.html", rows=rows, page=page, has_next=has_next, languages_by_code=LANGUAGES)


@bp.route("/ideas/<uuid:idea_id>/translate", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("ideas.translate")
def translate(idea_id: uuid.UUID) -> Response:
    """Write an English translation beside the original, for the moderators."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.status != IdeaStatus.awaiting_translation:
        abort(404)
    form = TranslationForm()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.translate(
                db.session, idea=idea, what_happened=form.what_happened.data or "", what_should_change=form.what_should_change.data or "",
                translator_id=current_user.id,
            )
        except IdeaError:
            db.session.rollback()
            form.what_happened.errors = [*form.what_happened.errors, _("Someone has already translated this idea.")]
        else:
            flash(_("Translation saved. The idea now goes to a moderator."), "success")
            return redirect(url_for("ideas.translation_queue"), code=303)
    return render("ideas/translate.html", idea=idea, form=form, languages_by_code=LANGUAGES, status=422 if form.errors else 200)
