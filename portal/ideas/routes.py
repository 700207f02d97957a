"""Routes for ideas: share one (with the safety question first), see what happens next, and
follow your own under "My contributions"."""

from __future__ import annotations

import uuid

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.caseload.access import contributor
from portal.content.reading import preload
from portal.extensions import csrf, db, login_manager
from portal.groups.access import viewer_id
from portal.groups.models import Touchpoint
from portal.groups.forms import TOUCHPOINT_NAMES
from portal.ideas import bp, queries, services
from portal.ideas.access import can_moderate, can_read
from portal.ideas.forms import HIDE_REASON_NAMES, STATUS_NAMES, IdeaForm, ReplyForm, ReportForm, ReviseForm, SameHereForm, WorriedForm
from portal.ideas.models import Idea, IdeaStatus, ReportReason
from portal.ideas.services import IdeaError
from portal.safeguarding import deadlines
from portal.safeguarding import queries as safeguarding_queries
from portal.safeguarding import services as safeguarding
from portal.safeguarding.forms import AnswerForm, ContactForm
from portal.safeguarding.models import ContactWay, Disclosure, RiskAnswer, Trigger
from portal.safeguarding.services import SafeguardingError
from portal.web.htmx import render
from portal.web.i18n import LANGUAGES, current_language
from portal.web.permissions import can, requires
from portal.web.urls import page_number, uuid_arg
from portal.web.page_cache import for_visitors

PER_PAGE = 20
OTHER_LANGUAGE = "other"
MESSAGES = {
    "empty": ("what_happened", _l("Tell us what happened or what should change")),
    "too_long": ("what_happened", _l("Use 3000 characters or fewer")),
    "not_member": ("group", _l("Choose a group you are a member of")),
    "not_yours": ("person_asked", _l("You can only share ideas for people you support.")),
    "no_consent": ("person_asked", _l("This person has not agreed to you acting for them. They can agree in person with you.")),
    "not_asked": ("person_asked", _l("Only share an idea for someone when they ask you to. Tick the box to confirm they did.")),
}

#: States a list can show; held ideas never appear in any list.
LISTED_STATUSES = tuple(status.value for status in IdeaStatus if status != IdeaStatus.held)
REPORT_MESSAGES = {
    "already_reported": _l("You have already reported this. A moderator will look at it."),
    "not_published": _l("This idea is not shown at the moment, so it cannot be reported."),
}


def _own_idea(idea_id: uuid.UUID) -> Idea:
    """The signed-in person's own idea (or one their connector shared for them); 404 otherwise."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.author_id != current_user.id:
        abort(404)
    return idea


@bp.route("/ideas/new", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("ideas.submit")
def submit() -> Response:
    """Share an idea or feedback, after saying whether anyone is at risk."""
    person = contributor()
    helping = person.id != current_user.id
    form = IdeaForm(data={"language": current_language().code, "group": request.args.get("group", ""), "touchpoint": Touchpoint.other.value})
    form.language.choices = [(code, language.native_name) for code, language in LANGUAGES.items()] + [(OTHER_LANGUAGE, _("Another language"))]
    form.group.choices = [("", _("Not about one group"))] + [(str(group_id), name) for group_id, name in queries.groups_of(db.session, person.id)]
    if not helping:
        del form.person_asked
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            sent = services.submit_idea(
                db.session,
                author_id=person.id,
                touchpoint=Touchpoint(form.touchpoint.data),
                what_happened=form.what_happened.data or "",
                what_should_change=form.what_should_change.data or "",
                language=form.language.data,
                risk_answer=RiskAnswer(form.risk.data),
                group_id=uuid.UUID(form.group.data) if form.group.data else None,
                anonymous=form.anonymous.data,
                about_own_care=form.about_own_care.data,
                connector_id=current_user.id if helping else None,
                person_asked=bool(helping and form.person_asked.data),
            )
        except IdeaError as error:
            db.session.rollback()
            field, message = MESSAGES[error.code]
            form[field].errors = [*form[field].errors, message]
        else:
            if helping:
                flash(_("Shared for %(name)s. They can follow it under their contributions.", name=person.pseudonym), "success")
                if sent.case is not None:
                    flash(_("What they wrote has gone to a safeguarding lead, who will read it soon. If anyone is in danger now, call 999."), "warning")
                return redirect(url_for("caseload.people"), code=303)
            return redirect(url_for("ideas.sent", idea_id=sent.idea.id), code=303)
    return render(
        "ideas/submit.html",
        form=form,
        person=person,
        helping=helping,
        status=422 if form.errors else 200,
    )


def _sent_page(idea: Idea, *, contact: ContactForm | None = None, status: int = 200) -> Response:
    """What happens next for this idea, with the safety question and contact form if a case is open."""
    case = safeguarding_queries.case_for_idea(db.session, idea.id)
    disclosure = db.session.get(Disclosure, case.disclosure_id) if case else None
    return render(
        "ideas/sent.html",
        idea=idea,
        case=case,
        danger_now=bool(case and RiskAnswer.danger_now in (disclosure.risk_answer, case.confirmed_answer)),
        ask_answer=bool(case and disclosure.risk_answer is None and case.confirmed_answer is None),
        in_hours=deadlines.is_working_hours(case.created_at, safeguarding.working_time()) if case else True,
        answer=AnswerForm(),
        contact=contact or ContactForm(),
        pals={key: current_app.config[key] for key in ("PALS_PHONE", "PALS_EMAIL", "COMPLAINTS_URL")},
        status=status,
    )


@bp.get("/ideas/<uuid:idea_id>/sent")
@requires("ideas.submit")
def sent(idea_id: uuid.UUID) -> Response:
    """What happens next: a moderator reads it, or (if someone may be at risk) a safeguarding
    lead does, by when, with the crisis contacts."""
    return _sent_page(_own_idea(idea_id))


@bp.post("/ideas/<uuid:idea_id>/answer")
@requires("ideas.submit")
def answer(idea_id: uuid.UUID) -> Response:
    """The person's own answer to the safety question, recorded on the case."""
    idea = _own_idea(idea_id)
    case = safeguarding_queries.case_for_idea(db.session, idea.id)
    form = AnswerForm()
    if case is None:
        abort(404)
    if form.validate_on_submit():
        try:
            safeguarding.record_answer(db.session, case=case, account_id=current_user.id, answer=RiskAnswer(form.risk.data))
        except SafeguardingError:
            db.session.rollback()
        flash(_("Thank you. Your answer is with the safeguarding lead."), "success")
    else:
        flash(_("Say if anyone is in danger or at risk of harm"), "error")
    return redirect(url_for("ideas.sent", idea_id=idea.id), code=303)


@bp.post("/ideas/<uuid:idea_id>/contact")
@requires("ideas.submit")
def contact(idea_id: uuid.UUID) -> Response:
    """How a safeguarding lead may contact the person (a phone number goes into the vault)."""
    idea = _own_idea(idea_id)
    case = safeguarding_queries.case_for_idea(db.session, idea.id)
    if case is None:
        abort(404)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            safeguarding.set_contact_way(
                db.session, case=case, account_id=current_user.id, way=ContactWay(form.way.data), phone=form.phone.data or "",
                name=form.name.data or "", detail=form.detail.data or "",
            )
        except SafeguardingError:
            db.session.rollback()
            form.phone.errors = [*form.phone.errors, _("Enter a phone number made of digits, like 07700 900123")]
        else:
            flash(_("Thank you. The safeguarding lead will contact you that way."), "success")
            return redirect(url_for("ideas.sent", idea_id=idea.id), code=303)
    return _sent_page(idea, contact=form, status=422)


@bp.get("/ideas/mine")
@requires("ideas.submit")
def mine() -> Response:
    """My contributions: each idea, where it is up to, and what happened to it."""
    page = page_number()
    rows, has_next = queries.mine(db.session, current_user.id, page=page, per_page=PER_PAGE)
    from portal.changes.forms import STATUS_NAMES as CHANGE_STATUS_NAMES  # Changes build on ideas: read lazily.
    from portal.changes.queries import chains

    linked = chains(db.session, [idea.id for idea, _history in rows])
    preload(subject for proposals, changes in linked.values() for subject in (*proposals, *changes))
    return render(
        "ideas/mine.html", rows=rows, page=page, has_next=has_next, status_names=STATUS_NAMES, reason_names=HIDE_REASON_NAMES,
        chains=linked, change_status_names=CHANGE_STATUS_NAMES,
    )


def _readable(idea_id: uuid.UUID) -> queries.Shown:
    shown = queries.one(db.session, idea_id)
    if shown is None or not can_read(shown.idea):
        abort(404)
    return shown


@bp.get("/ideas")
@for_visitors
def list_ideas() -> Response:
    """Published ideas, newest first, by group and by touchpoint."""
    page = page_number()
    group_id = uuid_arg("group")
    touchpoint = request.args.get("touchpoint") or None
    if touchpoint is not None and touchpoint not in Touchpoint.__members__:
        abort(404)
    moderator = can("ideas.moderate")
    status = request.args.get("status") or IdeaStatus.published.value
    if status not in LISTED_STATUSES or (status != IdeaStatus.published and not moderator):
        abort(404)
    rows, has_next = queries.published(
        db.session, viewer_id=viewer_id(), staff=can("groups.manage"), group_id=group_id,
        touchpoint=Touchpoint(touchpoint) if touchpoint else None, page=page, per_page=PER_PAGE, status=IdeaStatus(status),
    )
    return render(
        "ideas/list.html", rows=rows, page=page, has_next=has_next, touchpoints=Touchpoint, chosen_touchpoint=touchpoint,
        chosen_group=group_id, touchpoint_names=TOUCHPOINT_NAMES, statuses=LISTED_STATUSES if moderator else (),
        chosen_status=status, status_names=STATUS_NAMES,
    )


@bp.get("/ideas/<uuid:idea_id>")
@for_visitors
def show(idea_id: uuid.UUID) -> Response:
    """One idea with its replies, "this happened to me too", and ways to report or raise a worry."""
    shown = _readable(idea_id)
    return _idea_page(shown)


def _proposals_from(idea_id: uuid.UUID) -> list:
    """Proposals made from this idea (proposals build on ideas, so they are read here lazily)."""
    from portal.proposals.queries import proposals_of_idea

    return proposals_of_idea(db.session, idea_id)


def _idea_page(shown: queries.Shown, *, reply_form=None, report_form=None, status: int = 200) -> Response:
    idea = shown.idea
    return render(
        "ideas/show.html",
        shown=shown,
        idea=idea,
        replies=queries.replies(db.session, idea.id),
        proposals=_proposals_from(idea.id),
        may_reply=idea.status == IdeaStatus.published and can_moderate(idea),
        same_here=SameHereForm(),
        reply_form=reply_form or ReplyForm(),
        report_form=report_form or ReportForm(),
        status_names=STATUS_NAMES,
        touchpoint_names=TOUCHPOINT_NAMES,
        status=status,
    )


@bp.post("/ideas/<uuid:idea_id>/same-here")
@requires("ideas.submit")
def same_here(idea_id: uuid.UUID) -> Response:
    """"This happened to me too"."""
    shown = _readable(idea_id)
    if not SameHereForm().validate_on_submit():
        abort(400)
    try:
        services.same_here(db.session, idea=shown.idea, account_id=current_user.id)
    except IdeaError:
        db.session.rollback()
        abort(404)
    return redirect(url_for("ideas.show", idea_id=idea_id), code=303)


@bp.post("/ideas/<uuid:idea_id>/report")
@csrf.exempt  # The form checks its own token.
@requires("ideas.submit")
def report(idea_id: uuid.UUID) -> Response:
    """Report an idea to the moderators."""
    shown = _readable(idea_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.report(db.session, idea=shown.idea, reporter_id=current_user.id, reason=ReportReason(form.reason.data))
        except IdeaError as error:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, REPORT_MESSAGES.get(error.code, REPORT_MESSAGES["not_published"])]
        else:
            flash(_("Thank you. A moderator will look at it."), "success")
            return redirect(url_for("ideas.show", idea_id=idea_id), code=303)
    return _idea_page(shown, report_form=form, status=422)


@bp.post("/ideas/<uuid:idea_id>/reply")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def reply(idea_id: uuid.UUID) -> Response:
    """Staff and the group's facilitators reply to a published idea."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    shown = _readable(idea_id)
    if not can_moderate(shown.idea):
        abort(403)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.reply(db.session, idea=shown.idea, author_id=current_user.id, text=form.text.data)
        except IdeaError:
            db.session.rollback()
            form.text.errors = [*form.text.errors, _("You can reply once the idea is published.")]
        else:
            flash(_("Reply published. The author has a message about it."), "success")
            return redirect(url_for("ideas.show", idea_id=idea_id), code=303)
    return _idea_page(shown, reply_form=form, status=422)


@bp.route("/ideas/<uuid:idea_id>/worried", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def worried(idea_id: uuid.UUID) -> Response:
    """"I'm worried about someone": anyone signed in tells a safeguarding lead, who reads it
    with the idea."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    shown = _readable(idea_id)
    form = WorriedForm()
    if form.validate_on_submit():
        form.spend_token(db.session)
        case = services.flag_for_safeguarding(db.session, idea=shown.idea, actor_id=current_user.id, trigger=Trigger.worried, text=form.text.data)
        return render("ideas/worried_sent.html", case=case, in_hours=deadlines.is_working_hours(case.created_at, safeguarding.working_time()))
    return render("ideas/worried.html", idea=shown.idea, form=form, status=422 if form.errors else 200)


@bp.route("/ideas/<uuid:idea_id>/change", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("ideas.submit")
def revise(idea_id: uuid.UUID) -> Response:
    """Change your idea after a moderator asked you to; it is read again."""
    idea = _own_idea(idea_id)
    if idea.status != IdeaStatus.changes_requested:
        abort(404)
    form = ReviseForm(data={"what_happened": idea.what_happened, "what_should_change": idea.what_should_change})
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.revise(
                db.session, idea=idea, author_id=current_user.id, what_happened=form.what_happened.data or "",
                what_should_change=form.what_should_change.data or "", risk_answer=RiskAnswer(form.risk.data),
            )
        except IdeaError as error:
            db.session.rollback()
            field, message = MESSAGES.get(error.code, MESSAGES["empty"])
            form[field].errors = [*form[field].errors, message]
        else:
            return redirect(url_for("ideas.sent", idea_id=idea.id), code=303)
    last = queries.last_event(db.session, idea.id)
    return render("ideas/revise.html", idea=idea, form=form, last=last, reason_names=HIDE_REASON_NAMES, status=422 if form.errors else 200)
