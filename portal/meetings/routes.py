"""Routes for meetings: plan, change, cancel, say if you are coming, calendar file, attendance."""

from __future__ import annotations

import uuid
from datetime import UTC

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.db import utc_now
from portal.content.reading import translated
from portal.extensions import csrf, db, login_manager
from portal.groups import queries as group_queries
from portal.groups.access import can_facilitate, group_or_404, viewer_id
from portal.groups.models import Group, MemberStatus
from portal.meetings import bp, queries, services
from portal.meetings.forms import RUNG_NAMES, ConfirmForm, MeetingForm
from portal.meetings.models import Meeting, MeetingFormat, Reply
from portal.meetings.services import MeetingError, Present
from portal.web.htmx import render

MESSAGES = {
    "in_the_past": ("day", _l("Choose a date and time in the future")),
    "ends_before_start": ("ends", _l("The meeting must end after it starts")),
    "too_long": ("ends", _l("A meeting can last 12 hours at most")),
    "venue_needed": ("venue", _l("Enter where the meeting is")),
    "invalid": ("day", _l("Check the details and try again")),
    "cancelled": (None, _l("This meeting is cancelled.")),
    "full": (None, _l("Sorry, this meeting is full.")),
    "not_member": (None, _l("Only members of the group can do this.")),
    "already_started": (None, _l("This meeting has already started.")),
    "not_started": (None, _l("You can record who came once the meeting has started.")),
    "recorded_twice": (None, _l("Each person can only be recorded once.")),
}


def _meeting_or_404(meeting_id: uuid.UUID) -> tuple[Meeting, Group]:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting, group_or_404(meeting.group_id)


def _must_facilitate(group: Group) -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can_facilitate(group):
        abort(403)


def _form_error(form: MeetingForm, error: MeetingError) -> None:
    field, message = MESSAGES[error.code]
    form[field or "day"].errors = [*form[field or "day"].errors, message]


@bp.route("/groups/<uuid:group_id>/meetings/new", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def create(group_id: uuid.UUID) -> Response:
    """Plan a meeting of a group you facilitate."""
    group = group_or_404(group_id)
    _must_facilitate(group)
    form = MeetingForm(data={"format": MeetingFormat.in_person.value})
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            meeting = services.create_meeting(db.session, group=group, data=form.data_for_service(), actor_id=current_user.id)
        except MeetingError as error:
            db.session.rollback()
            _form_error(form, error)
        else:
            flash(_("The meeting has been planned. Members have been told."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id), code=303)
    return render("meetings/edit.html", form=form, group=group, heading=_("Plan a meeting"),
                  action=url_for("meetings.create", group_id=group.id), status=422 if form.errors else 200)


@bp.route("/meetings/<uuid:meeting_id>/edit", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def edit(meeting_id: uuid.UUID) -> Response:
    """Change a meeting; people coming are told at once."""
    meeting, group = _meeting_or_404(meeting_id)
    _must_facilitate(group)
    form = MeetingForm(data=MeetingForm.initial(meeting))
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.update_meeting(db.session, group=group, meeting=meeting, data=form.data_for_service(), actor_id=current_user.id)
        except MeetingError as error:
            db.session.rollback()
            _form_error(form, error)
        else:
            flash(_("The meeting has been changed. Everyone coming has been told."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id), code=303)
    return render("meetings/edit.html", form=form, group=group, heading=_("Change the meeting"),
                  action=url_for("meetings.edit", meeting_id=meeting.id), status=422 if form.errors else 200)


@bp.get("/meetings/<uuid:meeting_id>")
def show(meeting_id: uuid.UUID) -> Response:
    """When and where, access, support offered, and whether you are coming."""
    meeting, group = _meeting_or_404(meeting_id)
    membership = group_queries.membership(db.session, group.id, viewer_id())
    is_member = membership is not None and membership.status == MemberStatus.active
    return render(
        "meetings/show.html",
        meeting=meeting,
        rung_names=RUNG_NAMES,
        group=group,
        page_title=_("A meeting") if group.sensitive else _("Meeting: %(group)s", group=translated(group, "name").text),
        is_member=is_member,
        my_reply=queries.reply_of(db.session, meeting.id, viewer_id()),
        coming=services.yes_count(db.session, meeting.id),
        facilitating=can_facilitate(group),
        confirm=ConfirmForm(),
        replies=Reply,
        claimable=is_member
        and meeting.cancelled_at is None
        and meeting.starts_at <= utc_now()
        and (meeting.offers_travel or meeting.offers_care_cover or meeting.offers_payment),
    )


@bp.post("/meetings/<uuid:meeting_id>/reply")
def reply(meeting_id: uuid.UUID) -> Response:
    """Say whether you will come."""
    meeting, _group = _meeting_or_404(meeting_id)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    answer = request.form.get("answer", "")
    if not ConfirmForm().validate_on_submit() or answer not in Reply.__members__:
        abort(400)
    try:
        services.reply(db.session, meeting=meeting, account_id=current_user.id, answer=Reply(answer))
    except MeetingError as error:
        flash(str(MESSAGES[error.code][1]), "info")
    else:
        flash(_("Thank you. We will remind you the day before.") if answer == "yes" else _("Thank you for letting us know."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id), code=303)


@bp.post("/meetings/<uuid:meeting_id>/cancel")
def cancel(meeting_id: uuid.UUID) -> Response:
    """Call the meeting off; everyone coming is told at once."""
    meeting, group = _meeting_or_404(meeting_id)
    _must_facilitate(group)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.cancel_meeting(db.session, group=group, meeting=meeting, actor_id=current_user.id)
    flash(_("The meeting is cancelled. Everyone coming has been told."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id), code=303)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@bp.get("/meetings/<uuid:meeting_id>/calendar.ics")
def calendar(meeting_id: uuid.UUID) -> Response:
    """A calendar file for the meeting; a sensitive group's name and place are left out."""
    meeting, group = _meeting_or_404(meeting_id)
    stamp = "%Y%m%dT%H%M%SZ"
    summary = _("Meeting") if group.sensitive else _("Meeting: %(group)s", group=group.name)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//coproduction-portal//meetings//EN",
        "BEGIN:VEVENT",
        f"UID:{meeting.id}@coproduction-portal",
        f"DTSTAMP:{meeting.created_at.astimezone(UTC).strftime(stamp)}",
        f"DTSTART:{meeting.starts_at.astimezone(UTC).strftime(stamp)}",
        f"DTEND:{meeting.ends_at.astimezone(UTC).strftime(stamp)}",
        f"SUMMARY:{_ics_text(summary)}",
    ]
    if not group.sensitive and meeting.format == MeetingFormat.in_person:
        lines.append(f"LOCATION:{_ics_text(', '.join(part for part in (meeting.venue, meeting.address) if part))}")
    if meeting.cancelled_at:
        lines.append("STATUS:CANCELLED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    response = make_response("\r\n".join(lines) + "\r\n")
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@bp.route("/meetings/<uuid:meeting_id>/attendance", methods=["GET", "POST"])
def attendance(meeting_id: uuid.UUID) -> Response:
    """Record who came, the support each was given, and how many came without an account."""
    meeting, group = _meeting_or_404(meeting_id)
    _must_facilitate(group)
    members = queries.members_for_attendance(db.session, group.id)
    recorded = queries.attendance_of(db.session, meeting.id)
    error_message = None
    status = 200
    headcount_text = str(meeting.headcount_without_account)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        known = {str(account_id) for account_id, _name in members}
        present_ids = request.form.getlist("present")
        headcount_text = (request.form.get("headcount") or "0").strip()
        if not headcount_text.isdigit() or int(headcount_text) > 1000:
            error_message, status = _("Enter how many came without an account, as a number from 0 to 1000"), 422
        elif any(value not in known for value in present_ids):
            error_message, status = str(MESSAGES["not_member"][1]), 422
        else:
            present = [
                Present(
                    account_id=uuid.UUID(value),
                    had_interpreter=f"interpreter-{value}" in request.form,
                    had_travel=f"travel-{value}" in request.form,
                    had_care_cover=f"care-{value}" in request.form,
                    was_paid=f"paid-{value}" in request.form,
                )
                for value in present_ids
            ]
            try:
                services.record_attendance(db.session, meeting=meeting, present=present, headcount=int(headcount_text), actor_id=current_user.id)
            except MeetingError as error:
                db.session.rollback()
                error_message, status = str(MESSAGES[error.code][1]), 422
            else:
                flash(_("Attendance saved."), "success")
                return redirect(url_for("meetings.show", meeting_id=meeting.id), code=303)
        recorded = {
            uuid.UUID(value): {
                "had_interpreter": f"interpreter-{value}" in request.form,
                "had_travel": f"travel-{value}" in request.form,
                "had_care_cover": f"care-{value}" in request.form,
                "was_paid": f"paid-{value}" in request.form,
            }
            for value in request.form.getlist("present")
            if value in {str(account_id) for account_id, _name in members}
        }
    return render(
        "meetings/attendance.html",
        meeting=meeting,
        group=group,
        members=members,
        recorded=recorded,
        headcount=headcount_text,
        error_message=error_message,
        confirm=ConfirmForm(),
        status=status,
    )
