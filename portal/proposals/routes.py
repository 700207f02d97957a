"""Routes for proposals: make one from ideas, vote (HTMX updates the buttons and the tally in
place; without JavaScript the same form posts and redirects), check a secret-ballot receipt,
and enter a tally counted in the room."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.caseload import queries as caseload_queries
from portal.content.reading import preload
from portal.caseload.access import contributor
from portal.db import utc_now
from portal.extensions import csrf, db, login_manager
from portal.groups import queries as group_queries
from portal.groups.access import can_see, viewer_id
from portal.groups.forms import TOUCHPOINT_NAMES
from portal.groups.models import Group, Touchpoint
from portal.proposals import bp, queries, services
from portal.proposals.forms import SUPPORT_NAMES, ProposalForm, ReceiptForm, RoomTallyForm, VoteForm
from portal.proposals.models import Eligibility, Method, Proposal, Results
from portal.proposals.services import NewProposal, VoteError
from portal.web.htmx import render, wants_fragment
from portal.web.permissions import can
from portal.web.urls import page_number
from portal.web.page_cache import for_visitors

PER_PAGE = 20
MESSAGES = {
    "closes_before_opens": ("closes_day", _l("Voting must close after it opens")),
    "closes_in_past": ("closes_day", _l("Voting must close in the future")),
    "options": ("options", _l("Give from 2 to 12 options, one on each line")),
    "group_needed": ("group", _l("Choose the group whose members vote, or let everyone vote")),
    "ideas": ("ideas", _l("Choose published ideas from the list")),
}
VOTE_MESSAGES = {
    "not_open": _l("Voting has not opened yet."),
    "closed": _l("Voting has closed."),
    "not_eligible": _l("Only members of the group can vote on this."),
    "unknown_choice": _l("Choose one of the answers shown."),
    "already_voted": _l("You have already cast your secret ballot. It cannot be changed."),
    "comment_too_long": _l("Use 1000 characters or fewer"),
    "secret": _l("Choose one of the answers shown."),
    "not_secret": _l("Choose one of the answers shown."),
    "not_yours": _l("You can only vote for people you support."),
    "no_consent": _l("This person has not agreed to you acting for them. They can agree in person with you."),
    "not_asked": _l("Only vote for someone when they ask you to and choose the answer themselves."),
    "confirm_no_double_count": _l("Confirm that nobody counted here also voted online"),
    "more_votes_than_people": _l("There are more votes than people in the room. Check the counts."),
}


def _visible(proposal_id: uuid.UUID) -> Proposal:
    """The proposal, if the reader may see its group (both read in one statement)."""
    found = db.session.execute(
        sa.select(Proposal, Group).outerjoin(Group, Group.id == Proposal.group_id).where(Proposal.id == proposal_id)
    ).first()
    if found is None:
        abort(404)
    proposal, group = found
    if group is not None and not can_see(group):
        abort(404)
    return proposal


def _runs(proposal: Proposal) -> bool:
    """Staff, or a facilitator of the proposal's group."""
    if can("proposals.manage"):
        return True
    return bool(
        proposal.group_id and current_user.is_authenticated and current_user.fully_signed_in
        and group_queries.is_facilitator(db.session, proposal.group_id, current_user.id)
    )


def _answers(proposal: Proposal) -> list[tuple[str, str]]:
    if proposal.method == Method.support:
        return [(key, str(name)) for key, name in SUPPORT_NAMES.items()]
    return [(str(option.id), option.label) for option in queries.options(db.session, proposal.id)]


@bp.get("/proposals")
@for_visitors
def list_proposals() -> Response:
    """Proposals, open and closed."""
    page = page_number()
    rows, has_next = queries.listing(db.session, viewer_id=viewer_id(), staff=can("groups.manage"), page=page, per_page=PER_PAGE)
    preload(proposal for proposal, _name in rows)
    return render("proposals/list.html", rows=rows, page=page, has_next=has_next, now=utc_now(), may_create=_may_create())


def _may_create() -> bool:
    if can("proposals.manage"):
        return True
    return bool(current_user.is_authenticated and can("groups.join") and group_queries.facilitated_groups(db.session, current_user.id))


@bp.route("/proposals/new", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def create() -> Response:
    """Make a proposal from ideas, with a voting window and a way to answer."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not _may_create():
        abort(403)
    staff = can("proposals.manage")
    groups = queries.all_groups(db.session) if staff else group_queries.facilitated_groups(db.session, current_user.id)
    form = ProposalForm(data={"ideas": request.args.getlist("idea")})
    form.group.choices = ([("", _("Not about one group"))] if staff else []) + [(str(group_id), name) for group_id, name in groups]
    recent = queries.published_ideas(db.session, None if staff else [group_id for group_id, _name in groups])
    form.ideas.choices = [(str(idea.id), (idea.what_happened or idea.what_should_change)[:120]) for idea in recent]
    if form.validate_on_submit():
        data = NewProposal(
            title=form.title.data, summary=form.summary.data, detail=form.detail.data or "", easy_read=form.easy_read.data or "",
            group_id=uuid.UUID(form.group.data) if form.group.data else None, touchpoint=Touchpoint(form.touchpoint.data),
            method=Method(form.method.data), options=(form.options.data or "").splitlines(), eligibility=Eligibility(form.eligibility.data),
            secret=form.secret.data, results=Results(form.results.data),
            opens_at=form.moment(form.opens_day.data, form.opens_time.data), closes_at=form.moment(form.closes_day.data, form.closes_time.data),
            idea_ids=[uuid.UUID(value) for value in form.ideas.data or []],
        )
        try:
            form.spend_token(db.session)
            proposal = services.create_proposal(db.session, data=data, actor_id=current_user.id)
        except VoteError as error:
            db.session.rollback()
            field, message = MESSAGES[error.code]
            form[field].errors = [*form[field].errors, message]
        else:
            flash(_("Proposal published. The authors of its ideas have a message about it."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id), code=303)
    return render("proposals/new.html", form=form, status=422 if form.errors else 200)


def _panel_context(proposal: Proposal, form: VoteForm | None = None, receipt: str | None = None) -> dict:
    now = utc_now()
    person = contributor() if current_user.is_authenticated else None
    helping = bool(person and person.id != current_user.id)
    form = form or VoteForm()
    form.choice.choices = _answers(proposal)
    mine = queries.my_vote(db.session, proposal, person.id if person else None)
    if mine and mine != "secret" and not form.choice.data:
        form.choice.data = mine
    if not helping:
        del form.person_asked
    shows_results = proposal.results == Results.live or now >= proposal.closes_at
    return {
        "proposal": proposal,
        "form": form,
        "mine": mine,
        "helping": helping,
        "person": person,
        "open": queries.is_open(proposal, now),
        "eligible": bool(person and can("proposals.vote") and services.may_vote(db.session, proposal, person.id)),
        "result": queries.results(db.session, proposal) if shows_results else None,
        "answer_names": dict(_answers(proposal)),
        "receipt": receipt,
        "now": now,
    }


def _page(proposal: Proposal, *, form: VoteForm | None = None, receipt: str | None = None, status: int = 200) -> Response:
    """The proposal page, or (for an htmx vote) just its voting panel."""
    if wants_fragment():  # An htmx vote swaps the panel alone: the rest of the page (every linked idea) is not read.
        return render("proposals/show.html", fragment="proposals/_vote.html", status=status, **_panel_context(proposal, form, receipt))
    group = db.session.get(Group, proposal.group_id) if proposal.group_id else None
    return render(
        "proposals/show.html",
        fragment="proposals/_vote.html",
        status=status,
        **_panel_context(proposal, form, receipt),
        group_name=None if group is None or group.sensitive else group.name,
        sensitive=bool(group and group.sensitive),
        ideas=queries.ideas_of(db.session, proposal.id),
        runs=_runs(proposal),
        receipt_form=ReceiptForm(),
        touchpoint_names=TOUCHPOINT_NAMES,
        helped=_people_to_help(proposal),
    )


def _people_to_help(proposal: Proposal) -> list[tuple[uuid.UUID, str]]:
    """People a connector supports, who agreed to it, and who may vote on this proposal."""
    if not can("accounts.assist") or not queries.is_open(proposal, utc_now()):
        return []
    people = caseload_queries.consenting_people(db.session, connector_id=current_user.id)
    eligible = queries.eligible_among(db.session, proposal, [person_id for person_id, _name in people])
    return [(person_id, name) for person_id, name in people if person_id in eligible]


@bp.get("/proposals/<uuid:proposal_id>")
@for_visitors(shows_votes=True)
def show(proposal_id: uuid.UUID) -> Response:
    """A proposal, the ideas it came from, voting, and the results."""
    return _page(_visible(proposal_id))


@bp.post("/proposals/<uuid:proposal_id>/vote")
def vote(proposal_id: uuid.UUID) -> Response:
    """Vote, or change an open vote; a secret ballot is final and gives a receipt."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    proposal = _visible(proposal_id)
    if not can("proposals.vote"):
        abort(403)
    person = contributor()
    helping = person.id != current_user.id
    form = VoteForm()
    form.choice.choices = _answers(proposal)
    receipt = None
    status = 200
    if form.validate_on_submit():
        asked = bool(helping and form.person_asked.data)
        try:
            if proposal.secret:
                receipt = services.cast_secret_ballot(
                    db.session, proposal=proposal, account_id=person.id, choice=form.choice.data,
                    connector_id=current_user.id if helping else None, person_asked=asked,
                )
            else:
                services.vote(
                    db.session, proposal=proposal, account_id=person.id, choice=form.choice.data, comment=form.comment.data or "",
                    connector_id=current_user.id if helping else None, person_asked=asked,
                )
        except VoteError as error:
            db.session.rollback()
            form.choice.errors = [*form.choice.errors, VOTE_MESSAGES[error.code]]
            status = 409 if error.code == "already_voted" else 422
    else:
        status = 400 if form.csrf_token.errors else 422
    if not form.errors and not wants_fragment():
        if receipt:
            flash(_("Your secret ballot is counted. Your receipt code is %(code)s. Keep it to check your ballot was counted.", code=receipt), "success")
        else:
            flash(_("Your vote is saved. You can change it until voting closes."), "success")
        return redirect(url_for("proposals.show", proposal_id=proposal.id, **({"for": person.id} if helping else {})), code=303)
    return _page(proposal, form=form, receipt=receipt, status=status)


@bp.post("/proposals/<uuid:proposal_id>/receipt")
def check_receipt(proposal_id: uuid.UUID) -> Response:
    """Check that a secret ballot with this receipt code was counted."""
    proposal = _visible(proposal_id)
    form = ReceiptForm()
    if not form.validate_on_submit():
        abort(400)
    if services.receipt_counted(db.session, proposal=proposal, code=form.code.data):
        flash(_("That ballot is counted."), "success")
    else:
        flash(_("No ballot with that receipt code is counted for this proposal. Check the code."), "error")
    return redirect(url_for("proposals.show", proposal_id=proposal.id), code=303)


@bp.route("/proposals/<uuid:proposal_id>/room", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def room(proposal_id: uuid.UUID) -> Response:
    """Enter the counts from a meeting, for people who voted in the room."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    proposal = _visible(proposal_id)
    if not _runs(proposal):
        abort(403)
    form = RoomTallyForm()
    answers = _answers(proposal)
    meetings = queries.held_meetings(db.session, proposal.group_id, utc_now())
    typed = {key: request.form.get(f"count-{key}", "") for key, _label in answers}
    count_error = None
    if form.validate_on_submit():
        try:
            counts = {key: int(value.strip() or 0) for key, value in typed.items()}
        except ValueError:
            count_error = _("Enter a whole number for each answer, like 4")
        else:
            meeting_id = request.form.get("meeting") or None
            try:
                form.spend_token(db.session)
                services.record_room_tally(
                    db.session, proposal=proposal, counts=counts, headcount=form.headcount.data,
                    meeting_id=uuid.UUID(meeting_id) if meeting_id and meeting_id in {str(m.id) for m in meetings} else None,
                    actor_id=current_user.id, no_double_count=form.no_double_count.data,
                )
            except VoteError as error:
                db.session.rollback()
                count_error = str(VOTE_MESSAGES[error.code])
            else:
                flash(_("The room's votes are added to the totals."), "success")
                return redirect(url_for("proposals.show", proposal_id=proposal.id), code=303)
    if count_error:
        form.headcount.errors = [*form.headcount.errors, count_error]
    return render("proposals/room.html", proposal=proposal, form=form, answers=answers, typed=typed, meetings=meetings, status=422 if form.errors else 200)
