"""Routes for groups: the list, a group's page, what to expect, joining and leaving, and
the staff pages to set groups up."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.accounts import names
from portal.content.reading import easy_read_mode, preload, translated
from portal.extensions import csrf, db, login_manager
from portal.groups import bp, queries, services
from portal.groups.access import can_facilitate, group_or_404, viewer_id
from portal.groups.forms import JOIN_POLICY_NAMES, TOUCHPOINT_NAMES, AdjustmentForm, ConfirmForm, FacilitatorForm, GroupForm, InvitationCodeForm
from portal.groups.models import Group, JoinPolicy, MemberStatus
from portal.groups.services import GroupError
from portal.ideas.queries import recent_for_group as recent_ideas
from portal.meetings.queries import upcoming as upcoming_meetings
from portal.web.htmx import render
from portal.web.permissions import can, requires
from portal.web.urls import page_number
from portal.web.page_cache import for_visitors

PER_PAGE = 20
MESSAGES = {
    "invitation_only": _l("This group is by invitation. Ask a community connector to invite you."),
    "last_facilitator": _l("You are the only facilitator. Ask a member of staff to add another facilitator before you leave."),
    "no_request": _l("That request has already been answered."),
    "unknown_code": _l("That invitation code is not right. Check it with the person who gave it to you."),
    "used_code": _l("That invitation code has already been used. Ask for a new one."),
    "expired_code": _l("That invitation code has run out. Ask for a new one."),
}


def _title(group: Group) -> str:
    """A sensitive group's name never goes in the page title (tabs, history, screen sharing)."""
    return _("A group") if group.sensitive else translated(group, "name").text


@bp.get("/groups")
@for_visitors
def list_groups() -> Response:
    """Every group you can see, with what it works on and how to join."""
    page = page_number()
    rows, has_next = queries.visible_groups(
        db.session, viewer_id=viewer_id(), staff=can("groups.manage"), page=page, per_page=PER_PAGE
    )
    preload(group for group, _count in rows)
    return render(
        "groups/list.html",
        rows=rows,
        page=page,
        has_next=has_next,
        touchpoint_names=TOUCHPOINT_NAMES,
        join_policy_names=JOIN_POLICY_NAMES,
        may_create=can("groups.manage"),
    )


def _changes_of(group_id: uuid.UUID) -> dict:
    """The changes this group led to (changes build on groups, so they are read here lazily)."""
    from portal.changes.forms import STATUS_NAMES
    from portal.changes.queries import for_group

    changes = for_group(db.session, group_id)
    preload(changes)
    return {"changes": changes, "change_status_names": STATUS_NAMES}


@bp.get("/groups/<uuid:group_id>")
@for_visitors
def show(group_id: uuid.UUID) -> Response:
    """A group's purpose, how to join, its members and what it has changed."""
    group = group_or_404(group_id)
    mine = queries.membership(db.session, group.id, viewer_id())
    facilitating = can_facilitate(group)
    members, listed_count = queries.listed_members(db.session, group.id, to_member=bool(mine and mine.status == MemberStatus.active))
    return render(
        "groups/show.html",
        group=group,
        page_title=_title(group),
        membership=mine,
        members=members,
        listed_count=listed_count,
        member_count=queries.member_count(db.session, group.id),
        requests=queries.requests(db.session, group.id) if facilitating else [],
        meetings=upcoming_meetings(db.session, group.id),
        ideas=recent_ideas(db.session, group.id),
        **_changes_of(group.id),
        facilitating=facilitating,
        may_join=can("groups.join"),
        touchpoint_names=TOUCHPOINT_NAMES,
        join_policy_names=JOIN_POLICY_NAMES,
        confirm=ConfirmForm(),
        statuses=MemberStatus,
        policies=JoinPolicy,
    )


@bp.route("/groups/<uuid:group_id>/what-to-expect", methods=["GET", "POST"])
@csrf.exempt  # The adjustment form checks its own token so an expired one keeps what was typed.
def what_to_expect(group_id: uuid.UUID) -> Response:
    """The first-contact standard, and a form to ask for an adjustment that reaches the facilitators."""
    group = group_or_404(group_id)
    form = AdjustmentForm()
    if request.method == "POST":
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        if form.validate_on_submit():
            form.spend_token(db.session)
            services.request_adjustment(db.session, group=group, account_id=current_user.id, text=form.text.data)
            flash(_("Thank you. The people who run the group have your request and will reply in your messages."), "success")
            return redirect(url_for("groups.what_to_expect", group_id=group.id), code=303)
    easy_read = request.args.get("version") == "easy-read" or (easy_read_mode() and request.args.get("version") != "standard")
    return render(
        "groups/what_to_expect.html",
        group=group,
        page_title=_title(group),
        easy_read=easy_read and bool(group.easy_read),
        form=form,
        status=422 if form.errors else 200,
    )


@bp.route("/groups/<uuid:group_id>/adjustments", methods=["GET", "POST"])
def adjustments(group_id: uuid.UUID) -> Response:
    """Facilitators read adjustment requests and mark them done."""
    group = group_or_404(group_id)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can_facilitate(group):
        abort(403)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        try:
            services.mark_adjustment_handled(db.session, group=group, request_id=uuid.UUID(request.form.get("request", "")), actor_id=current_user.id)
        except (ValueError, GroupError):
            abort(404)
        return redirect(url_for("groups.adjustments", group_id=group.id), code=303)
    return render("groups/adjustments.html", group=group, page_title=_title(group), rows=queries.adjustment_requests(db.session, group.id), confirm=ConfirmForm())


@bp.post("/groups/<uuid:group_id>/join")
@requires("groups.join")
def join(group_id: uuid.UUID) -> Response:
    """Join an open group, or ask to join."""
    group = group_or_404(group_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        status = services.join(db.session, group=group, account_id=current_user.id)
    except GroupError as error:
        flash(str(MESSAGES[error.code]), "info")
    else:
        flash(_("You have joined this group.") if status == MemberStatus.active else _("You have asked to join. A facilitator will reply."), "success")
    return redirect(url_for("groups.show", group_id=group.id), code=303)


@bp.post("/groups/<uuid:group_id>/leave")
@requires("groups.join")
def leave(group_id: uuid.UUID) -> Response:
    """Leave a group, or take back a request to join."""
    group = group_or_404(group_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    mine = queries.membership(db.session, group.id, current_user.id)
    was_member = mine is not None and mine.status == MemberStatus.active
    try:
        services.leave(db.session, group=group, account_id=current_user.id)
    except GroupError as error:
        flash(str(MESSAGES[error.code]), "info")
    else:
        flash(_("You are no longer in this group.") if was_member else _("You have taken back your request to join."), "success")
    return redirect(url_for("groups.show", group_id=group.id), code=303)


@bp.post("/groups/<uuid:group_id>/requests/<uuid:account_id>")
def decide(group_id: uuid.UUID, account_id: uuid.UUID) -> Response:
    """A facilitator says yes or no to a request to join."""
    group = group_or_404(group_id)
    if not current_user.is_authenticated:
        abort(403)
    if not can_facilitate(group):
        abort(403)
    if not ConfirmForm().validate_on_submit() or request.form.get("decision") not in {"approve", "decline"}:
        abort(400)
    try:
        services.decide_request(db.session, group=group, account_id=account_id, approve=request.form["decision"] == "approve", actor_id=current_user.id)
    except GroupError as error:
        flash(str(MESSAGES[error.code]), "info")
    return redirect(url_for("groups.show", group_id=group.id), code=303)


def _group_form_page(form: GroupForm, *, heading: str, action: str, status: int | None = None) -> Response:
    return render("groups/edit.html", form=form, heading=heading, action=action, status=status or (422 if form.errors else 200))


@bp.route("/groups/new", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("groups.manage")
def create() -> Response:
    """Set up a new group; you become its first facilitator."""
    form = GroupForm(data={"join_policy": JoinPolicy.request.value})
    if form.validate_on_submit():
        form.spend_token(db.session)
        group = services.create_group(db.session, data=form.data_for_service(), actor_id=current_user.id)
        flash(_("The group has been set up."), "success")
        return redirect(url_for("groups.show", group_id=group.id), code=303)
    return _group_form_page(form, heading=_("Set up a group"), action=url_for("groups.create"))


@bp.route("/groups/<uuid:group_id>/edit", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("groups.manage")
def edit(group_id: uuid.UUID) -> Response:
    """Change what a group says about itself."""
    group = group_or_404(group_id)
    form = GroupForm(data={**group.model_dump(), "languages": ", ".join(group.languages), "join_policy": group.join_policy.value})
    if form.validate_on_submit():
        form.spend_token(db.session)
        services.update_group(db.session, group=group, data=form.data_for_service(), actor_id=current_user.id)
        flash(_("The group has been changed."), "success")
        return redirect(url_for("groups.show", group_id=group.id), code=303)
    return _group_form_page(form, heading=_("Change the group"), action=url_for("groups.edit", group_id=group.id))


@bp.route("/groups/<uuid:group_id>/facilitators", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("groups.manage")
def add_facilitator(group_id: uuid.UUID) -> Response:
    """Add a staff member or community connector as a facilitator."""
    group = group_or_404(group_id)
    form = FacilitatorForm()
    if form.validate_on_submit():
        found = queries.staff_and_connectors_by_name(db.session, names.key(names.normalise(form.pseudonym.data)))
        if found is None:
            form.pseudonym.errors = [*form.pseudonym.errors, _("No staff member or community connector has that name")]
        else:
            form.spend_token(db.session)
            services.set_facilitator(db.session, group=group, account_id=found.id, actor_id=current_user.id)
            flash(_("%(name)s now facilitates this group.", name=found.pseudonym), "success")
            return redirect(url_for("groups.show", group_id=group.id), code=303)
    return render(
        "accounts/form_page.html",
        form=form,
        heading=_("Add a facilitator"),
        intro=[_("Facilitators run the group’s meetings and say yes or no to requests to join.")],
        submit=_("Add facilitator"),
        hints={},
        action=url_for("groups.add_facilitator", group_id=group.id),
        status=422 if form.errors else 200,
    )


@bp.post("/groups/<uuid:group_id>/invitations")
def invite(group_id: uuid.UUID) -> Response:
    """A facilitator makes a single-use invitation code to hand to someone."""
    group = group_or_404(group_id)
    if not current_user.is_authenticated or not can_facilitate(group):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    code = services.invite(db.session, group=group, actor_id=current_user.id)
    return render("groups/invitation.html", group=group, page_title=_title(group), code=code, days=services.INVITATION_DAYS)


@bp.route("/groups/join-with-code", methods=["GET", "POST"])
@requires("groups.join")
def join_with_code() -> Response:
    """Join a group with an invitation code someone gave you."""
    form = InvitationCodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    status = None
    if form.validate_on_submit():
        try:
            group = services.join_with_code(db.session, code=form.code.data, account_id=current_user.id)
        except GroupError as error:
            form.code.errors = [*form.code.errors, MESSAGES[error.code]]
            status = 422
        else:
            flash(_("You have joined this group."), "success")
            return redirect(url_for("groups.show", group_id=group.id), code=303)
    return render(
        "accounts/form_page.html",
        form=form,
        heading=_("Join with an invitation code"),
        intro=[_("Someone who runs a group can give you a code to join it.")],
        submit=_("Join"),
        hints={"code": _("For example, ABCD-EFGH")},
        action=url_for("groups.join_with_code"),
        status=status or (422 if form.errors else 200),
    )
